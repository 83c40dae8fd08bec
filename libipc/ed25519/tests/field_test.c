/* Host tests for libipc/ed25519/field.c at the edge of its input bounds:
 * fe_mul and fe_sq take limbs up to 2^54 - 1 (the sums and differences
 * point.c leaves unreduced) and must give the same element as on the
 * carried form of the same inputs; a column sum or a carry that overflowed
 * would differ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../field.h"

#define LIMB_BOUND (UINT64_C(1) << 54)

/* The same element with limbs below 2^51 + 2^15 (fe_add carries). */
static void reduced(fe25519 *h, const fe25519 *f)
{
    fe25519 zero;
    fe_zero(&zero);
    fe_add(h, f, &zero);
}

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void check_pair(const fe25519 *f, const fe25519 *g)
{
    fe25519 rf, rg, wide, narrow;
    reduced(&rf, f);
    reduced(&rg, g);
    fe_mul(&wide, f, g);
    fe_mul(&narrow, &rf, &rg);
    assert_true(fe_equal(&wide, &narrow));
    fe_sq(&wide, f);
    fe_sq(&narrow, &rf);
    assert_true(fe_equal(&wide, &narrow));
    fe_mul(&narrow, &rf, &rf);
    assert_true(fe_equal(&wide, &narrow));
}

static void test_products_at_the_limb_bound(void **state)
{
    (void)state;
    fe25519 top, f, g;
    for (int i = 0; i < 5; i++)
        top.v[i] = LIMB_BOUND - 1;
    check_pair(&top, &top);
    /* One limb at the bound, the rest zero or at the bound too. */
    for (int i = 0; i < 5; i++) {
        fe_zero(&f);
        f.v[i] = LIMB_BOUND - 1;
        check_pair(&f, &top);
        check_pair(&top, &f);
        check_pair(&f, &f);
    }
    uint64_t seed = UINT64_C(0x9e3779b97f4a7c15);
    for (int n = 0; n < 20000; n++) {
        for (int i = 0; i < 5; i++) {
            f.v[i] = next_random(&seed) % LIMB_BOUND;
            g.v[i] = next_random(&seed) % LIMB_BOUND;
        }
        check_pair(&f, &g);
    }
}

/* The largest value fe_sub_unreduced may subtract (4p's limbs) from zero
 * gives zero, and from a reduced element that element: no limb wrapped. */
static void test_difference_of_the_largest_subtrahend(void **state)
{
    (void)state;
    fe25519 four_p = { { FE_FOUR_P0, FE_FOUR_P, FE_FOUR_P, FE_FOUR_P, FE_FOUR_P } };
    fe25519 zero, one, d;
    fe_zero(&zero);
    fe_one(&one);
    fe_sub_unreduced(&d, &zero, &four_p);
    for (int i = 0; i < 5; i++)
        assert_int_equal(d.v[i], 0);
    fe_sub_unreduced(&d, &one, &four_p);
    assert_true(fe_equal(&d, &one));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_products_at_the_limb_bound),
        cmocka_unit_test(test_difference_of_the_largest_subtrahend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
