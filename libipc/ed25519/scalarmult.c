/* [a]A + [b]B for the verification equation: Straus' method, one shared
 * chain of doublings from the top digit down, each scalar in width-w NAF.
 * A is different for every key, so its table of odd multiples is made
 * per call and kept small (w = 5: A, 3A, ..., 15A); B's is a constant
 * (base_multiples.h: B, 3B, ..., 127B, w = 8), so it is wide and its
 * entries are affine, one multiplication cheaper to add. Only public values
 * pass through here, so table lookups may depend on the scalars. */
#include "point.h"

#include "base_multiples.h"

/* 257 digits hold any 256-bit scalar. */
#define NAF_DIGITS 257
#define A_WIDTH 5
#define A_TABLE (1 << (A_WIDTH - 2))
#define B_WIDTH 8
_Static_assert(1 << (B_WIDTH - 2) == BASE_MULTIPLES, "B's table fits its NAF width");

/* Width-w NAF: digits 0 or odd in (-2^(w-1), 2^(w-1)), at most one nonzero
 * in any w consecutive, with s = sum digit[i] 2^i: about one addition per
 * w + 1 doublings. */
static void naf_digits(int8_t digit[NAF_DIGITS], const uint8_t s[32], int width)
{
    /* Five words: subtracting a negative digit may carry past bit 255. */
    uint64_t k[5] = { 0, 0, 0, 0, 0 };
    for (int i = 0; i < 32; i++)
        k[i / 8] |= (uint64_t)s[i] << (8 * (i % 8));
    for (int i = 0; i < NAF_DIGITS; i++) {
        int d = 0;
        if (k[0] & 1) {
            d = (int)(k[0] & ((1u << width) - 1));
            if (d >= 1 << (width - 1))
                d -= 1 << width;
            /* k -= d: clears the low width bits. */
            if (d > 0) {
                k[0] -= (uint64_t)d; /* d <= k's low bits: no borrow */
            } else {
                uint64_t add = (uint64_t)-d;
                for (int w = 0; w < 5 && add; w++) {
                    k[w] += add;
                    add = k[w] < add;
                }
            }
        }
        digit[i] = (int8_t)d;
        for (int w = 0; w < 4; w++)
            k[w] = k[w] >> 1 | k[w + 1] << 63;
        k[4] >>= 1;
    }
}

void ge_double_scalarmult_base(ge_point *r, const uint8_t a[32], const ge_point *A,
                               const uint8_t b[32])
{
    int8_t a_naf[NAF_DIGITS], b_naf[NAF_DIGITS];
    ge_cached a_table[A_TABLE];
    naf_digits(a_naf, a, A_WIDTH);
    naf_digits(b_naf, b, B_WIDTH);
    ge_odd_multiples(a_table, A_TABLE, A);
    ge_identity(r);
    int i = NAF_DIGITS - 1;
    while (i >= 0 && a_naf[i] == 0 && b_naf[i] == 0)
        i--;
    /* A doubling computes T only when an addition follows. */
    for (bool first = true; i >= 0; i--, first = false) {
        int da = a_naf[i], db = b_naf[i];
        if (!first)
            ge_double(r, r, da != 0 || db != 0);
        if (da != 0)
            ge_add(r, r, &a_table[(da < 0 ? -da : da) / 2], da < 0);
        if (db != 0)
            ge_add_affine(r, r, &base_multiples[(db < 0 ? -db : db) / 2], db < 0);
    }
}
