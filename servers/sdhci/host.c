/* The controller: register access, resets, the SD clock, commands (polled,
 * every wait bounded in timebase ticks) and ADMA2 data transfers through the
 * driver's bounce buffer. */
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/timebase.h>

#include "sdhci.h"

#define WAIT_MS 250u

uint32_t sdhci_read32(struct sdhci_host *h, unsigned off)
{
    return *(volatile uint32_t *)(h->regs + off);
}

void sdhci_write32(struct sdhci_host *h, unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(h->regs + off) = v;
}

void sdhci_write16(struct sdhci_host *h, unsigned off, uint16_t v)
{
    *(volatile uint16_t *)(h->regs + off) = v;
}

void sdhci_write8(struct sdhci_host *h, unsigned off, uint8_t v)
{
    *(volatile uint8_t *)(h->regs + off) = v;
}

uint8_t sdhci_read8(struct sdhci_host *h, unsigned off)
{
    return *(volatile uint8_t *)(h->regs + off);
}

/* Waits until (register & mask) == want; false after WAIT_MS. */
static bool wait_for(struct sdhci_host *h, unsigned off, uint32_t mask, uint32_t want)
{
    uint64_t end = arch_rdtime() + timebase_ticks_ms(WAIT_MS);
    while ((sdhci_read32(h, off) & mask) != want)
        if (arch_rdtime() > end)
            return (sdhci_read32(h, off) & mask) == want;
    return true;
}

int sdhci_reset(struct sdhci_host *h, uint8_t what)
{
    sdhci_write8(h, SDHCI_SOFTWARE_RESET, what);
    if (!wait_for(h, SDHCI_SOFTWARE_RESET & ~3u, (uint32_t)what << 24, 0)) {
        ipc_log_error("controller reset 0x%x never finished", what);
        return -MICA_ETIMEDOUT;
    }
    return 0;
}

/* SDCLK = base / (2 * divisor), divisor a power of two from 1 (the meaning
 * the 8-bit field has in every version of the specification). */
int sdhci_set_clock(struct sdhci_host *h, uint32_t hz)
{
    uint32_t div = 1;
    while (div < 128 && h->base_clock_hz / (2u * div) > hz)
        div <<= 1;
    sdhci_write16(h, SDHCI_CLOCK_CONTROL, 0);
    sdhci_write16(h, SDHCI_CLOCK_CONTROL, (uint16_t)(div << 8 | CLOCK_INTERNAL_ENABLE));
    if (!wait_for(h, SDHCI_CLOCK_CONTROL, CLOCK_INTERNAL_STABLE, CLOCK_INTERNAL_STABLE)) {
        ipc_log_error("the internal clock never became stable");
        return -MICA_ETIMEDOUT;
    }
    sdhci_write16(h, SDHCI_CLOCK_CONTROL, (uint16_t)(div << 8 | CLOCK_INTERNAL_ENABLE | CLOCK_CARD_ENABLE));
    return 0;
}

static int error_code(uint32_t status)
{
    return (status & (INT_CMD_TIMEOUT | INT_DATA_TIMEOUT)) ? -MICA_ETIMEDOUT : -MICA_EIO;
}

static const char *error_name(uint32_t status)
{
    if (status & INT_CMD_TIMEOUT)
        return "command timeout";
    if (status & INT_CMD_CRC)
        return "command CRC error";
    if (status & (INT_CMD_END_BIT | INT_CMD_INDEX))
        return "malformed response";
    if (status & INT_DATA_TIMEOUT)
        return "data timeout";
    if (status & INT_DATA_CRC)
        return "data CRC error";
    if (status & INT_DATA_END_BIT)
        return "data end-bit error";
    if (status & INT_AUTO_CMD)
        return "auto CMD12 error";
    if (status & INT_ADMA)
        return "ADMA error";
    return "controller error";
}

int sdhci_command(struct sdhci_host *h, unsigned index, uint16_t cmd, uint32_t arg, uint32_t resp[4])
{
    uint32_t inhibit = PRESENT_CMD_INHIBIT | ((cmd & 3u) == 3u ? PRESENT_DAT_INHIBIT : 0u);
    if (!wait_for(h, SDHCI_PRESENT_STATE, inhibit, 0)) {
        ipc_log_error("CMD%u: the command line stays busy", index);
        return -MICA_ETIMEDOUT;
    }
    sdhci_write32(h, SDHCI_INT_STATUS, INT_CMD_COMPLETE | INT_ERRORS);
    sdhci_write32(h, SDHCI_ARGUMENT, arg);
    sdhci_write16(h, SDHCI_COMMAND, cmd);
    uint64_t end = arch_rdtime() + timebase_ticks_ms(WAIT_MS);
    uint32_t s;
    while (!((s = sdhci_read32(h, SDHCI_INT_STATUS)) & (INT_CMD_COMPLETE | INT_ERROR)))
        if (arch_rdtime() > end) {
            ipc_log_error("CMD%u: no answer from the controller", index);
            sdhci_reset(h, RESET_CMD);
            return -MICA_ETIMEDOUT;
        }
    sdhci_write32(h, SDHCI_INT_STATUS, s & (INT_CMD_COMPLETE | INT_CMD_ERRORS | INT_ERROR));
    if (s & INT_CMD_ERRORS) {
        sdhci_reset(h, RESET_CMD);
        /* CMD8's timeout is how a version 1 card answers: the caller decides. */
        if (index != 8 || !(s & INT_CMD_TIMEOUT))
            ipc_log_error("CMD%u: %s (status 0x%x)", index, error_name(s), s);
        return error_code(s);
    }
    if (resp)
        for (unsigned i = 0; i < 4; i++)
            resp[i] = sdhci_read32(h, SDHCI_RESPONSE + 4 * i);
    return 0;
}

/* ADMA2 descriptors (32-bit addressing): attributes, length, address. */
struct adma2_desc {
    uint16_t attr;
    uint16_t len;
    uint32_t addr;
};
#define ADMA_VALID 0x01u
#define ADMA_END 0x02u
#define ADMA_TRANSFER 0x20u

int sdhci_start_data(struct sdhci_host *h, unsigned index, uint32_t arg, bool read, uint32_t blocks,
                     uint32_t block_size)
{
    uint32_t bytes = blocks * block_size;
    if (!bytes || bytes > SDHCI_MAX_TRANSFER)
        return -MICA_EINVAL;
    if (!wait_for(h, SDHCI_PRESENT_STATE, PRESENT_CMD_INHIBIT | PRESENT_DAT_INHIBIT, 0)) {
        ipc_log_error("CMD%u: the card stays busy", index);
        return -MICA_ETIMEDOUT;
    }
    struct adma2_desc *d = (struct adma2_desc *)h->dma.va;
    unsigned n = 0;
    for (uint32_t off = 0; off < bytes; off += SDHCI_ADMA_CHUNK, n++) {
        uint32_t len = bytes - off < SDHCI_ADMA_CHUNK ? bytes - off : SDHCI_ADMA_CHUNK;
        d[n] = (struct adma2_desc){ ADMA_VALID | ADMA_TRANSFER, (uint16_t)len,
                                    (uint32_t)(h->bounce_phys + off) };
    }
    d[n - 1].attr |= ADMA_END;
    sdhci_dma_to_device(h, read ? 0 : bytes);
    sdhci_write32(h, SDHCI_ADMA_ADDRESS, (uint32_t)h->table_phys);
    sdhci_write32(h, SDHCI_ADMA_ADDRESS + 4, 0);
    sdhci_write16(h, SDHCI_BLOCK_SIZE, (uint16_t)block_size);
    sdhci_write16(h, SDHCI_BLOCK_COUNT, (uint16_t)blocks);
    uint16_t mode = MODE_DMA | (read ? MODE_READ : 0u);
    if (blocks > 1)
        mode |= MODE_BLOCK_COUNT | MODE_MULTI | MODE_AUTO_CMD12;
    sdhci_write32(h, SDHCI_INT_STATUS, 0xffffffffu);
    sdhci_write32(h, SDHCI_ARGUMENT, arg);
    sdhci_write16(h, SDHCI_TRANSFER_MODE, mode);
    sdhci_write16(h, SDHCI_COMMAND, CMD(index, RESP_48 | CMD_DATA));
    return 0;
}

bool sdhci_take_status(struct sdhci_host *h, struct sdhci_done *done)
{
    uint32_t s = sdhci_read32(h, SDHCI_INT_STATUS);
    sdhci_write32(h, SDHCI_INT_STATUS, s);
    done->status |= s;
    if (s & (INT_XFER_COMPLETE | INT_ERROR))
        done->ended = true;
    return done->ended;
}

int sdhci_transfer_result(struct sdhci_host *h, const struct sdhci_done *done, const char *what)
{
    if (!(done->status & INT_ERROR))
        return 0;
    ipc_log_error("%s: %s (status 0x%x)", what, error_name(done->status), done->status);
    sdhci_reset(h, RESET_CMD);
    sdhci_reset(h, RESET_DATA);
    return error_code(done->status);
}

int sdhci_wait_data(struct sdhci_host *h, const char *what)
{
    struct sdhci_done done = { 0 };
    uint64_t end = arch_rdtime() + timebase_ticks_ms(WAIT_MS);
    while (!sdhci_take_status(h, &done))
        if (arch_rdtime() > end) {
            ipc_log_error("%s: the transfer never ended", what);
            sdhci_reset(h, RESET_CMD);
            sdhci_reset(h, RESET_DATA);
            return -MICA_ETIMEDOUT;
        }
    return sdhci_transfer_result(h, &done, what);
}
