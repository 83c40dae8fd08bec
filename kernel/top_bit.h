/* The index of a word's highest set bit, for the scheduler's ready
 * bitmaps. The kernel is built for rv64imac, which has no
 * count-leading-zeros instruction: __builtin_clzll would be a call into
 * libgcc, about 33 instructions, on every choice of a thread; this is three
 * halvings and a byte's table, inline. */
#pragma once
#include <stdint.h>

/* floor(log2(i)) for a byte i > 0 (entry 0 is never read). */
static const uint8_t top_bit_of_byte[256] = {
    [1] = 0,         [2 ... 3] = 1,   [4 ... 7] = 2,    [8 ... 15] = 3,
    [16 ... 31] = 4, [32 ... 63] = 5, [64 ... 127] = 6, [128 ... 255] = 7,
};

/* x must not be 0. */
static inline unsigned top_bit(uint64_t x)
{
    unsigned n = 0;
    if (x >> 32) {
        x >>= 32;
        n = 32;
    }
    if (x >> 16) {
        x >>= 16;
        n += 16;
    }
    if (x >> 8) {
        x >>= 8;
        n += 8;
    }
    return n + top_bit_of_byte[x];
}
