/* Arithmetic modulo p = 2^255 - 19, the field of Curve25519's coordinates.
 * An element is five 51-bit limbs, value = sum v[i] * 2^(51 i). Every
 * function returns limbs below 2^51 + 2^15 ("reduced") and accepts any
 * input in that bound. fe_mul and fe_sq accept more, limbs below 2^54:
 * their column sums then stay below 2^115 and the carry out of the top one
 * times 19 within 64 bits, so the sum or difference of reduced elements
 * (the _unreduced forms, no carry pass) can go straight into them. Only the
 * verifier uses it: nothing here is secret, so nothing is written to run
 * in constant time. */
#ifndef MICA_ED25519_FIELD_H
#define MICA_ED25519_FIELD_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t v[5];
} fe25519;

void fe_zero(fe25519 *h);
void fe_one(fe25519 *h);
void fe_copy(fe25519 *h, const fe25519 *f);
/* 4p limbwise: 2^53 - 76, then 2^53 - 4 four times. */
#define FE_FOUR_P0 (UINT64_C(0x7ffffffffffff) * 4 - 72)
#define FE_FOUR_P (UINT64_C(0x7ffffffffffff) * 4)

/* f + g without a carry pass; limbs below 2^54 when f's and g's are below
 * 2^53. */
static inline void fe_add_unreduced(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    for (int i = 0; i < 5; i++)
        h->v[i] = f->v[i] + g->v[i];
}

/* f - g + 4p without a carry pass. Each g limb must be at most 4p's (any
 * reduced element, or the unreduced sum of two), so none goes negative;
 * the result's limbs are below f's plus 2^53. */
static inline void fe_sub_unreduced(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    h->v[0] = f->v[0] + FE_FOUR_P0 - g->v[0];
    for (int i = 1; i < 5; i++)
        h->v[i] = f->v[i] + FE_FOUR_P - g->v[i];
}

void fe_add(fe25519 *h, const fe25519 *f, const fe25519 *g);
void fe_sub(fe25519 *h, const fe25519 *f, const fe25519 *g);
void fe_neg(fe25519 *h, const fe25519 *f);
void fe_mul(fe25519 *h, const fe25519 *f, const fe25519 *g);
void fe_sq(fe25519 *h, const fe25519 *f);
/* h = f^((p-5)/8), the power square roots start from. */
void fe_pow_p58(fe25519 *h, const fe25519 *f);

/* Decodes 255 little-endian bits (the top bit of s[31] is ignored);
 * false if they encode a number >= p, which RFC 8032 5.1.3 refuses. */
bool fe_from_bytes(fe25519 *h, const uint8_t s[32]);
bool fe_is_zero(const fe25519 *f);
bool fe_equal(const fe25519 *f, const fe25519 *g);
/* The low bit of the canonical value (RFC 8032 calls x "negative" if set). */
bool fe_is_odd(const fe25519 *f);

#endif
