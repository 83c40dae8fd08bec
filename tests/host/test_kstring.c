/* The kernel's memcpy (kernel/lib/kstring.c, built here under another name
 * so the host's own is untouched): every length to 300 bytes, aligned and
 * not, against a byte loop, with guard bytes around the destination; the
 * aligned lengths cross the sixteen-word blocks, the tail words and bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

void *kernel_memcpy(void *dst, const void *src, size_t n);

#define MAX_LEN 300u
#define GUARD 16u
#define AREA (GUARD + 8u + MAX_LEN + GUARD)

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 7u + seed);
}

static void copies_every_length_and_alignment(void **state)
{
    (void)state;
    static _Alignas(8) uint8_t src[AREA], got[AREA], want[AREA];
    fill(src, sizeof src, 1);
    for (unsigned da = 0; da < 8; da++)
        for (unsigned sa = 0; sa < 8; sa++)
            for (size_t n = 0; n <= MAX_LEN; n++) {
                fill(got, sizeof got, 2);
                fill(want, sizeof want, 2);
                for (size_t i = 0; i < n; i++)
                    want[GUARD + da + i] = src[GUARD + sa + i];
                void *r = kernel_memcpy(got + GUARD + da, src + GUARD + sa, n);
                assert_ptr_equal(r, got + GUARD + da);
                assert_memory_equal(got, want, sizeof got);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copies_every_length_and_alignment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
