/* Group operations and point decoding on edwards25519 (see point.h). Only
 * public values pass through here (keys, signatures, hashes of them), so
 * table lookups may depend on the scalars. */
#include "point.h"

static const fe25519 curve_d = { { 0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029,
                                   0x739c663a03cbb, 0x52036cee2b6ff } };
static const fe25519 curve_2d = { { 0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052,
                                    0x6738cc7407977, 0x2406d9dc56dff } };
/* 2^((p-1)/4), a square root of -1. */
static const fe25519 sqrt_m1 = { { 0x61b274a0ea0b0, 0x0d5a5fc8f189d, 0x7ef5e9cbd0c60,
                                   0x78595a6804c9e, 0x2b8324804fc1d } };
void ge_identity(ge_point *p)
{
    fe_zero(&p->X);
    fe_one(&p->Y);
    fe_one(&p->Z);
    fe_zero(&p->T);
}

bool ge_decode(ge_point *p, const uint8_t s[32])
{
    bool x_odd = s[31] >> 7;
    if (!fe_from_bytes(&p->Y, s))
        return false;
    fe_one(&p->Z);
    /* x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; candidate root
     * x = u v^3 (u v^7)^((p-5)/8). */
    fe25519 u, v, v3, t, x, check;
    fe_sq(&u, &p->Y);
    fe_mul(&v, &u, &curve_d);
    fe_sub(&u, &u, &p->Z);
    fe_add(&v, &v, &p->Z);
    fe_sq(&v3, &v);
    fe_mul(&v3, &v3, &v);       /* v^3 */
    fe_sq(&t, &v3);
    fe_mul(&t, &t, &v);         /* v^7 */
    fe_mul(&t, &t, &u);         /* u v^7 */
    fe_pow_p58(&t, &t);
    fe_mul(&t, &t, &v3);
    fe_mul(&x, &t, &u);
    fe_sq(&check, &x);
    fe_mul(&check, &check, &v); /* v x^2 */
    if (!fe_equal(&check, &u)) {
        fe25519 minus_u;
        fe_neg(&minus_u, &u);
        if (!fe_equal(&check, &minus_u))
            return false;
        fe_mul(&x, &x, &sqrt_m1);
    }
    if (fe_is_zero(&x) && x_odd)
        return false;
    if (fe_is_odd(&x) != x_odd)
        fe_neg(&x, &x);
    p->X = x;
    fe_mul(&p->T, &x, &p->Y);
    return true;
}

bool ge_equal(const ge_point *p, const ge_point *q)
{
    fe25519 left, right;
    fe_mul(&left, &p->X, &q->Z);
    fe_mul(&right, &q->X, &p->Z);
    if (!fe_equal(&left, &right))
        return false;
    fe_mul(&left, &p->Y, &q->Z);
    fe_mul(&right, &q->Y, &p->Z);
    return fe_equal(&left, &right);
}

void ge_negate(ge_point *r, const ge_point *p)
{
    fe_neg(&r->X, &p->X);
    r->Y = p->Y;
    r->Z = p->Z;
    fe_neg(&r->T, &p->T);
}

/* The cached fields only ever enter fe_mul, so they stay unreduced. */
void ge_to_cached(ge_cached *c, const ge_point *p)
{
    fe_add_unreduced(&c->y_plus_x, &p->Y, &p->X);
    fe_sub_unreduced(&c->y_minus_x, &p->Y, &p->X);
    fe_mul(&c->t_2d, &p->T, &curve_2d);
    fe_add_unreduced(&c->z_2, &p->Z, &p->Z);
}

/* add-2008-hwcd-3: 8 multiplications, 7 when q's Z is 1 (q_z2 NULL: then
 * 2 Z1 Z2 is Z1 + Z1). With negate, r = p - q: q's negation (Y - X, Y + X,
 * -2dT, 2Z) needs only its fields swapped and C's sign turned. p's fields
 * are reduced (products, or a decoded point); every sum and difference
 * below is of reduced elements and goes only into fe_mul, so none needs a
 * carry pass. */
static void add_prepared(ge_point *r, const ge_point *p, const fe25519 *q_plus,
                         const fe25519 *q_minus, const fe25519 *q_t2d, const fe25519 *q_z2,
                         bool negate)
{
    fe25519 a, b, c, d, e, f, g, h;
    fe_sub_unreduced(&a, &p->Y, &p->X);
    fe_mul(&a, &a, negate ? q_plus : q_minus);
    fe_add_unreduced(&b, &p->Y, &p->X);
    fe_mul(&b, &b, negate ? q_minus : q_plus);
    fe_mul(&c, &p->T, q_t2d);
    if (q_z2)
        fe_mul(&d, &p->Z, q_z2);
    else
        fe_add_unreduced(&d, &p->Z, &p->Z);
    fe_sub_unreduced(&e, &b, &a);
    if (negate) {
        fe_add_unreduced(&f, &d, &c);
        fe_sub_unreduced(&g, &d, &c);
    } else {
        fe_sub_unreduced(&f, &d, &c);
        fe_add_unreduced(&g, &d, &c);
    }
    fe_add_unreduced(&h, &b, &a);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

void ge_add(ge_point *r, const ge_point *p, const ge_cached *q, bool negate)
{
    add_prepared(r, p, &q->y_plus_x, &q->y_minus_x, &q->t_2d, &q->z_2, negate);
}

void ge_add_affine(ge_point *r, const ge_point *p, const ge_affine_cached *q, bool negate)
{
    add_prepared(r, p, &q->y_plus_x, &q->y_minus_x, &q->t_2d, 0, negate);
}

/* dbl-2008-hwcd with a = -1: 4 squarings, 3 multiplications, and a fourth
 * for T only when the next operation is an addition (doubling never reads
 * T). With A = X^2, B = Y^2, C = 2 Z^2 the formulas' F = B - A - C and
 * H = -A - B are used negated, F' = C + A - B and H' = A + B: all four
 * results change sign, which is the same point, and no negation is
 * needed. E = (X + Y)^2 - H' = 2 X Y. No sum or difference here needs a
 * carry pass: each is of reduced elements, or of A + C (below 2^52.6)
 * minus B, and all go only into fe_mul or fe_sq. */
void ge_double(ge_point *r, const ge_point *p, bool want_t)
{
    fe25519 a, b, c, e, f, g, h;
    fe_sq(&a, &p->X);
    fe_sq(&b, &p->Y);
    fe_sq(&c, &p->Z);
    fe_add_unreduced(&c, &c, &c);
    fe_add_unreduced(&h, &a, &b);   /* H' */
    fe_add_unreduced(&e, &p->X, &p->Y);
    fe_sq(&e, &e);
    fe_sub_unreduced(&e, &e, &h);   /* E */
    fe_sub_unreduced(&g, &b, &a);   /* G = B - A */
    fe_add_unreduced(&f, &c, &a);
    fe_sub_unreduced(&f, &f, &b);   /* F' */
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->Z, &f, &g);
    if (want_t)
        fe_mul(&r->T, &e, &h);
}

void ge_odd_multiples(ge_cached *table, int count, const ge_point *p)
{
    ge_point twice, multiple = *p;
    ge_cached twice_cached;
    ge_double(&twice, p, true);
    ge_to_cached(&twice_cached, &twice);
    ge_to_cached(&table[0], p);
    for (int i = 1; i < count; i++) {
        ge_add(&multiple, &multiple, &twice_cached, false);
        ge_to_cached(&table[i], &multiple);
    }
}
