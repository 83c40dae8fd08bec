/* Arithmetic modulo p = 2^255 - 19, the field of Curve25519's coordinates.
 * An element is five 51-bit limbs, value = sum v[i] * 2^(51 i). Every
 * function returns limbs below 2^51 + 2^15 and accepts any input in that
 * bound, so products of limbs (times 19) and their carries stay within
 * 128 and 64 bits. Only the verifier uses it: nothing here is secret, so
 * nothing is written to run in constant time. */
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
