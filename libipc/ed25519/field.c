/* Arithmetic modulo 2^255 - 19 on five 51-bit limbs (see field.h). */
#include "field.h"

#define MASK51 ((UINT64_C(1) << 51) - 1)

typedef unsigned __int128 u128;

void fe_zero(fe25519 *h)
{
    for (int i = 0; i < 5; i++)
        h->v[i] = 0;
}

void fe_one(fe25519 *h)
{
    fe_zero(h);
    h->v[0] = 1;
}

void fe_copy(fe25519 *h, const fe25519 *f)
{
    *h = *f;
}

/* Brings limbs below 2^51 + 2^15 again; inputs below 2^54 per limb. The
 * carry out of the top limb is 2^255 times itself, which is 19 times
 * itself mod p. */
static void carry(fe25519 *h, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t t4)
{
    t1 += t0 >> 51;
    t0 &= MASK51;
    t2 += t1 >> 51;
    t1 &= MASK51;
    t3 += t2 >> 51;
    t2 &= MASK51;
    t4 += t3 >> 51;
    t3 &= MASK51;
    t0 += 19 * (t4 >> 51);
    t4 &= MASK51;
    h->v[0] = t0;
    h->v[1] = t1;
    h->v[2] = t2;
    h->v[3] = t3;
    h->v[4] = t4;
}

void fe_add(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    fe25519 t;
    fe_add_unreduced(&t, f, g);
    carry(h, t.v[0], t.v[1], t.v[2], t.v[3], t.v[4]);
}

void fe_sub(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    fe25519 t;
    fe_sub_unreduced(&t, f, g);
    carry(h, t.v[0], t.v[1], t.v[2], t.v[3], t.v[4]);
}

void fe_neg(fe25519 *h, const fe25519 *f)
{
    fe25519 zero;
    fe_zero(&zero);
    fe_sub(h, &zero, f);
}

/* Reduces five 128-bit column sums (each below 2^110) to limbs. */
static void carry_wide(fe25519 *h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4)
{
    r1 += (uint64_t)(r0 >> 51);
    r2 += (uint64_t)(r1 >> 51);
    r3 += (uint64_t)(r2 >> 51);
    r4 += (uint64_t)(r3 >> 51);
    uint64_t c = (uint64_t)(r4 >> 51); /* below 2^59: times 19 fits */
    uint64_t t0 = ((uint64_t)r0 & MASK51) + 19 * c;
    uint64_t t1 = ((uint64_t)r1 & MASK51) + (t0 >> 51);
    h->v[0] = t0 & MASK51;
    h->v[1] = t1;
    h->v[2] = (uint64_t)r2 & MASK51;
    h->v[3] = (uint64_t)r3 & MASK51;
    h->v[4] = (uint64_t)r4 & MASK51;
}

void fe_mul(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
    uint64_t g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3], g4 = g->v[4];
    /* Limb products past 2^255 wrap around times 19. */
    uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
    u128 r0 = (u128)f0 * g0 + (u128)f1 * g4_19 + (u128)f2 * g3_19 + (u128)f3 * g2_19 + (u128)f4 * g1_19;
    u128 r1 = (u128)f0 * g1 + (u128)f1 * g0 + (u128)f2 * g4_19 + (u128)f3 * g3_19 + (u128)f4 * g2_19;
    u128 r2 = (u128)f0 * g2 + (u128)f1 * g1 + (u128)f2 * g0 + (u128)f3 * g4_19 + (u128)f4 * g3_19;
    u128 r3 = (u128)f0 * g3 + (u128)f1 * g2 + (u128)f2 * g1 + (u128)f3 * g0 + (u128)f4 * g4_19;
    u128 r4 = (u128)f0 * g4 + (u128)f1 * g3 + (u128)f2 * g2 + (u128)f3 * g1 + (u128)f4 * g0;
    carry_wide(h, r0, r1, r2, r3, r4);
}

/* fe_mul(h, f, f) with the symmetric products counted once. */
void fe_sq(fe25519 *h, const fe25519 *f)
{
    uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
    uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1;
    uint64_t f3_19 = 19 * f3, f4_19 = 19 * f4;
    u128 r0 = (u128)f0 * f0 + (u128)f1_2 * f4_19 + (u128)(2 * f2) * f3_19;
    u128 r1 = (u128)f0_2 * f1 + (u128)(2 * f2) * f4_19 + (u128)f3 * f3_19;
    u128 r2 = (u128)f0_2 * f2 + (u128)f1 * f1 + (u128)(2 * f3) * f4_19;
    u128 r3 = (u128)f0_2 * f3 + (u128)f1_2 * f2 + (u128)f4 * f4_19;
    u128 r4 = (u128)f0_2 * f4 + (u128)f1_2 * f3 + (u128)f2 * f2;
    carry_wide(h, r0, r1, r2, r3, r4);
}

static void sq_times(fe25519 *h, const fe25519 *f, int n)
{
    fe_sq(h, f);
    while (--n > 0)
        fe_sq(h, h);
}

/* f^(2^250 - 1) by the usual addition chain. */
static void pow_2_250_minus_1(fe25519 *h, const fe25519 *f)
{
    fe25519 t0, t1, t2, f11;
    fe_sq(&t0, f);              /* 2 */
    sq_times(&t1, &t0, 2);      /* 8 */
    fe_mul(&t1, f, &t1);        /* 9 */
    fe_mul(&f11, &t0, &t1);     /* 11 */
    fe_sq(&t0, &f11);           /* 22 */
    fe_mul(&t0, &t1, &t0);      /* 2^5 - 1 */
    sq_times(&t1, &t0, 5);
    fe_mul(&t0, &t1, &t0);      /* 2^10 - 1 */
    sq_times(&t1, &t0, 10);
    fe_mul(&t1, &t1, &t0);      /* 2^20 - 1 */
    sq_times(&t2, &t1, 20);
    fe_mul(&t1, &t2, &t1);      /* 2^40 - 1 */
    sq_times(&t1, &t1, 10);
    fe_mul(&t0, &t1, &t0);      /* 2^50 - 1 */
    sq_times(&t1, &t0, 50);
    fe_mul(&t1, &t1, &t0);      /* 2^100 - 1 */
    sq_times(&t2, &t1, 100);
    fe_mul(&t1, &t2, &t1);      /* 2^200 - 1 */
    sq_times(&t1, &t1, 50);
    fe_mul(h, &t1, &t0);        /* 2^250 - 1 */
}

void fe_pow_p58(fe25519 *h, const fe25519 *f)
{
    /* (p - 5) / 8 = 2^252 - 3 = (2^250 - 1) * 4 + 1 */
    fe25519 t;
    pow_2_250_minus_1(&t, f);
    sq_times(&t, &t, 2);
    fe_mul(h, &t, f);
}

static uint64_t load_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

bool fe_from_bytes(fe25519 *h, const uint8_t s[32])
{
    uint64_t w0 = load_le64(s), w1 = load_le64(s + 8), w2 = load_le64(s + 16);
    uint64_t w3 = load_le64(s + 24) & ~(UINT64_C(1) << 63);
    h->v[0] = w0 & MASK51;
    h->v[1] = (w0 >> 51 | w1 << 13) & MASK51;
    h->v[2] = (w1 >> 38 | w2 << 26) & MASK51;
    h->v[3] = (w2 >> 25 | w3 << 39) & MASK51;
    h->v[4] = w3 >> 12;
    /* >= p exactly when the upper limbs are all ones and the lowest is at
     * least 2^51 - 19. */
    bool top_all_ones = (h->v[1] & h->v[2] & h->v[3] & h->v[4]) == MASK51;
    return !(top_all_ones && h->v[0] >= MASK51 - 18);
}

/* The limbs of the value in [0, p). */
static void canonical(uint64_t t[5], const fe25519 *f)
{
    fe25519 c;
    carry(&c, f->v[0], f->v[1], f->v[2], f->v[3], f->v[4]);
    /* Now value < 2^255 + small; one more carry pass makes every limb < 2^51
     * and the value < 2^255. Then subtract p once if value >= p: adding 19
     * carries out of bit 255 exactly then. */
    carry(&c, c.v[0], c.v[1], c.v[2], c.v[3], c.v[4]);
    uint64_t q = (c.v[0] + 19) >> 51;
    q = (c.v[1] + q) >> 51;
    q = (c.v[2] + q) >> 51;
    q = (c.v[3] + q) >> 51;
    q = (c.v[4] + q) >> 51;
    t[0] = c.v[0] + 19 * q;
    t[1] = c.v[1] + (t[0] >> 51);
    t[0] &= MASK51;
    t[2] = c.v[2] + (t[1] >> 51);
    t[1] &= MASK51;
    t[3] = c.v[3] + (t[2] >> 51);
    t[2] &= MASK51;
    t[4] = c.v[4] + (t[3] >> 51);
    t[3] &= MASK51;
    t[4] &= MASK51;
}

bool fe_is_zero(const fe25519 *f)
{
    uint64_t t[5];
    canonical(t, f);
    return (t[0] | t[1] | t[2] | t[3] | t[4]) == 0;
}

bool fe_equal(const fe25519 *f, const fe25519 *g)
{
    fe25519 d;
    fe_sub(&d, f, g);
    return fe_is_zero(&d);
}

bool fe_is_odd(const fe25519 *f)
{
    uint64_t t[5];
    canonical(t, f);
    return t[0] & 1;
}
