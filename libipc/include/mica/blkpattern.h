/* The self-describing block verify pattern (docs/blkbench.md, "Verify
 * pattern"): every 512-byte sector names its own LBA, seed and generation and
 * carries xorshift64* data, so any single wrong byte is found and explained. */

#ifndef MICA_BLKPATTERN_H
#define MICA_BLKPATTERN_H

#include <stddef.h>
#include <stdint.h>

/* The pattern's unit, whatever the device's logical block size. */
#define BLKPATTERN_SECTOR_SIZE 512u
#define BLKPATTERN_MAGIC "MICABLK1"
#define BLKPATTERN_MAGIC_OFFSET 0u
#define BLKPATTERN_LBA_OFFSET 8u
#define BLKPATTERN_SEED_OFFSET 16u
#define BLKPATTERN_GENERATION_OFFSET 24u
#define BLKPATTERN_HEADER_SIZE 32u
#define BLKPATTERN_DATA_WORDS ((BLKPATTERN_SECTOR_SIZE - BLKPATTERN_HEADER_SIZE) / 8u)
/* Spreads neighbouring LBAs over unrelated streams (2^64 / golden ratio). */
#define BLKPATTERN_LBA_SPREAD 0x9E3779B97F4A7C15ull
#define BLKPATTERN_OUTPUT_MULTIPLIER 0x2545F4914F6CDD1Dull
#define BLKPATTERN_DEFAULT_GENERATION 1u

_Static_assert(sizeof(BLKPATTERN_MAGIC) - 1 == BLKPATTERN_LBA_OFFSET, "magic fills bytes 0..7");
_Static_assert(BLKPATTERN_DATA_WORDS == 60, "480 data bytes per sector");

/* Ordered by position in the sector: the reason is the field holding the
 * first wrong byte. */
enum blkpattern_result {
    BLKPATTERN_OK = 0,
    BLKPATTERN_BAD_MAGIC,
    BLKPATTERN_WRONG_LBA,
    BLKPATTERN_WRONG_SEED,
    BLKPATTERN_WRONG_GENERATION,
    BLKPATTERN_DATA_MISMATCH,
};

struct blkpattern_mismatch {
    enum blkpattern_result reason;
    uint64_t lba;    /* sector holding the first wrong byte */
    uint32_t offset; /* of that byte within the sector */
};

/* xorshift64* as the format defines it: the state for a sector, and one step
 * (advances *state, returns the output word; inline, as blkbench draws each
 * op's place with it). */
uint64_t blkpattern_stream_start(uint64_t lba, uint64_t seed);
static inline uint64_t blkpattern_next(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * BLKPATTERN_OUTPUT_MULTIPLIER;
}

void blkpattern_fill_sector(uint8_t sector[BLKPATTERN_SECTOR_SIZE], uint64_t lba, uint64_t seed,
                            uint64_t generation);
/* BLKPATTERN_OK, or the reason and *bad_offset of the first wrong byte. */
enum blkpattern_result blkpattern_check_sector(const uint8_t sector[BLKPATTERN_SECTOR_SIZE],
                                               uint64_t lba, uint64_t seed, uint64_t generation,
                                               uint32_t *bad_offset);

/* Consecutive sectors starting at first_lba, as a multi-sector block. */
void blkpattern_fill(void *buffer, size_t sectors, uint64_t first_lba, uint64_t seed,
                     uint64_t generation);
/* Stops at the first wrong byte and describes it in *mismatch. */
enum blkpattern_result blkpattern_check(const void *buffer, size_t sectors, uint64_t first_lba,
                                        uint64_t seed, uint64_t generation,
                                        struct blkpattern_mismatch *mismatch);

/* "bad magic", "wrong lba", ...: the words used in log lines. */
const char *blkpattern_result_name(enum blkpattern_result result);

#endif
