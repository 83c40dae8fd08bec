/* Host tests for the direct run's shared rules: every refusal of
 * decode_blk_direct_mix with its code and order, the limits' edges (no
 * wrapping product), the offsets of each pattern, and the reply words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/blk_direct.h>
#include <mica/abi/errno.h>

/* 1 MiB of 512-byte blocks. */
static const struct blk_device_limits disk = {
    .block_count = 2048, .block_size = 512, .max_transfer = 65536, .read_only = false
};
static const struct blk_device_limits rodisk = {
    .block_count = 2048, .block_size = 512, .max_transfer = 65536, .read_only = true
};
static const struct blk_handle_state rw = { .writable = true };
static const struct blk_handle_state ro = { .writable = false };

static const uint64_t INFO = MICA_MSGINFO(BLK_DIRECT_LABEL, BLK_DIRECT_WORDS, 0);

static int decode(const struct blk_device_limits *d, const struct blk_handle_state *h, uint64_t info,
                  uint64_t pattern, uint64_t size, uint64_t depth, uint64_t ops)
{
    const uint64_t words[BLK_DIRECT_WORDS] = { pattern, size, depth, ops, 99 };
    struct blk_direct_mix out;
    memset(&out, 0x5a, sizeof out);
    int r = decode_blk_direct_mix(d, h, info, words, &out);
    if (r == 0) {
        assert_int_equal(out.pattern, pattern);
        assert_int_equal(out.block_size, size);
        assert_int_equal(out.queue_depth, depth);
        assert_int_equal(out.ops, ops);
        assert_int_equal(out.seed, 99);
    }
    return r;
}

static void test_valid_mixes(void **state)
{
    (void)state;
    for (uint64_t p = 0; p < BLK_DIRECT_PATTERN_COUNT; p++)
        assert_int_equal(decode(&disk, &rw, INFO, p, 4096, 32, 10000), 0);
    /* The limits themselves are accepted. */
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, BLK_DIRECT_BLOCK_MAX, 1,
                            BLK_DIRECT_OPS_MAX), 0);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 512, BLK_DIRECT_QUEUE_DEPTH_MAX, 1), 0);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, BLK_DIRECT_SPAN_MAX / 64, 64, 1), 0);
    /* A read-only handle or device still runs reads. */
    assert_int_equal(decode(&rodisk, &ro, INFO, BLK_DIRECT_RANDREAD, 512, 1, 1), 0);
}

static void test_bad_parameters(void **state)
{
    (void)state;
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_PATTERN_COUNT, 4096, 1, 1), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, 1ull << 40, 4096, 1, 1), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 0, 1, 1), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 768, 1, 1), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, BLK_DIRECT_BLOCK_MAX + 512, 1, 1),
                     -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 4096, 0, 1), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 4096, BLK_DIRECT_QUEUE_DEPTH_MAX + 1, 1),
                     -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, BLK_DIRECT_SPAN_MAX / 32 + 512, 32, 1),
                     -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 4096, 1, 0), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 4096, 1, BLK_DIRECT_OPS_MAX + 1),
                     -MICA_EINVAL);
    /* Huge words must not wrap into range when multiplied. */
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 1ull << 63, 2, 1), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 512, 1ull << 55, 1), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw, INFO, BLK_DIRECT_READ, 4096, 1, (1ull << 32) + 1),
                     -MICA_EINVAL);
    /* A block larger than the whole device. */
    const struct blk_device_limits tiny = { .block_count = 8, .block_size = 512, .max_transfer = 4096 };
    assert_int_equal(decode(&tiny, &rw, INFO, BLK_DIRECT_READ, 4096, 1, 1), 0);
    assert_int_equal(decode(&tiny, &rw, INFO, BLK_DIRECT_READ, 8192, 1, 1), -MICA_EINVAL);
}

static void test_short_message(void **state)
{
    (void)state;
    uint64_t four = MICA_MSGINFO(BLK_DIRECT_LABEL, BLK_DIRECT_WORDS - 1, 0);
    assert_int_equal(decode(&disk, &rw, four, BLK_DIRECT_READ, 4096, 1, 1), -MICA_EINVAL);
}

static void test_write_permission_and_order(void **state)
{
    (void)state;
    assert_int_equal(decode(&disk, &ro, INFO, BLK_DIRECT_WRITE, 4096, 1, 1), -MICA_EBADF);
    assert_int_equal(decode(&disk, &ro, INFO, BLK_DIRECT_RANDWRITE, 4096, 1, 1), -MICA_EBADF);
    assert_int_equal(decode(&rodisk, &rw, INFO, BLK_DIRECT_WRITE, 4096, 1, 1), -MICA_EROFS);
    /* The handle is checked before the parameters, the words before both. */
    assert_int_equal(decode(&disk, &ro, INFO, BLK_DIRECT_WRITE, 0, 0, 0), -MICA_EBADF);
    uint64_t short_info = MICA_MSGINFO(BLK_DIRECT_LABEL, 2, 0);
    assert_int_equal(decode(&disk, &ro, short_info, BLK_DIRECT_WRITE, 4096, 1, 1), -MICA_EINVAL);
}

static void test_sequential_offsets_wrap(void **state)
{
    (void)state;
    /* 1 MiB / 3 KiB = 341 whole blocks: the 342nd request starts at 0 again. */
    struct blk_direct_mix mix = { .pattern = BLK_DIRECT_WRITE, .block_size = 3072, .queue_depth = 1,
                                  .ops = 400 };
    struct blk_direct_offsets o;
    blk_direct_offsets_init(&o, &mix, 1u << 20);
    for (uint64_t i = 0; i < 341; i++)
        assert_int_equal(blk_direct_next_offset(&o), i * 3072);
    assert_int_equal(blk_direct_next_offset(&o), 0);
    assert_int_equal(blk_direct_next_offset(&o), 3072);
}

static void test_random_offsets(void **state)
{
    (void)state;
    struct blk_direct_mix mix = { .pattern = BLK_DIRECT_RANDREAD, .block_size = 8192, .queue_depth = 1,
                                  .ops = 1000, .seed = 11 };
    struct blk_direct_offsets a, b, zero_seed, one_seed;
    blk_direct_offsets_init(&a, &mix, 2u << 20);
    blk_direct_offsets_init(&b, &mix, 2u << 20);
    /* The first draws of xorshift64* from 11, by hand from the documented step. */
    uint64_t x = 11;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    assert_int_equal(blk_direct_next_offset(&a), (x * 0x2545F4914F6CDD1Dull) % 256 * 8192);
    assert_int_equal(blk_direct_next_offset(&b), (x * 0x2545F4914F6CDD1Dull) % 256 * 8192);
    unsigned seen_high = 0;
    for (unsigned i = 0; i < 999; i++) {
        uint64_t off = blk_direct_next_offset(&a);
        assert_int_equal(off, blk_direct_next_offset(&b)); /* the same seed, the same mix */
        assert_int_equal(off % 8192, 0);
        assert_true(off + 8192 <= (2u << 20));
        seen_high += off >= (1u << 20);
    }
    assert_true(seen_high > 300 && seen_high < 700); /* spread over the device */
    /* Seed 0 counts as 1. */
    mix.seed = 0;
    blk_direct_offsets_init(&zero_seed, &mix, 2u << 20);
    mix.seed = 1;
    blk_direct_offsets_init(&one_seed, &mix, 2u << 20);
    for (unsigned i = 0; i < 10; i++)
        assert_int_equal(blk_direct_next_offset(&zero_seed), blk_direct_next_offset(&one_seed));
}

static void test_result_words(void **state)
{
    (void)state;
    const struct blk_direct_result in = { 1, 2, 3, 4, 5, 6, 7, 8 };
    uint64_t words[BLK_DIRECT_REPLY_WORDS] = { 0xdead };
    blk_direct_result_to_words(&in, words);
    assert_int_equal(words[BLK_REPLY_W_STATUS], 0xdead); /* the status is the caller's */
    for (unsigned i = BLK_DIRECT_REPLY_W_OPS; i < BLK_DIRECT_REPLY_WORDS; i++)
        assert_int_equal(words[i], i);
    struct blk_direct_result out;
    blk_direct_result_from_words(words, &out);
    assert_memory_equal(&in, &out, sizeof in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_mixes),
        cmocka_unit_test(test_bad_parameters),
        cmocka_unit_test(test_short_message),
        cmocka_unit_test(test_write_permission_and_order),
        cmocka_unit_test(test_sequential_offsets_wrap),
        cmocka_unit_test(test_random_offsets),
        cmocka_unit_test(test_result_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
