/* Points of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)) in
 * extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x y = T/Z, with
 * the complete addition and doubling formulas of Hisil, Wong, Carter and
 * Dawson (2008) for a = -1. */
#ifndef MICA_ED25519_POINT_H
#define MICA_ED25519_POINT_H

#include <stdbool.h>
#include <stdint.h>

#include "field.h"

typedef struct {
    fe25519 X, Y, Z, T;
} ge_point;

/* A point prepared as the second operand of additions:
 * (Y + X, Y - X, 2 d T, 2 Z). */
typedef struct {
    fe25519 y_plus_x, y_minus_x, t_2d, z_2;
} ge_cached;

/* An affine point (Z = 1) prepared the same way: (y + x, y - x, 2 d x y);
 * the base point's table (base_multiples.h) is of these. */
typedef struct {
    fe25519 y_plus_x, y_minus_x, t_2d;
} ge_affine_cached;

/* RFC 8032 5.1.3: false for y >= p, for x^2 with no square root, and for
 * x = 0 with the sign bit set. */
bool ge_decode(ge_point *p, const uint8_t s[32]);
/* True if p and q are the same point: x and y agree, compared as
 * X1 Z2 = X2 Z1 and Y1 Z2 = Y2 Z1 (Z is never 0 under the complete
 * formulas). */
bool ge_equal(const ge_point *p, const ge_point *q);
void ge_negate(ge_point *r, const ge_point *p);
void ge_identity(ge_point *p);
void ge_to_cached(ge_cached *c, const ge_point *p);
/* r = p + q, or p - q with negate; r may be p. */
void ge_add(ge_point *r, const ge_point *p, const ge_cached *q, bool negate);
void ge_add_affine(ge_point *r, const ge_point *p, const ge_affine_cached *q, bool negate);
/* r = 2 p; r's T only with want_t (a doubling does not read T, an addition
 * does). */
void ge_double(ge_point *r, const ge_point *p, bool want_t);
/* table[i] = (2 i + 1) p for i < count. */
void ge_odd_multiples(ge_cached *table, int count, const ge_point *p);
/* A point's table for ge_double_scalarmult_base: part[j][i] =
 * (2 i + 1) 2^(64 j) A. */
#define GE_SPLIT_PARTS 4
#define GE_SPLIT_MULTIPLES 8
typedef struct {
    ge_cached part[GE_SPLIT_PARTS][GE_SPLIT_MULTIPLES];
} ge_split_table;

void ge_split_table_make(ge_split_table *t, const ge_point *A);
/* r = a A + b B, B the RFC's base point, A given by its table; a and b
 * are little-endian 256-bit scalars (any value; the verifier passes them
 * reduced). */
void ge_double_scalarmult_base(ge_point *r, const uint8_t a[32], const ge_split_table *A,
                               const uint8_t b[32]);

#endif
