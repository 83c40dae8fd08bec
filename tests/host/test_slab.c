/* Slab tests against a simulated RAM bank: every page a class takes comes
 * back to the page allocator once its chunks are all free, whatever order
 * they are freed in, and chunks never overlap while held. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "slab.h"

#define RAM0 0x80000000ull
#define RAM_SIZE (16ull << 20)

static uint8_t *ram;
static struct pmm pmm;

static void *fake_to_virt(uint64_t pa)
{
    assert_true(pa >= RAM0 && pa < RAM0 + RAM_SIZE);
    return ram + (pa - RAM0);
}

static const struct mem_range bank = { RAM0, RAM_SIZE };

static int setup(void **state)
{
    (void)state;
    ram = aligned_alloc(4096, RAM_SIZE);
    memset(ram, 0xcc, RAM_SIZE);
    assert_int_equal(pmm_init(&pmm, &bank, 1, NULL, 0, fake_to_virt), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(ram);
    return 0;
}

static struct slab new_slab(void)
{
    return (struct slab){ .pmm = &pmm, .map_offset = (uint64_t)(uintptr_t)ram - RAM0 };
}

static void classes_cover_up_to_half_a_page(void **state)
{
    (void)state;
    assert_int_equal(slab_class(1), 0);
    assert_int_equal(slab_class(64), 0);
    assert_int_equal(slab_class(65), 1);
    assert_int_equal(slab_class(2048), 5);
    assert_int_equal(slab_class(2049), -1);
    assert_int_equal(slab_chunk_bytes(5), 2048);
}

/* Many objects of every class at once, freed in a scrambled order: the
 * allocator's free count ends exactly where it began. */
static void every_page_comes_back(void **state)
{
    (void)state;
    struct slab s = new_slab();
    uint64_t free_before = pmm.free_pages;
    enum { N = 3000 };
    static void *held[SLAB_CLASSES][N];
    for (int c = 0; c < SLAB_CLASSES; c++) {
        for (unsigned i = 0; i < N; i++) {
            uint8_t *p = slab_alloc(&s, c);
            assert_non_null(p);
            assert_int_equal(p[0], 0);
            /* The user fills the chunk; a type-like first byte stays clear of the mark. */
            memset(p, 0x5a, slab_chunk_bytes(c));
            p[0] = (uint8_t)c;
            held[c][i] = p;
        }
    }
    uint64_t expected_pages = 0;
    for (int c = 0; c < SLAB_CLASSES; c++)
        expected_pages += (N * slab_chunk_bytes(c) + PAGE_SIZE - 1) / PAGE_SIZE;
    assert_int_equal(s.pages, expected_pages);
    assert_int_equal(free_before - pmm.free_pages, expected_pages);
    /* Free every 7th, then the rest: pages empty in a different order than filled. */
    for (int c = 0; c < SLAB_CLASSES; c++) {
        for (unsigned i = 0; i < N; i += 7)
            assert_true(slab_free(&s, held[c][i], c));
        for (unsigned i = 0; i < N; i++)
            if (i % 7)
                assert_true(slab_free(&s, held[c][i], c));
        assert_null(s.free[c]);
    }
    assert_int_equal(s.pages, 0);
    assert_int_equal(pmm.free_pages, free_before);
}

/* A page with one live chunk stays; the chunks freed beside it are reused
 * before a new page is taken. */
static void a_live_chunk_keeps_its_page(void **state)
{
    (void)state;
    struct slab s = new_slab();
    void *a = slab_alloc(&s, 0), *b = slab_alloc(&s, 0);
    assert_int_equal(s.pages, 1);
    assert_true(slab_free(&s, a, 0));
    assert_int_equal(s.pages, 1);
    void *c = slab_alloc(&s, 0);
    assert_int_equal(s.pages, 1);
    assert_ptr_equal((uintptr_t)c & ~(uintptr_t)(PAGE_SIZE - 1), (uintptr_t)b & ~(uintptr_t)(PAGE_SIZE - 1));
    assert_true(slab_free(&s, b, 0));
    assert_true(slab_free(&s, c, 0));
    assert_int_equal(s.pages, 0);
}

/* Chunks held at the same time never overlap. */
static void held_chunks_are_distinct(void **state)
{
    (void)state;
    struct slab s = new_slab();
    enum { N = 200 };
    uint8_t *p[N];
    for (unsigned i = 0; i < N; i++) {
        p[i] = slab_alloc(&s, 2);
        memset(p[i] + 1, (int)i, slab_chunk_bytes(2) - 1);
    }
    for (unsigned i = 0; i < N; i++)
        for (uint64_t k = 1; k < slab_chunk_bytes(2); k++)
            assert_int_equal(p[i][k], (uint8_t)i);
    for (unsigned i = 0; i < N; i++)
        assert_true(slab_free(&s, p[i], 2));
    assert_int_equal(s.pages, 0);
}

/* When RAM runs out, alloc says so and the slab is still whole. */
static void runs_out_cleanly(void **state)
{
    (void)state;
    struct slab s = new_slab();
    uint64_t free_before = pmm.free_pages;
    size_t cap = (size_t)free_before * 2 + 8;
    void **held = calloc(cap, sizeof *held);
    size_t n = 0;
    void *p;
    while ((p = slab_alloc(&s, 5)) != NULL)
        held[n++] = p;
    assert_int_equal(n, free_before * 2);
    assert_int_equal(pmm.free_pages, 0);
    while (n)
        assert_true(slab_free(&s, held[--n], 5));
    assert_int_equal(pmm.free_pages, free_before);
    free(held);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classes_cover_up_to_half_a_page),
        cmocka_unit_test_setup_teardown(every_page_comes_back, setup, teardown),
        cmocka_unit_test_setup_teardown(a_live_chunk_keeps_its_page, setup, teardown),
        cmocka_unit_test_setup_teardown(held_chunks_are_distinct, setup, teardown),
        cmocka_unit_test_setup_teardown(runs_out_cleanly, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
