/* Page allocator tests against a simulated physical memory: two RAM banks
 * with a hole, reservations at the start, in the middle and straddling a
 * bank edge. "Physical" addresses map into one host buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "pmm.h"

#define RAM0 0x80000000ull
#define BANK_SIZE (4ull << 20)
#define RAM1 (RAM0 + 2 * BANK_SIZE) /* a 4 MiB hole between the banks */
#define SPAN (3 * BANK_SIZE)

static uint8_t *ram;

static void *fake_to_virt(uint64_t pa)
{
    assert_true(pa >= RAM0 && pa < RAM0 + SPAN);
    return ram + (pa - RAM0);
}

static const struct mem_range banks[] = { { RAM0, BANK_SIZE }, { RAM1, BANK_SIZE } };
static const struct mem_range reserved[] = {
    { RAM0, 0x80000 },                      /* firmware */
    { RAM0 + 0x200000, 0x1234 },            /* kernel image, not page-sized */
    { RAM1 - 0x1000, 0x3000 },              /* straddles the second bank's start */
};

static bool in(uint64_t pa, const struct mem_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pa + PAGE_SIZE > r[i].base && pa < r[i].base + r[i].size)
            return true;
    return false;
}

static int setup(void **state)
{
    (void)state;
    ram = aligned_alloc(4096, SPAN);
    memset(ram, 0xcc, SPAN);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(ram);
    return 0;
}

static void never_hands_out_reserved_or_holes(void **state)
{
    (void)state;
    struct pmm p;
    assert_int_equal(pmm_init(&p, banks, 2, reserved, 3, fake_to_virt), 0);
    uint64_t expected_max = 2 * BANK_SIZE / PAGE_SIZE;
    assert_true(p.free_pages < expected_max);
    uint8_t *seen = calloc(SPAN / PAGE_SIZE, 1);
    uint64_t n = 0, pa;
    while ((pa = pmm_alloc_page(&p)) != 0) {
        assert_false(in(pa, reserved, 3));
        assert_true(in(pa, banks, 2));
        assert_int_equal(pa % PAGE_SIZE, 0);
        /* The bitmap lives in RAM too: an allocated page must not overlap it. */
        assert_false((uint8_t *)p.bitmap >= ram + (pa - RAM0) &&
                     (uint8_t *)p.bitmap < ram + (pa - RAM0) + PAGE_SIZE);
        assert_int_equal(seen[(pa - RAM0) / PAGE_SIZE], 0);
        seen[(pa - RAM0) / PAGE_SIZE] = 1;
        n++;
    }
    assert_int_equal(n, p.total_free);
    assert_int_equal(p.free_pages, 0);
    assert_int_equal(pmm_alloc_page(&p), 0);
    free(seen);
}

static void free_and_reuse(void **state)
{
    (void)state;
    struct pmm p;
    assert_int_equal(pmm_init(&p, banks, 2, reserved, 3, fake_to_virt), 0);
    uint64_t before = p.free_pages;
    uint64_t a = pmm_alloc_page(&p), b = pmm_alloc_page(&p);
    assert_true(a && b && a != b);
    assert_int_equal(p.free_pages, before - 2);
    assert_true(pmm_free(&p, a, 1));
    assert_false(pmm_free(&p, a, 1));          /* double free */
    assert_false(pmm_free(&p, RAM0, 1));       /* reserved firmware page was never allocated */
    assert_false(pmm_free(&p, a + 1, 1));      /* misaligned */
    assert_false(pmm_free(&p, 0x1000, 1));     /* below RAM */
    assert_false(pmm_free(&p, RAM0 + SPAN, 1)); /* above RAM */
    assert_false(pmm_free(&p, b, UINT64_MAX)); /* overflowing count */
    assert_true(pmm_is_free(&p, a));
    assert_false(pmm_is_free(&p, b));
    assert_true(pmm_free(&p, b, 1));
    assert_int_equal(p.free_pages, before);
}

static void contiguous_runs_are_aligned_and_free(void **state)
{
    (void)state;
    struct pmm p;
    assert_int_equal(pmm_init(&p, banks, 2, reserved, 3, fake_to_virt), 0);
    uint64_t run = pmm_alloc_contiguous(&p, 64, 64);
    assert_true(run != 0);
    assert_int_equal(run % (64 * PAGE_SIZE), 0);
    for (uint64_t i = 0; i < 64; i++) {
        assert_false(pmm_is_free(&p, run + i * PAGE_SIZE));
        assert_false(in(run + i * PAGE_SIZE, reserved, 3));
    }
    assert_int_equal(pmm_alloc_contiguous(&p, 0, 1), 0);
    assert_int_equal(pmm_alloc_contiguous(&p, 1, 3), 0);           /* alignment not a power of two */
    assert_int_equal(pmm_alloc_contiguous(&p, BANK_SIZE / PAGE_SIZE + 1, 1), 0); /* larger than a bank */
    assert_true(pmm_free(&p, run, 64));
}

static void no_ram_is_refused(void **state)
{
    (void)state;
    struct pmm p;
    const struct mem_range tiny = { RAM0 + 1, 100 };
    assert_int_equal(pmm_init(&p, &tiny, 1, NULL, 0, fake_to_virt), -1);
    assert_int_equal(pmm_init(&p, banks, 0, NULL, 0, fake_to_virt), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(never_hands_out_reserved_or_holes, setup, teardown),
        cmocka_unit_test_setup_teardown(free_and_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(contiguous_runs_are_aligned_and_free, setup, teardown),
        cmocka_unit_test_setup_teardown(no_ram_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
