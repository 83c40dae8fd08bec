/* vblkdirect.srv: the bench program that drives a virtio disk on
 * virtio-blk's own engine with no IPC per request (vblkdirect.h). init
 * grants it a disk as it would the driver; the argument picks the mode. */
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>

#include "vblkdirect.h"

/* Direct runs of up to BLK_DIRECT_SPAN_MAX, or eight 64 KiB verify
 * buffers, beside the rings and the request page, with room. */
#define DMA_BYTES (2u * 1024u * 1024u)
_Static_assert(DMA_BYTES >= BLK_DIRECT_SPAN_MAX + 512u * 1024u, "a run's buffers fit beside the rest");

MICA_SERVER_MANIFEST(.name = "vblkdirect", .version = MICA_VERSION(0, 1, 0),
                     .schemes = { "direct.vblk" }, .compatible = "virtio,mmio",
                     .virtio_device_id = VIRTIO_ID_BLOCK, .irq_count = 1,
                     .mmio_region_count = 1, .dma_bytes = DMA_BYTES, .stack_bytes = 16384,
                     .priority = 100, .entry = "vblkdirect_main",
                     /* A reset (Status 0) ends all DMA, even of a run that faulted. */
                     .quiesce = MICA_QUIESCE_WRITE_ZERO(VMMIO_STATUS));

/* The argument: bits 40..55 a cap on each data descriptor in sectors (0:
 * none; forces transfers to split as a small SIZE_MAX would), bits 32..39
 * the mode, bits 0..31 its parameter. */
#define ARG_SEGMENT_CAP(arg) (((arg) >> 40) & 0xffffu)
#define ARG_MODE(arg) (((arg) >> 32) & 0xffu)
#define ARG_PARAM(arg) ((arg) & 0xffffffffu)
#define MODE_VERIFY 1u /* parameter: the verify pattern's seed */
#define MODE_RUNS 2u   /* parameter: the unit n of the name direct.vblk<n> */

int vblkdirect_main(uintptr_t arg);

static struct vblk_dev dev;

static int runs(unsigned unit)
{
    char name[MICA_SCHEME_NAME_MAX];
    snprintf(name, sizeof name, "direct.vblk%u", unit);
    long reg = ipc_scheme_register(name);
    if (reg < 0) {
        ipc_log_error("cannot register %s: %s", name, mica_errno_name((int)reg));
        return 1;
    }
    ipc_log_info("direct runs as %s", name);
    mica_server_ready();
    int r = direct_serve(&dev, MICA_SERVER_SLOT_ENDPOINT);
    ipc_log_error("%s: receive failed: %s", name, mica_errno_name(r));
    return 1;
}

int vblkdirect_main(uintptr_t arg)
{
    if (vblk_bring_up(&dev, DMA_BYTES, (uint64_t)ARG_SEGMENT_CAP(arg) * VBLK_SECTOR_SIZE) < 0)
        return 1;
    if (ARG_MODE(arg) == MODE_VERIFY)
        return direct_verify(&dev, ARG_PARAM(arg));
    if (ARG_MODE(arg) == MODE_RUNS)
        return runs((unsigned)ARG_PARAM(arg));
    ipc_log_error("mode %llu: unknown (1 verify, 2 direct runs)", (unsigned long long)ARG_MODE(arg));
    return 1;
}
