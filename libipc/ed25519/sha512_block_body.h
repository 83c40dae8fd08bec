/* The SHA-512 block function (FIPS 180-4 6.4.2), the body
 * sha512_block_plain.c and sha512_block_zbb.c each compile under their own
 * name and instruction set: the same C, with Zbb (__riscv_zbb) a rotation
 * and the byte swap are one instruction each. Image verification hashes
 * every byte of an image with it, so the rounds are unrolled eight at a
 * time (the working variables rename instead of moving) and the message
 * schedule is a 16-word window. Included only by those two files. */

#ifndef SHA512_BLOCK_FUNCTION
#error "define SHA512_BLOCK_FUNCTION to the name to compile the block function under"
#endif

#include "sha512_block.h"

/* One rori with Zbb; two shifts and an or without. */
static inline uint64_t rotate_right(uint64_t x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

/* Spelled out: GCC keeps the loop form as a loop, which costs twice the
 * instructions on every message word. */
static inline uint64_t load_be64(const uint8_t *p)
{
    return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
           (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
           (uint64_t)p[6] << 8 | p[7];
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Reverses the bytes in three swaps (halves, 16-bit pairs, bytes): 14
 * instructions where eight byte loads and their shifts take 22; one with
 * Zbb. */
static inline uint64_t byte_swap64(uint64_t x)
{
#ifdef __riscv_zbb
    return __builtin_bswap64(x); /* rev8 */
#endif
    const uint64_t pairs = UINT64_C(0x0000ffff0000ffff), bytes = UINT64_C(0x00ff00ff00ff00ff);
    x = x >> 32 | x << 32;
    x = (x & pairs) << 16 | (x >> 16 & pairs);
    return (x & bytes) << 8 | (x >> 8 & bytes);
}

/* Blocks come straight from the caller's buffer, aligned or not; an
 * aligned one (an image from the initrd, the context's pending bytes) is
 * read a word at a time. */
static void load_block(uint64_t w[16], const uint8_t *block)
{
    if (((uintptr_t)block & 7) == 0) {
        const uint64_t *words = __builtin_assume_aligned(block, 8);
        for (int t = 0; t < 16; t++)
            w[t] = byte_swap64(words[t]);
    } else {
        for (int t = 0; t < 16; t++)
            w[t] = load_be64(block + 8 * t);
    }
}
#else
static void load_block(uint64_t w[16], const uint8_t *block)
{
    for (int t = 0; t < 16; t++)
        w[t] = load_be64(block + 8 * t);
}
#endif

#define BIG_SIGMA0(x) (rotate_right(x, 28) ^ rotate_right(x, 34) ^ rotate_right(x, 39))
#define BIG_SIGMA1(x) (rotate_right(x, 14) ^ rotate_right(x, 18) ^ rotate_right(x, 41))
/* sigma0 = rotr 1 ^ rotr 8 ^ shr 7. Without a rotate instruction the
 * shifts are shared: x >> 7 ^ x >> 8 is (x ^ x >> 1) >> 7 and
 * x << 63 ^ x << 56 is (x ^ x << 7) << 56, one instruction fewer than three
 * separate terms. With Zbb the formula itself is five. */
static inline uint64_t small_sigma0(uint64_t x)
{
#ifdef __riscv_zbb
    return rotate_right(x, 1) ^ rotate_right(x, 8) ^ (x >> 7);
#endif
    uint64_t half = x >> 1;
    return half ^ ((x ^ half) >> 7) ^ ((x ^ x << 7) << 56);
}
#define SMALL_SIGMA0(x) small_sigma0(x)
#define SMALL_SIGMA1(x) (rotate_right(x, 19) ^ rotate_right(x, 61) ^ ((x) >> 6))

/* W[t] for t >= 16 overwrites W[t - 16] in the 16-word window; i is t mod 16,
 * a constant in every unrolled round, so the window lives in registers or
 * at fixed stack offsets. */
#define SCHEDULE(w, i)                                                                    \
    (w[i] += SMALL_SIGMA1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + SMALL_SIGMA0(w[((i) + 1) & 15]))

/* One round; the caller rotates the roles of a..h instead of the values.
 * Ch(e,f,g) = g ^ (e & (f ^ g)); Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), where
 * b ^ c is the previous round's a ^ b (kept in b_xor_c): three instructions
 * instead of four. */
#define ROUND(a, b, c, d, e, f, g, h, k, w)                                               \
    do {                                                                                  \
        uint64_t t1 = h + BIG_SIGMA1(e) + (g ^ (e & (f ^ g))) + (k) + (w);               \
        uint64_t a_xor_b = a ^ b;                                                         \
        uint64_t t2 = BIG_SIGMA0(a) + (b ^ (a_xor_b & b_xor_c));                          \
        b_xor_c = a_xor_b;                                                                \
        d += t1;                                                                          \
        h = t1 + t2;                                                                      \
    } while (0)

#define EIGHT_ROUNDS(k, i, w_of)                                                          \
    do {                                                                                  \
        ROUND(a, b, c, d, e, f, g, h, k[(i) + 0], w_of((i) + 0));                         \
        ROUND(h, a, b, c, d, e, f, g, k[(i) + 1], w_of((i) + 1));                         \
        ROUND(g, h, a, b, c, d, e, f, k[(i) + 2], w_of((i) + 2));                         \
        ROUND(f, g, h, a, b, c, d, e, k[(i) + 3], w_of((i) + 3));                         \
        ROUND(e, f, g, h, a, b, c, d, k[(i) + 4], w_of((i) + 4));                         \
        ROUND(d, e, f, g, h, a, b, c, k[(i) + 5], w_of((i) + 5));                         \
        ROUND(c, d, e, f, g, h, a, b, k[(i) + 6], w_of((i) + 6));                         \
        ROUND(b, c, d, e, f, g, h, a, k[(i) + 7], w_of((i) + 7));                         \
    } while (0)

void SHA512_BLOCK_FUNCTION(void *state_words, const uint8_t *block)
{
    uint64_t *state = state_words;
    uint64_t w[16];
    load_block(w, block);

    uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
    uint64_t b_xor_c = b ^ c;

#define W_LOADED(i) w[i]
#define W_SCHEDULED(i) SCHEDULE(w, i)
    EIGHT_ROUNDS(sha512_round_constants, 0, W_LOADED);
    EIGHT_ROUNDS(sha512_round_constants, 8, W_LOADED);
    for (const uint64_t *k = sha512_round_constants + 16; k < sha512_round_constants + 80; k += 16) {
        EIGHT_ROUNDS(k, 0, W_SCHEDULED);
        EIGHT_ROUNDS(k, 8, W_SCHEDULED);
    }
#undef W_LOADED
#undef W_SCHEDULED

    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

