/* sdhci: the SD-card driver server. init grants it one SD host controller
 * (its registers, its line, a DMA quota); it identifies the card, sets it
 * up and serves it as disk.sd<n> (n: the argument's bits 0..31) on the
 * block-server framework. servers/sdhci/README.md tells the whole story. */
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/irq_notification.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>

#include "serve.h"

/* The ADMA2 table (one page), then the bounce buffer; the quota has room
 * for what the frame object itself costs. */
#define TABLE_BYTES 4096u
#define DMA_BYTES (TABLE_BYTES + SDHCI_MAX_TRANSFER)
#define DMA_QUOTA_BYTES (2u * DMA_BYTES)
#define DMA_LIMIT (1ull << 32) /* 32-bit ADMA2 and SDMA addresses */
#define IDENT_CLOCK_HZ 400000u

MICA_SERVER_MANIFEST(.name = "sdhci", .version = MICA_VERSION(0, 1, 0), .schemes = { "disk.sd" },
                     .compatible = "cdns,sd4hc\0eswin,emmc-sdhci-5.1\0eswin,sd-sdhci",
                     .irq_count = 1, .mmio_region_count = 1, .dma_bytes = DMA_QUOTA_BYTES,
                     .stack_bytes = 16384, .priority = 100, .entry = "sdhci_main",
                     /* Host Control 1 and Power Control (the Cadence layout's
                      * +0x200 + 0x28) to 0: the card loses bus power, so no
                      * transfer goes on into pages that are about to go. */
                     .quiesce = MICA_QUIESCE_WRITE_ZERO(0x228));

/* Match data: where the SDHCI registers sit in the granted window, and
 * whether the controller's DMA snoops the caches. */
struct sdhci_match {
    const char *compatible;
    uint32_t offset;
    bool noncoherent;
};

static const struct sdhci_match matches[] = {
    /* Cadence SD4HC (PolarFire SoC): its own HRS registers first. */
    { "cdns,sd4hc", 0x200, false },
    /* Synopsys DWC MSHC on the ESWIN EIC7700X (HiFive Premier P550). */
    { "eswin,emmc-sdhci-5.1", 0, true },
    { "eswin,sd-sdhci", 0, true },
};

int sdhci_main(uintptr_t arg);

static struct sdhci_host host;
static struct sdhci_server server;

static const struct sdhci_match *find_match(const char *device)
{
    for (unsigned i = 0; i < sizeof matches / sizeof matches[0]; i++)
        if (strcmp(matches[i].compatible, device) == 0)
            return &matches[i];
    return 0;
}

static const char *check_grants(const struct mica_server_info *i, const struct sdhci_match *m)
{
    if (i->magic != MICA_SERVER_INFO_MAGIC || i->version != MICA_SERVER_INFO_VERSION)
        return "no server info page";
    if (!i->mmio_vaddr || !i->irq_line)
        return "registers or interrupt not granted";
    if (!m)
        return "no match data for the granted device";
    if (i->device_size < m->offset + 0x100u)
        return "register window smaller than the SDHCI registers";
    if (i->dma_bytes < DMA_QUOTA_BYTES)
        return "DMA quota smaller than the manifest asks for";
    if (m->noncoherent && !host.ccache_flush64)
        return "non-coherent DMA and no cache controller to flush through";
    return 0;
}

static int dma_setup(struct sdhci_host *h)
{
    const char *what;
    long r = dma_alloc(&h->dma, DMA_BYTES, &what);
    if (r < 0) {
        ipc_log_error("%s: %s", what, mica_errno_name((int)r));
        return (int)r;
    }
    if (h->dma.phys + h->dma.bytes > DMA_LIMIT) {
        ipc_log_error("DMA memory at 0x%llx lies above 4 GiB, which the controller cannot reach",
                      (unsigned long long)h->dma.phys);
        return -MICA_ERANGE;
    }
    h->table_phys = h->dma.phys;
    h->bounce_phys = h->dma.phys + TABLE_BYTES;
    h->bounce = h->dma.va + TABLE_BYTES;
    return 0;
}

/* Controller reset, card present, bus power, the identification clock, all
 * status bits on and no signals (bring-up polls). */
static int controller_setup(struct sdhci_host *h)
{
    int r = sdhci_reset(h, RESET_ALL);
    if (r < 0)
        return r;
    if (!(sdhci_read32(h, SDHCI_PRESENT_STATE) & PRESENT_CARD_INSERTED)) {
        ipc_log_error("no card in the slot");
        return -MICA_ENODEV;
    }
    uint32_t caps = sdhci_read32(h, SDHCI_CAPABILITIES);
    h->base_clock_hz = ((caps >> 8) & 0xffu) * 1000000u;
    if (!h->base_clock_hz) {
        ipc_log_error("the controller reports no base clock (capabilities 0x%x)", caps);
        return -MICA_ENODEV;
    }
    if (!(caps & (1u << 19))) {
        ipc_log_error("the controller has no ADMA2 (capabilities 0x%x)", caps);
        return -MICA_ENOTSUP;
    }
    sdhci_write8(h, SDHCI_POWER_CONTROL, POWER_ON_3V3);
    sdhci_write8(h, SDHCI_HOST_CONTROL, HOST_ADMA2_32);
    sdhci_write8(h, SDHCI_TIMEOUT_CONTROL, 0x0e);
    sdhci_write32(h, SDHCI_INT_ENABLE, 0xffffffffu & ~(INT_CARD_INSERT | INT_CARD_REMOVE));
    sdhci_write32(h, SDHCI_SIGNAL_ENABLE, 0);
    return sdhci_set_clock(h, IDENT_CLOCK_HZ);
}

int sdhci_main(uintptr_t arg)
{
    const struct mica_server_info *info = mica_server_info();
    const struct sdhci_match *m = find_match(info->device);
    const char *bad = check_grants(info, m);
    if (bad) {
        ipc_log_error("%s", bad);
        return 1;
    }
    host.regs = (volatile uint8_t *)(uintptr_t)(info->mmio_vaddr + m->offset);
    host.noncoherent = m->noncoherent;
    /* The framework's interrupt bit, on the notification it also rings
     * doorbells on. */
    long ntfn = ipc_irq_notification(MICA_SERVER_SLOT_IRQ, BLK_SERVER_IRQ_BADGE);
    if (ntfn < 0) {
        ipc_log_error("binding the interrupt: %s", mica_errno_name((int)ntfn));
        return 1;
    }
    if (dma_setup(&host) < 0 || controller_setup(&host) < 0 || sdhci_card_init(&host) < 0)
        return 1;
    unsigned unit = (unsigned)(arg & 0xffffffffu);
    snprintf(server.name, sizeof server.name, "sd%u", unit);
    char scheme[MICA_SCHEME_NAME_MAX];
    snprintf(scheme, sizeof scheme, "disk.%s", server.name);
    ipc_log_info("%s at 0x%llx (registers +0x%x) irq %u: %s card, %llu blocks of 512, RCA 0x%x, "
                 "4-bit bus, %s", m->compatible, (unsigned long long)info->device_phys, m->offset,
                 info->irq_line, host.block_addressed ? "SDHC/SDXC" : "SDSC",
                 (unsigned long long)host.blocks, host.rca,
                 host.high_speed ? "high speed (50 MHz)" : "default speed (25 MHz)");
    if (ipc_scheme_register_or_say(scheme, ipc_log_error) < 0)
        return 1;
    long facts = ipc_scheme_block_facts(scheme, host.blocks * SD_BLOCK, SD_BLOCK, false);
    if (facts < 0)
        ipc_log_warn("init refused the block facts of %s: %s", scheme, mica_errno_name((int)facts));
    ipc_log_info("serving %s", scheme);
    mica_server_ready();
    int r = sdhci_serve(&server, &host, ntfn, MICA_SERVER_SLOT_ENDPOINT,
                        (struct mica_ipc_buffer *)MICA_PROC_IPC_BUFFER_VADDR);
    ipc_log_error("%s: serving stopped: %s", scheme, mica_errno_name(r));
    return 1;
}
