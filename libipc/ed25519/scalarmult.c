/* [a]A + [b]B for the verification equation. Each scalar is cut into four
 * 64-bit parts, a = sum a_j 2^(64 j), so [a]A = sum [a_j] A_j with
 * A_j = [2^(64 j)] A: with the A_j's and B_j's odd multiples at hand, one
 * shared chain of 65 doublings (Straus' method over eight 64-bit scalars,
 * each in width-w NAF) replaces the 253 a whole scalar needs. B_j's
 * multiples are constants (base_multiples.h, w = 7, affine: one
 * multiplication cheaper to add); A_j's are made once per key
 * (ge_split_table_make, w = 5) and kept by whoever checks many signatures
 * by it. Only public values pass through here, so table lookups may depend
 * on the scalars. */
#include "point.h"

#include "base_multiples.h"

/* A 64-bit part in width-w NAF has at most 65 digits. */
#define PART_DIGITS 65
#define A_WIDTH 5
#define B_WIDTH 7
_Static_assert(1 << (A_WIDTH - 2) == GE_SPLIT_MULTIPLES, "A's table fits its NAF width");
_Static_assert(1 << (B_WIDTH - 2) == BASE_MULTIPLES, "B's table fits its NAF width");
_Static_assert(GE_SPLIT_PARTS == BASE_PARTS, "A and B are cut alike");

void ge_split_table_make(ge_split_table *t, const ge_point *p)
{
    ge_point part = *p;
    for (int j = 0; j < GE_SPLIT_PARTS; j++) {
        if (j > 0) {
            for (int i = 0; i < 64; i++)
                ge_double(&part, &part, true);
        }
        ge_odd_multiples(t->part[j], GE_SPLIT_MULTIPLES, &part);
    }
}

/* Width-w NAF of v: digits 0 or odd in (-2^(w-1), 2^(w-1)), at most one
 * nonzero in any w consecutive, with v = sum digit[i] 2^i: about one
 * addition per w + 1 doublings. */
static void naf_digits(int8_t digit[PART_DIGITS], uint64_t v, int width)
{
    /* Subtracting a negative digit may carry into bit 64. */
    uint64_t k = v, k_high = 0;
    for (int i = 0; i < PART_DIGITS; i++) {
        int d = 0;
        if (k & 1) {
            d = (int)(k & ((1u << width) - 1));
            if (d >= 1 << (width - 1))
                d -= 1 << width;
            /* k -= d: clears the low width bits. */
            if (d > 0) {
                k -= (uint64_t)d; /* d <= k's low bits: no borrow */
            } else {
                k += (uint64_t)-d;
                k_high += k < (uint64_t)-d;
            }
        }
        digit[i] = (int8_t)d;
        k = k >> 1 | k_high << 63;
        k_high >>= 1;
    }
}

static uint64_t load_part(const uint8_t s[32], int j)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | s[8 * j + i];
    return v;
}

void ge_double_scalarmult_base(ge_point *r, const uint8_t a[32], const ge_split_table *A,
                               const uint8_t b[32])
{
    int8_t a_naf[GE_SPLIT_PARTS][PART_DIGITS], b_naf[GE_SPLIT_PARTS][PART_DIGITS];
    /* used[i]: some digit at position i is nonzero. */
    bool used[PART_DIGITS] = { false };
    for (int j = 0; j < GE_SPLIT_PARTS; j++) {
        naf_digits(a_naf[j], load_part(a, j), A_WIDTH);
        naf_digits(b_naf[j], load_part(b, j), B_WIDTH);
        for (int i = 0; i < PART_DIGITS; i++)
            used[i] |= a_naf[j][i] != 0 || b_naf[j][i] != 0;
    }
    ge_identity(r);
    int i = PART_DIGITS - 1;
    while (i >= 0 && !used[i])
        i--;
    /* A doubling computes T only when an addition follows. */
    for (bool first = true; i >= 0; i--, first = false) {
        if (!first)
            ge_double(r, r, used[i]);
        for (int j = 0; j < GE_SPLIT_PARTS; j++) {
            int da = a_naf[j][i], db = b_naf[j][i];
            if (da != 0)
                ge_add(r, r, &A->part[j][(da < 0 ? -da : da) / 2], da < 0);
            if (db != 0)
                ge_add_affine(r, r, &base_multiples[j][(db < 0 ? -db : db) / 2], db < 0);
        }
    }
}
