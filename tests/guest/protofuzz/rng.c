/* protofuzz's random source: one xorshift64 generator seeded once, so a run
 * is replayed exactly from its printed seed, and the shapes of numbers the
 * block protocol's checks care about (edges, wraps, misalignment). */
#include <string.h>

#include <mica/blk_protocol.h>

#include "protofuzz.h"

static uint64_t state = 1;

void pf_rng_seed(uint64_t seed)
{
    state = seed ? seed : 1;
}

uint64_t pf_random(void)
{
    uint64_t x = state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return state = x;
}

uint64_t pf_below(uint64_t n)
{
    return pf_random() % n;
}

bool pf_chance(unsigned one_in)
{
    return pf_below(one_in) == 0;
}

void pf_fill_random(void *dst, uint64_t bytes)
{
    uint8_t *p = dst;
    while (bytes >= 8) {
        uint64_t v = pf_random();
        memcpy(p, &v, 8);
        p += 8;
        bytes -= 8;
    }
    uint64_t v = pf_random();
    memcpy(p, &v, bytes);
}

uint64_t pf_position(uint64_t size, uint64_t block)
{
    uint64_t blocks = size / block;
    switch (pf_below(12)) {
    case 0:
        return 0;
    case 1:
        return size - block; /* the last block */
    case 2:
        return size;         /* just past the end */
    case 3:
        return size + block * pf_below(4);
    case 4:
        return UINT64_MAX - block * pf_below(4) - (pf_chance(2) ? block - 1 : 0);
    case 5:
        return (uint64_t)-(int64_t)(block * (1 + pf_below(4))); /* negative */
    case 6:
        return pf_below(blocks) * block + 1 + pf_below(block - 1); /* misaligned */
    case 7:
        return pf_random();
    case 8:
        return (size - block) - block * pf_below(8);
    default:
        return pf_below(blocks) * block; /* aligned, inside */
    }
}

uint64_t pf_length(uint64_t block, uint64_t max_transfer)
{
    switch (pf_below(12)) {
    case 0:
        return 0;
    case 1:
        return BLK_MSG_DATA_MAX;
    case 2:
        return BLK_MSG_DATA_MAX + block;
    case 3:
        return 1 + pf_below(2 * block);       /* mostly not a whole block */
    case 4:
        return max_transfer;
    case 5:
        return max_transfer + block * (1 + pf_below(4));
    case 6:
        return pf_chance(2) ? UINT64_MAX - pf_below(block) : (uint64_t)-(int64_t)block;
    case 7:
        return pf_random() & (pf_chance(2) ? 0xffffffffull : UINT64_MAX);
    default:
        return block * (1 + pf_below(8));
    }
}
