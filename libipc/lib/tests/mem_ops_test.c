/* Host tests for libipc/lib/mem_ops.c: every length up to a few blocks at every
 * pair of alignments, against a byte-by-byte reference, with guard bytes
 * around the destination that must come through untouched (ASan watches
 * the reads). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/mem_ops.h>

#define MAX_LEN 300u
#define ALIGNS 16u
#define GUARD 16u
#define AREA (GUARD + ALIGNS + MAX_LEN + GUARD)

static void fill_numbered(uint8_t *p, size_t n, unsigned salt)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 13u + salt * 7u + 1u);
}

static void test_copy_every_length_and_alignment(void **state)
{
    (void)state;
    static uint8_t src[AREA], got[AREA], want[AREA];
    fill_numbered(src, sizeof src, 1);
    for (unsigned da = 0; da < ALIGNS; da++)
        for (unsigned sa = 0; sa < ALIGNS; sa++)
            for (size_t n = 0; n <= MAX_LEN; n++) {
                fill_numbered(got, sizeof got, 2);
                memcpy(want, got, sizeof want);
                for (size_t i = 0; i < n; i++)
                    want[GUARD + da + i] = src[GUARD + sa + i];
                void *r = mem_copy(got + GUARD + da, src + GUARD + sa, n);
                assert_ptr_equal(r, got + GUARD + da);
                assert_memory_equal(got, want, sizeof got);
            }
}

static void test_move_overlapping_both_ways(void **state)
{
    (void)state;
    static uint8_t buf[AREA], want[AREA], orig[AREA];
    fill_numbered(orig, sizeof orig, 3);
    for (unsigned da = 0; da < ALIGNS; da++)
        for (unsigned sa = 0; sa < ALIGNS; sa++)
            for (size_t n = 0; n <= MAX_LEN - ALIGNS; n += 3) {
                memcpy(buf, orig, sizeof buf);
                memcpy(want, orig, sizeof want);
                /* Source and destination within one buffer, either ahead. */
                uint8_t *d = buf + GUARD + da, *s = buf + GUARD + sa;
                memmove(want + GUARD + da, orig + GUARD + sa, n);
                void *r = mem_move(d, s, n);
                assert_ptr_equal(r, d);
                assert_memory_equal(buf, want, sizeof buf);
            }
}

static void test_fill_every_length_and_alignment(void **state)
{
    (void)state;
    static uint8_t got[AREA], want[AREA];
    for (unsigned da = 0; da < ALIGNS; da++)
        for (size_t n = 0; n <= MAX_LEN; n++) {
            fill_numbered(got, sizeof got, 4);
            memcpy(want, got, sizeof want);
            memset(want + GUARD + da, 0xa5, n);
            /* Only the low byte of c counts, as for memset. */
            void *r = mem_fill(got + GUARD + da, 0x7a5, n);
            assert_ptr_equal(r, got + GUARD + da);
            assert_memory_equal(got, want, sizeof got);
        }
}

static void test_large_page_copy(void **state)
{
    (void)state;
    static uint8_t src[65536 + 8], dst[65536 + 8];
    fill_numbered(src, sizeof src, 5);
    memset(dst, 0, sizeof dst);
    mem_copy(dst, src, 65536);
    assert_memory_equal(dst, src, 65536);
    for (size_t i = 65536; i < sizeof dst; i++)
        assert_int_equal(dst[i], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_every_length_and_alignment),
        cmocka_unit_test(test_move_overlapping_both_ways),
        cmocka_unit_test(test_fill_every_length_and_alignment),
        cmocka_unit_test(test_large_page_copy),
    };
    return cmocka_run_group_tests_name("mem_ops", tests, NULL, NULL);
}
