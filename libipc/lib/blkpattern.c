/* Fill and check the block verify pattern. A sector is 64 little-endian
 * words: magic, LBA, seed, generation, then 60 xorshift64* outputs; checking
 * compares word by word and pins the first wrong byte. */

#include <mica/blkpattern.h>

#define SECTOR_WORDS (BLKPATTERN_SECTOR_SIZE / 8u)
#define HEADER_WORDS (BLKPATTERN_HEADER_SIZE / 8u)

uint64_t blkpattern_stream_start(uint64_t lba, uint64_t seed)
{
    uint64_t state = seed ^ (lba * BLKPATTERN_LBA_SPREAD);

    /* Zero is xorshift's fixed point: the stream would be all zeros. */
    return state != 0 ? state : 1;
}

static uint64_t magic_word(void)
{
    static const char magic[] = BLKPATTERN_MAGIC;
    uint64_t word = 0;

    for (unsigned i = 0; i < 8; i++)
        word |= (uint64_t)(uint8_t)magic[i] << (8 * i);
    return word;
}

static void store_le64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t load_le64(const uint8_t *p)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* Word w of the sector for (lba, seed, generation); data words must be asked
 * for in order because they come from the running stream. */
static uint64_t expected_word(unsigned w, uint64_t lba, uint64_t seed, uint64_t generation,
                              uint64_t *stream)
{
    switch (w) {
    case BLKPATTERN_MAGIC_OFFSET / 8:
        return magic_word();
    case BLKPATTERN_LBA_OFFSET / 8:
        return lba;
    case BLKPATTERN_SEED_OFFSET / 8:
        return seed;
    case BLKPATTERN_GENERATION_OFFSET / 8:
        return generation;
    default:
        return blkpattern_next(stream);
    }
}

static enum blkpattern_result reason_for_word(unsigned w)
{
    switch (w) {
    case BLKPATTERN_MAGIC_OFFSET / 8:
        return BLKPATTERN_BAD_MAGIC;
    case BLKPATTERN_LBA_OFFSET / 8:
        return BLKPATTERN_WRONG_LBA;
    case BLKPATTERN_SEED_OFFSET / 8:
        return BLKPATTERN_WRONG_SEED;
    case BLKPATTERN_GENERATION_OFFSET / 8:
        return BLKPATTERN_WRONG_GENERATION;
    default:
        return BLKPATTERN_DATA_MISMATCH;
    }
}

_Static_assert(HEADER_WORDS == 4, "four header words: magic, lba, seed, generation");

void blkpattern_fill_sector(uint8_t sector[BLKPATTERN_SECTOR_SIZE], uint64_t lba, uint64_t seed,
                            uint64_t generation)
{
    uint64_t stream = blkpattern_stream_start(lba, seed);

    for (unsigned w = 0; w < SECTOR_WORDS; w++)
        store_le64(sector + 8 * w, expected_word(w, lba, seed, generation, &stream));
}

static unsigned first_differing_byte(uint64_t a, uint64_t b)
{
    uint64_t difference = a ^ b;
    unsigned byte = 0;

    /* A loop, not a count-trailing-zeros builtin: RV64IMAC has no such
     * instruction and the builtin would pull in libgcc. */
    while ((difference & 0xff) == 0) {
        difference >>= 8;
        byte++;
    }
    return byte;
}

enum blkpattern_result blkpattern_check_sector(const uint8_t sector[BLKPATTERN_SECTOR_SIZE],
                                               uint64_t lba, uint64_t seed, uint64_t generation,
                                               uint32_t *bad_offset)
{
    uint64_t stream = blkpattern_stream_start(lba, seed);

    for (unsigned w = 0; w < SECTOR_WORDS; w++) {
        uint64_t expected = expected_word(w, lba, seed, generation, &stream);
        uint64_t actual = load_le64(sector + 8 * w);

        if (actual != expected) {
            *bad_offset = 8 * w + first_differing_byte(actual, expected);
            return reason_for_word(w);
        }
    }
    return BLKPATTERN_OK;
}

void blkpattern_fill(void *buffer, size_t sectors, uint64_t first_lba, uint64_t seed,
                     uint64_t generation)
{
    uint8_t *sector = buffer;

    for (size_t i = 0; i < sectors; i++, sector += BLKPATTERN_SECTOR_SIZE)
        blkpattern_fill_sector(sector, first_lba + i, seed, generation);
}

enum blkpattern_result blkpattern_check(const void *buffer, size_t sectors, uint64_t first_lba,
                                        uint64_t seed, uint64_t generation,
                                        struct blkpattern_mismatch *mismatch)
{
    const uint8_t *sector = buffer;

    for (size_t i = 0; i < sectors; i++, sector += BLKPATTERN_SECTOR_SIZE) {
        uint32_t offset;
        enum blkpattern_result result =
            blkpattern_check_sector(sector, first_lba + i, seed, generation, &offset);

        if (result != BLKPATTERN_OK) {
            mismatch->reason = result;
            mismatch->lba = first_lba + i;
            mismatch->offset = offset;
            return result;
        }
    }
    return BLKPATTERN_OK;
}

const char *blkpattern_result_name(enum blkpattern_result result)
{
    switch (result) {
    case BLKPATTERN_OK:
        return "ok";
    case BLKPATTERN_BAD_MAGIC:
        return "bad magic";
    case BLKPATTERN_WRONG_LBA:
        return "wrong lba";
    case BLKPATTERN_WRONG_SEED:
        return "wrong seed";
    case BLKPATTERN_WRONG_GENERATION:
        return "wrong generation";
    case BLKPATTERN_DATA_MISMATCH:
        return "data mismatch";
    }
    return "unknown result";
}
