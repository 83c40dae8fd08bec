/* The simple calls' decisions: which way a call goes, how long its
 * requests are, the whole-call check (the server's, on the sum of the
 * requests), the bounce buffer's size and what FSTAT may say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include <mica/abi/errno.h>

#include "../blk_simple_plan.h"

static struct ipc_blk_simple windowed_disk(uint32_t block, uint64_t blocks, uint32_t max_transfer,
                                           uint32_t window_max)
{
    struct ipc_blk_simple s;
    memset(&s, 0, sizeof s);
    struct blk_stat st = { .size_bytes = blocks * block, .block_size = block,
                           .max_transfer = max_transfer };
    assert_int_equal(blk_simple_learn(&s, &st, window_max), 0);
    s.writable = true;
    return s;
}

/* A server without windows. */
static struct ipc_blk_simple disk(uint32_t block, uint64_t blocks, uint32_t max_transfer)
{
    return windowed_disk(block, blocks, max_transfer, 0);
}

static void windows_go_where_they_are_long_enough(void **state)
{
    (void)state;
    /* Windows as long as the requests (a memory disk): every call not in place. */
    struct ipc_blk_simple s = windowed_disk(512, 2048, 65536, 65536);
    assert_int_equal(blk_simple_choose(&s, false, false, BLK_SIMPLE_WINDOW_MIN), BLK_SIMPLE_WINDOWS);
    /* Below the shortest window: a message. */
    assert_int_equal(blk_simple_choose(&s, false, false, 512), BLK_SIMPLE_MESSAGES);
    assert_int_equal(blk_simple_choose(&s, false, false, 1u << 20), BLK_SIMPLE_WINDOWS);
    assert_int_equal(blk_simple_choose(&s, false, true, 1u << 20), BLK_SIMPLE_WINDOWS);
    assert_int_equal(blk_simple_choose(&s, true, true, 1u << 20), BLK_SIMPLE_IN_PLACE);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_WINDOWS, 0), 65536);
    /* Shorter windows (staged by a device's driver): the calls one holds;
     * longer ones as before. */
    s = windowed_disk(512, 2048, 65536, 4096);
    assert_int_equal(blk_simple_choose(&s, false, false, 4096), BLK_SIMPLE_WINDOWS);
    assert_int_equal(blk_simple_choose(&s, false, false, 4096 + 512), BLK_SIMPLE_MAKE_BOUNCE);
    assert_int_equal(blk_simple_choose(&s, false, true, 8192), BLK_SIMPLE_MESSAGES);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_WINDOWS, 0), 4096);
}

static void the_way_follows_the_data_and_the_buffer(void **state)
{
    (void)state;
    struct ipc_blk_simple s = disk(512, 2048, 65536);
    /* Small calls on a fresh handle stay messages: nothing is registered. */
    assert_int_equal(blk_simple_choose(&s, false, false, 512), BLK_SIMPLE_MESSAGES);
    assert_int_equal(blk_simple_choose(&s, false, false, BLK_MSG_DATA_MAX), BLK_SIMPLE_MESSAGES);
    assert_int_equal(blk_simple_choose(&s, false, false, BLK_MSG_DATA_MAX + 512),
                     BLK_SIMPLE_MAKE_BOUNCE);
    /* Data in the handle's buffer: in place, whatever else holds. */
    assert_int_equal(blk_simple_choose(&s, true, true, 512), BLK_SIMPLE_IN_PLACE);
    /* The caller's buffer is not the library's to copy through. */
    assert_int_equal(blk_simple_choose(&s, false, true, 1u << 20), BLK_SIMPLE_MESSAGES);
    s.bounce_refused = true;
    assert_int_equal(blk_simple_choose(&s, false, false, 1u << 20), BLK_SIMPLE_MESSAGES);
    s.bounce_refused = false;
    s.bounce = true;
    /* Once made, the bounce buffer carries small calls too. */
    assert_int_equal(blk_simple_choose(&s, false, true, 512), BLK_SIMPLE_BOUNCE);
    assert_int_equal(blk_simple_choose(&s, true, true, 512), BLK_SIMPLE_IN_PLACE);
}

static void pieces_are_whole_blocks_within_every_limit(void **state)
{
    (void)state;
    struct ipc_blk_simple s = disk(512, 2048, 65536);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_MESSAGES, 0), BLK_MSG_DATA_MAX);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_IN_PLACE, 0), 65536);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_BOUNCE, 65536), 65536);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_BOUNCE, 16384), 16384);
    s = disk(2048, 64, 2048 * 3);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_MESSAGES, 0), 4096);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_BOUNCE, 5000), 4096);
    /* A block larger than a message: none fits, the server refuses it. */
    s = disk(8192, 64, 65536);
    assert_int_equal(blk_simple_piece(&s.device, BLK_SIMPLE_MESSAGES, 0), 0);
}

static void a_call_is_checked_whole(void **state)
{
    (void)state;
    struct ipc_blk_simple s = disk(512, 2048, 65536); /* 1 MiB */
    assert_int_equal(decode_blk_simple(&s, false, 0, 1u << 20), 0);
    assert_int_equal(decode_blk_simple(&s, true, 512, 1u << 20), -MICA_ENXIO);
    assert_int_equal(decode_blk_simple(&s, true, UINT64_MAX - 511, 512), -MICA_ENXIO);
    assert_int_equal(decode_blk_simple(&s, true, 0, 65536 + 100), -MICA_EINVAL);
    assert_int_equal(decode_blk_simple(&s, true, 100, 65536), -MICA_EINVAL);
    assert_int_equal(decode_blk_simple(&s, false, 0, 0), -MICA_EINVAL);
    /* Above 4 GiB no request size reaches. */
    struct ipc_blk_simple big = disk(512, 1ull << 24, 65536); /* 8 GiB */
    assert_int_equal(decode_blk_simple(&big, false, 0, 1ull << 32), -MICA_E2BIG);
    assert_int_equal(decode_blk_simple(&big, false, 0, (1ull << 32) - 512), 0);
    /* The server's order: a handle without WRITE is EBADF first. */
    s.writable = false;
    assert_int_equal(decode_blk_simple(&s, true, 512, 1u << 20), -MICA_EBADF);
    assert_int_equal(decode_blk_simple(&s, false, 0, 4096), 0);
    s.writable = true;
    s.device.read_only = true;
    assert_int_equal(decode_blk_simple(&s, true, 0, 4096), -MICA_EROFS);
}

static void bounce_size_is_bounded(void **state)
{
    (void)state;
    struct ipc_blk_simple s = disk(512, 2048, 65536);
    assert_int_equal(blk_simple_bounce_pages(&s.device), 16);
    s = disk(512, 2048, 4u << 20);
    assert_int_equal(blk_simple_bounce_pages(&s.device) * MICA_PAGE_SIZE, IPC_BLK_BOUNCE_MAX);
    s = disk(512, 2048, 1536);
    assert_int_equal(blk_simple_bounce_pages(&s.device), 1);
}

static void a_wrong_fstat_is_not_learnt(void **state)
{
    (void)state;
    struct ipc_blk_simple s;
    memset(&s, 0, sizeof s);
    struct blk_stat zero = { .size_bytes = 4096, .block_size = 0, .max_transfer = 4096 };
    struct blk_stat odd = { .size_bytes = 4096, .block_size = 768, .max_transfer = 1536 };
    struct blk_stat small = { .size_bytes = 4096, .block_size = 512, .max_transfer = 256 };
    struct blk_stat ragged = { .size_bytes = 4096, .block_size = 512, .max_transfer = 1000 };
    struct blk_stat good = { .size_bytes = 4096, .block_size = 512, .max_transfer = 2048 };
    assert_int_equal(blk_simple_learn(&s, &zero, 0), -MICA_EPROTO);
    assert_int_equal(blk_simple_learn(&s, &odd, 0), -MICA_EPROTO);
    assert_int_equal(blk_simple_learn(&s, &small, 0), -MICA_EPROTO);
    assert_int_equal(blk_simple_learn(&s, &ragged, 0), -MICA_EPROTO);
    /* Windows longer than a request, or of no whole block. */
    assert_int_equal(blk_simple_learn(&s, &good, 2560), -MICA_EPROTO);
    assert_int_equal(blk_simple_learn(&s, &good, 1000), -MICA_EPROTO);
    assert_int_equal(blk_simple_learn(&s, &good, 1ull << 40), -MICA_EPROTO);
    assert_false(s.known);
    assert_int_equal(blk_simple_learn(&s, &good, 1024), 0);
    assert_int_equal(s.device.window_max, 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_way_follows_the_data_and_the_buffer),
        cmocka_unit_test(windows_go_where_they_are_long_enough),
        cmocka_unit_test(pieces_are_whole_blocks_within_every_limit),
        cmocka_unit_test(a_call_is_checked_whole),
        cmocka_unit_test(bounce_size_is_bounded),
        cmocka_unit_test(a_wrong_fstat_is_not_learnt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
