/* SD card identification and set-up (SD Physical Layer Simplified
 * Specification): CMD0, CMD8, ACMD41 until the card is ready, CMD2 (CID),
 * CMD3 (its address), CMD9 (CSD: capacity), CMD7 (select), ACMD6 (4-bit
 * bus), and CMD6 high speed when the card offers it. */
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/timebase.h>

#include "sdhci.h"

#define OCR_READY (1u << 31)
#define OCR_CCS (1u << 30)
#define OCR_HCS (1u << 30)
#define OCR_VOLTAGES 0x00ff8000u /* 2.7-3.6 V */
#define CMD8_CHECK 0x1aau        /* 2.7-3.6 V, check pattern 0xaa */
#define ACMD41_WAIT_MS 1000u
#define SWITCH_CHECK_HS 0x00fffff1u
#define SWITCH_SET_HS 0x80fffff1u

static int app_command(struct sdhci_host *h, unsigned index, uint16_t cmd, uint32_t arg, uint32_t resp[4])
{
    int r = sdhci_command(h, 55, CMD(55, RESP_48), h->rca << 16, 0);
    return r < 0 ? r : sdhci_command(h, index, cmd, arg, resp);
}

/* Bits hi..lo of a 136-bit response whose CRC byte the controller dropped. */
static uint32_t resp_bits(const uint32_t r[4], unsigned hi, unsigned lo)
{
    uint32_t v = 0;
    for (unsigned b = hi + 1; b-- > lo;)
        v = v << 1 | ((r[(b - 8) / 32] >> ((b - 8) % 32)) & 1u);
    return v;
}

static int read_capacity(struct sdhci_host *h, const uint32_t csd[4])
{
    unsigned structure = resp_bits(csd, 127, 126);
    if (structure == 0) {
        uint64_t c_size = resp_bits(csd, 73, 62), mult = resp_bits(csd, 49, 47);
        uint64_t bl_len = resp_bits(csd, 83, 80);
        h->blocks = ((c_size + 1) << (mult + 2) << bl_len) / SD_BLOCK;
    } else if (structure == 1) {
        h->blocks = ((uint64_t)resp_bits(csd, 69, 48) + 1) * 1024u;
    } else {
        ipc_log_error("CSD structure %u: unknown", structure);
        return -MICA_ENOTSUP;
    }
    return h->blocks ? 0 : -MICA_EIO;
}

static int wait_ready(struct sdhci_host *h, bool v2)
{
    uint32_t resp[4];
    uint64_t end = arch_rdtime() + timebase_ticks_ms(ACMD41_WAIT_MS);
    for (;;) {
        int r = app_command(h, 41, CMD(41, RESP_48_NOCRC), (v2 ? OCR_HCS : 0u) | OCR_VOLTAGES, resp);
        if (r < 0)
            return r;
        if (resp[0] & OCR_READY) {
            h->block_addressed = (resp[0] & OCR_CCS) != 0;
            return 0;
        }
        if (arch_rdtime() > end) {
            ipc_log_error("ACMD41: the card never became ready (OCR 0x%x)", resp[0]);
            return -MICA_ETIMEDOUT;
        }
    }
}

/* CMD6: switch to high speed when function group 1 offers it. */
static int try_high_speed(struct sdhci_host *h)
{
    int r = sdhci_start_data(h, 6, SWITCH_CHECK_HS, true, 1, 64);
    if (r == 0)
        r = sdhci_wait_data(h, "CMD6 check");
    if (r < 0)
        return r;
    sdhci_dma_from_device(h, 64);
    if (!(h->bounce[13] & 0x02u))
        return 0;
    r = sdhci_start_data(h, 6, SWITCH_SET_HS, true, 1, 64);
    if (r == 0)
        r = sdhci_wait_data(h, "CMD6 switch");
    if (r < 0)
        return r;
    sdhci_dma_from_device(h, 64);
    if ((h->bounce[16] & 0x0fu) != 1u)
        return 0;
    sdhci_write8(h, SDHCI_HOST_CONTROL, (uint8_t)(sdhci_read8(h, SDHCI_HOST_CONTROL) | HOST_HIGH_SPEED));
    h->high_speed = true;
    return sdhci_set_clock(h, 50000000u);
}

int sdhci_card_init(struct sdhci_host *h)
{
    uint32_t resp[4];
    int r = sdhci_command(h, 0, CMD(0, RESP_NONE), 0, 0);
    if (r < 0)
        return r;
    r = sdhci_command(h, 8, CMD(8, RESP_48), CMD8_CHECK, resp);
    bool v2 = r == 0;
    if (r < 0 && r != -MICA_ETIMEDOUT)
        return r;
    if (v2 && (resp[0] & 0xfffu) != CMD8_CHECK) {
        ipc_log_error("CMD8: the card echoed 0x%x, not 0x%x", resp[0] & 0xfffu, CMD8_CHECK);
        return -MICA_EIO;
    }
    h->rca = 0;
    if ((r = wait_ready(h, v2)) < 0 || (r = sdhci_command(h, 2, CMD(2, RESP_136), 0, h->cid)) < 0 ||
        (r = sdhci_command(h, 3, CMD(3, RESP_48), 0, resp)) < 0)
        return r;
    h->rca = resp[0] >> 16;
    uint32_t csd[4];
    if ((r = sdhci_command(h, 9, CMD(9, RESP_136), h->rca << 16, csd)) < 0 || (r = read_capacity(h, csd)) < 0)
        return r;
    if ((r = sdhci_command(h, 7, CMD(7, RESP_48_BUSY), h->rca << 16, 0)) < 0)
        return r;
    if (!h->block_addressed && (r = sdhci_command(h, 16, CMD(16, RESP_48), SD_BLOCK, 0)) < 0)
        return r;
    if ((r = app_command(h, 6, CMD(6, RESP_48), 2, 0)) < 0)
        return r;
    sdhci_write8(h, SDHCI_HOST_CONTROL, (uint8_t)(sdhci_read8(h, SDHCI_HOST_CONTROL) | HOST_4BIT));
    if ((r = sdhci_set_clock(h, 25000000u)) < 0)
        return r;
    return try_high_speed(h);
}
