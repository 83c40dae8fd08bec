/* top_bit against the compiler's count of leading zeros: every single bit,
 * every byte at every byte position, every bit under a set top bit, and a
 * million values of a fixed generator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>

#include "top_bit.h"

static unsigned expected(uint64_t x)
{
    return 63u - (unsigned)__builtin_clzll(x);
}

static void single_bits(void **state)
{
    (void)state;
    for (unsigned b = 0; b < 64; b++)
        assert_int_equal(top_bit(1ull << b), b);
}

static void bytes_at_each_position(void **state)
{
    (void)state;
    for (unsigned shift = 0; shift < 64; shift += 8)
        for (uint64_t v = 1; v < 256; v++)
            assert_int_equal(top_bit(v << shift), expected(v << shift));
}

static void lower_bits_do_not_matter(void **state)
{
    (void)state;
    for (unsigned b = 0; b < 64; b++) {
        uint64_t top = 1ull << b;
        assert_int_equal(top_bit(top | (top - 1)), b);
        assert_int_equal(top_bit(top | 1), b);
    }
    assert_int_equal(top_bit(UINT64_MAX), 63);
}

static void generated_values(void **state)
{
    (void)state;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < 1000000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint64_t v = x >> (i % 64); /* every width, not only full words */
        if (v)
            assert_int_equal(top_bit(v), expected(v));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(single_bits),
        cmocka_unit_test(bytes_at_each_position),
        cmocka_unit_test(lower_bits_do_not_matter),
        cmocka_unit_test(generated_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
