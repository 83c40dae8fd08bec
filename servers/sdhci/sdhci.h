/* sdhci: the SD-card driver server for SD Host Controllers (the standard
 * register set; SD Host Controller Simplified Specification). The register
 * block sits at an offset the match table gives (main.c): +0x200 in the
 * Cadence SD4HC, 0 in the Synopsys DWC MSHC. */
#ifndef SDHCI_H
#define SDHCI_H
#include <stdbool.h>
#include <stdint.h>

#include "../virtio-blk/dma.h"

/* Registers, byte offsets from the SDHCI block. */
#define SDHCI_BLOCK_SIZE 0x04      /* 16 bits */
#define SDHCI_BLOCK_COUNT 0x06     /* 16 bits */
#define SDHCI_ARGUMENT 0x08
#define SDHCI_TRANSFER_MODE 0x0c   /* 16 bits */
#define SDHCI_COMMAND 0x0e         /* 16 bits */
#define SDHCI_RESPONSE 0x10        /* four 32-bit words */
#define SDHCI_PRESENT_STATE 0x24
#define SDHCI_HOST_CONTROL 0x28    /* 8 bits */
#define SDHCI_POWER_CONTROL 0x29   /* 8 bits */
#define SDHCI_CLOCK_CONTROL 0x2c   /* 16 bits */
#define SDHCI_TIMEOUT_CONTROL 0x2e /* 8 bits */
#define SDHCI_SOFTWARE_RESET 0x2f  /* 8 bits */
#define SDHCI_INT_STATUS 0x30      /* normal (low 16) and error (high 16) */
#define SDHCI_INT_ENABLE 0x34
#define SDHCI_SIGNAL_ENABLE 0x38
#define SDHCI_CAPABILITIES 0x40
#define SDHCI_ADMA_ADDRESS 0x58

#define PRESENT_CMD_INHIBIT (1u << 0)
#define PRESENT_DAT_INHIBIT (1u << 1)
#define PRESENT_CARD_INSERTED (1u << 16)

#define HOST_4BIT (1u << 1)
#define HOST_HIGH_SPEED (1u << 2)
#define HOST_ADMA2_32 (2u << 3)

#define POWER_ON_3V3 0x0fu

#define CLOCK_INTERNAL_ENABLE (1u << 0)
#define CLOCK_INTERNAL_STABLE (1u << 1)
#define CLOCK_CARD_ENABLE (1u << 2)

#define RESET_ALL 0x01u
#define RESET_CMD 0x02u
#define RESET_DATA 0x04u

#define INT_CMD_COMPLETE (1u << 0)
#define INT_XFER_COMPLETE (1u << 1)
#define INT_CARD_INSERT (1u << 6)
#define INT_CARD_REMOVE (1u << 7)
#define INT_ERROR (1u << 15)
#define INT_CMD_TIMEOUT (1u << 16)
#define INT_CMD_CRC (1u << 17)
#define INT_CMD_END_BIT (1u << 18)
#define INT_CMD_INDEX (1u << 19)
#define INT_DATA_TIMEOUT (1u << 20)
#define INT_DATA_CRC (1u << 21)
#define INT_DATA_END_BIT (1u << 22)
#define INT_AUTO_CMD (1u << 24)
#define INT_ADMA (1u << 25)
#define INT_ERRORS 0xffff0000u
#define INT_CMD_ERRORS (INT_CMD_TIMEOUT | INT_CMD_CRC | INT_CMD_END_BIT | INT_CMD_INDEX)

#define MODE_DMA (1u << 0)
#define MODE_BLOCK_COUNT (1u << 1)
#define MODE_AUTO_CMD12 (1u << 2)
#define MODE_READ (1u << 4)
#define MODE_MULTI (1u << 5)

/* Command register: response kind, checks, data, index. */
#define RESP_NONE 0x00u
#define RESP_136 0x09u    /* R2: 136 bits, CRC checked */
#define RESP_48 0x1au     /* R1, R6, R7: CRC and index checked */
#define RESP_48_BUSY 0x1bu /* R1b */
#define RESP_48_NOCRC 0x02u /* R3 */
#define CMD_DATA (1u << 5)
#define CMD(index, flags) ((uint16_t)((index) << 8 | (flags)))

#define SD_BLOCK 512u
/* One transfer at most: the bounce buffer, split over ADMA2 descriptors. */
#define SDHCI_MAX_TRANSFER (64u * 1024u)
#define SDHCI_ADMA_CHUNK (32u * 1024u)
#define SDHCI_ADMA_DESCRIPTORS (SDHCI_MAX_TRANSFER / SDHCI_ADMA_CHUNK)

/* A finished transfer, as the controller reported it. */
struct sdhci_done {
    uint32_t status; /* the interrupt bits that ended it */
    bool ended;
};

struct sdhci_host {
    volatile uint8_t *regs; /* the SDHCI block (mapping + match offset) */
    uint32_t base_clock_hz;
    /* Non-coherent DMA: the bounce buffer is flushed through the
     * sifive,ccache0 Flush64 register around each transfer (dma_sync.c). */
    bool noncoherent;
    volatile uint64_t *ccache_flush64;
    struct dma_region dma; /* ADMA2 table, then the bounce buffer, below 4 GiB */
    uint64_t table_phys, bounce_phys;
    uint8_t *bounce;
    /* The card. */
    uint32_t rca;
    bool block_addressed; /* SDHC/SDXC: arguments in blocks, not bytes */
    bool high_speed;
    uint64_t blocks;
    uint32_t cid[4];
};

/* host.c: registers, commands (polled, bounded by the timebase), transfers. */
uint32_t sdhci_read32(struct sdhci_host *h, unsigned off);
void sdhci_write32(struct sdhci_host *h, unsigned off, uint32_t v);
void sdhci_write16(struct sdhci_host *h, unsigned off, uint16_t v);
void sdhci_write8(struct sdhci_host *h, unsigned off, uint8_t v);
uint8_t sdhci_read8(struct sdhci_host *h, unsigned off);
int sdhci_reset(struct sdhci_host *h, uint8_t what);
int sdhci_set_clock(struct sdhci_host *h, uint32_t hz);
/* 0, or a negative code after one error line naming the command. */
int sdhci_command(struct sdhci_host *h, unsigned index, uint16_t cmd, uint32_t arg, uint32_t resp[4]);
/* Starts a data transfer of `blocks` blocks of `block_size` bytes through
 * the bounce buffer; the end shows in the interrupt status. */
int sdhci_start_data(struct sdhci_host *h, unsigned index, uint32_t arg, bool read, uint32_t blocks,
                     uint32_t block_size);
/* Reads and clears the interrupt status; true when a transfer ended. */
bool sdhci_take_status(struct sdhci_host *h, struct sdhci_done *done);
/* What ended a transfer, as a code (0 or -MICA_E*), with one error line
 * for a failure (`what` names the transfer). */
int sdhci_transfer_result(struct sdhci_host *h, const struct sdhci_done *done, const char *what);
/* Polls until the transfer started ends (bring-up, before interrupts). */
int sdhci_wait_data(struct sdhci_host *h, const char *what);

/* card.c: identification and set-up. */
int sdhci_card_init(struct sdhci_host *h);

/* dma_sync.c: the non-coherent DMA hook. */
void sdhci_dma_to_device(struct sdhci_host *h, uint32_t bytes);
void sdhci_dma_from_device(struct sdhci_host *h, uint32_t bytes);

#endif
