/* Host tests for the block servers' handle table: badges name exactly the
 * open they came from, a full table is -EMFILE, a draining entry is not
 * reused, a failed mint leaves the entry free, close revokes the cap, and
 * the sweep finds exactly the open handles nobody holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/blk_handle_badge.h>
#include <mica/blk_handle_table.h>
#include <mica/abi/errno.h>

/* A server's handle: the common part first, then its own state. */
struct server_handle {
    struct blk_handle common;
    uint64_t private_state;
};

#define ENTRIES 4u
#define SERVER_ENDPOINT 24

static struct server_handle handles[ENTRIES];
static struct blk_handle_table table;
static long next_slot, mint_error, last_revoked;
static uint64_t last_badge;

static long fake_mint(long endpoint, uint64_t badge)
{
    assert_int_equal(endpoint, SERVER_ENDPOINT);
    if (mint_error)
        return mint_error;
    last_badge = badge;
    return next_slot++;
}

static void fake_revoke(long slot)
{
    last_revoked = slot;
}

/* Slots (from 100) whose client copies are all gone. */
static bool unheld[ENTRIES + 8];

static bool fake_held(long slot)
{
    return !unheld[slot - 100];
}

static const struct blk_handle_caps fake_caps = { fake_mint, fake_revoke, fake_held };

static int setup(void **state)
{
    (void)state;
    memset(handles, 0xa5, sizeof handles); /* init must clear whatever was there */
    next_slot = 100;
    mint_error = 0;
    last_revoked = 0;
    memset(unheld, 0, sizeof unheld);
    blk_handle_table_init(&table, handles, sizeof handles[0], ENTRIES, SERVER_ENDPOINT, &fake_caps);
    return 0;
}

static struct blk_handle *open_one(bool writable)
{
    struct blk_handle *h = 0;
    assert_int_equal(blk_handle_open(&table, writable, &h), 0);
    assert_non_null(h);
    return h;
}

static void test_open_mints_the_badge_lookup_finds(void **state)
{
    (void)state;
    for (unsigned i = 0; i < ENTRIES; i++)
        assert_false(handles[i].common.open);
    struct blk_handle *h = open_one(true);
    assert_ptr_equal(h, &handles[0].common);
    assert_true(h->writable);
    assert_int_equal(h->endpoint, 100);
    uint64_t badge = blk_handle_badge_of(&table, h);
    assert_int_equal(badge, last_badge);
    assert_true(badge & BLK_BADGE_HANDLE);
    assert_ptr_equal(blk_handle_lookup(&table, badge), h);
    struct blk_handle *second = open_one(false);
    assert_ptr_equal(second, &handles[1].common);
    assert_int_equal(blk_handle_index(&table, second), 1);
    assert_ptr_equal(blk_handle_lookup(&table, blk_handle_badge_of(&table, second)), second);
}

static void test_open_clears_the_servers_part(void **state)
{
    (void)state;
    struct blk_handle *h = open_one(false);
    assert_int_equal(((struct server_handle *)(void *)h)->private_state, 0);
    ((struct server_handle *)(void *)h)->private_state = 7;
    blk_handle_close(&table, h);
    h = open_one(false);
    assert_int_equal(((struct server_handle *)(void *)h)->private_state, 0);
}

static void test_foreign_and_out_of_range_badges(void **state)
{
    (void)state;
    struct blk_handle *h = open_one(true);
    uint64_t badge = blk_handle_badge_of(&table, h);
    assert_null(blk_handle_lookup(&table, 0));                          /* the name service's */
    assert_null(blk_handle_lookup(&table, badge & ~BLK_BADGE_HANDLE));  /* no marker */
    assert_null(blk_handle_lookup(&table, blk_handle_badge(h->generation, ENTRIES)));
    assert_null(blk_handle_lookup(&table, badge + (1ull << BLK_BADGE_INDEX_BITS)));
}

static void test_close_revokes_and_stale_badge_fails(void **state)
{
    (void)state;
    struct blk_handle *h = open_one(true);
    uint64_t old = blk_handle_badge_of(&table, h);
    blk_handle_close(&table, h);
    assert_int_equal(last_revoked, 100);
    assert_false(h->open);
    assert_null(blk_handle_lookup(&table, old));
    struct blk_handle *again = open_one(true); /* the same entry, a new generation */
    assert_ptr_equal(again, h);
    assert_null(blk_handle_lookup(&table, old));
    assert_ptr_equal(blk_handle_lookup(&table, blk_handle_badge_of(&table, again)), again);
}

static void test_full_table_and_draining(void **state)
{
    (void)state;
    struct blk_handle *hs[ENTRIES];
    for (unsigned i = 0; i < ENTRIES; i++)
        hs[i] = open_one(false);
    struct blk_handle *h = 0;
    assert_int_equal(blk_handle_open(&table, false, &h), -MICA_EMFILE);
    blk_handle_close(&table, hs[2]);
    hs[2]->draining = true; /* the device still uses what it owns */
    assert_int_equal(blk_handle_open(&table, false, &h), -MICA_EMFILE);
    hs[2]->draining = false;
    assert_int_equal(blk_handle_open(&table, false, &h), 0);
    assert_ptr_equal(h, hs[2]);
}

static void test_failed_mint_leaves_entry_free(void **state)
{
    (void)state;
    struct blk_handle *h = 0;
    mint_error = -MICA_ENOSPC;
    assert_int_equal(blk_handle_open(&table, true, &h), -MICA_ENOSPC);
    assert_null(h);
    assert_false(handles[0].common.open);
    mint_error = 0;
    assert_ptr_equal(open_one(true), &handles[0].common);
}

static void test_generation_wraps_below_the_marker(void **state)
{
    (void)state;
    handles[0].common.generation = BLK_BADGE_GENERATION_MAX;
    struct blk_handle *h = open_one(false);
    assert_int_equal(h->generation, 1);
    assert_ptr_equal(blk_handle_lookup(&table, blk_handle_badge_of(&table, h)), h);
}

static void test_sweep_finds_only_open_unheld_handles(void **state)
{
    (void)state;
    struct blk_handle *hs[ENTRIES];
    for (unsigned i = 0; i < ENTRIES; i++)
        hs[i] = open_one(false);
    unsigned from = 0;
    assert_null(blk_handle_next_unheld(&table, &from)); /* every client still holds its copy */
    unheld[hs[1]->endpoint - 100] = true;
    unheld[hs[3]->endpoint - 100] = true;
    blk_handle_close(&table, hs[3]); /* closed already: not the sweep's */
    from = 0;
    assert_ptr_equal(blk_handle_next_unheld(&table, &from), hs[1]);
    assert_int_equal(from, 2);
    assert_null(blk_handle_next_unheld(&table, &from));
    assert_int_equal(from, ENTRIES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_open_mints_the_badge_lookup_finds, setup),
        cmocka_unit_test_setup(test_open_clears_the_servers_part, setup),
        cmocka_unit_test_setup(test_foreign_and_out_of_range_badges, setup),
        cmocka_unit_test_setup(test_close_revokes_and_stale_badge_fails, setup),
        cmocka_unit_test_setup(test_full_table_and_draining, setup),
        cmocka_unit_test_setup(test_failed_mint_leaves_entry_free, setup),
        cmocka_unit_test_setup(test_generation_wraps_below_the_marker, setup),
        cmocka_unit_test_setup(test_sweep_finds_only_open_unheld_handles, setup),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
