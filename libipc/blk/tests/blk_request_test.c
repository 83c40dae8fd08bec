/* Host tests for decode_blk_request: each rejection rule with its documented
 * code, the order of the checks, and 64-bit overflow edges of positions,
 * lengths and buffer offsets. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/blk_request.h>
#include <mica/abi/errno.h>

/* 1 MiB device of 512-byte blocks, 64 KiB per request, 1 MiB buffer. */
static const struct blk_device_limits disk = {
    .block_count = 2048, .block_size = 512, .max_transfer = 65536, .read_only = false
};
static const struct blk_device_limits rodisk = {
    .block_count = 2048, .block_size = 512, .max_transfer = 65536, .read_only = true
};
static const struct blk_handle_state rw_handle = { .writable = true, .buffer_bytes = 1u << 20 };
static const struct blk_handle_state ro_handle = { .writable = false, .buffer_bytes = 1u << 20 };
static const struct blk_handle_state no_buffer = { .writable = true, .buffer_bytes = 0 };

static struct blk_wire_request ring_req(uint32_t op, uint64_t lba, uint64_t length, uint64_t boff)
{
    struct blk_wire_request w = { .via = BLK_VIA_RING, .request_id = 77, .opcode = op,
                                  .position = lba, .length = length, .buffer_offset = boff };
    return w;
}

/* A message of the longest shape: every layout word and BLK_MSG_DATA_MAX data bytes. */
static uint64_t msg(uint64_t label)
{
    return MICA_MSGINFO(label, MICA_MSG_MAX_WORDS, 0);
}

static int decode(const struct blk_device_limits *d, const struct blk_handle_state *h,
                  struct blk_wire_request w)
{
    struct blk_request out;

    memset(&out, 0x5a, sizeof(out));
    return decode_blk_request(d, h, &w, &out);
}

static void test_valid_ring_read(void **state)
{
    struct blk_wire_request w = ring_req(BLK_OP_READ, 2040, 4096, 8192);
    struct blk_request out;

    (void)state;
    assert_int_equal(decode_blk_request(&disk, &rw_handle, &w, &out), 0);
    assert_int_equal(out.op, BLK_OP_READ);
    assert_int_equal(out.lba, 2040);
    assert_int_equal(out.blocks, 8);
    assert_int_equal(out.length, 4096);
    assert_int_equal(out.buffer_offset, 8192);
    assert_int_equal(out.request_id, 77);
}

static void test_message_path_uses_byte_offsets(void **state)
{
    uint64_t words[MICA_MSG_REG_WORDS] = { 1024, 512, 0, 0 };
    struct blk_wire_request w;
    struct blk_request out;

    (void)state;
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_WRITE)), words, &w);
    assert_int_equal(decode_blk_request(&disk, &rw_handle, &w, &out), 0);
    assert_int_equal(out.op, BLK_OP_WRITE);
    assert_int_equal(out.lba, 2);
    assert_int_equal(out.blocks, 1);
    words[0] = 1000; /* not a multiple of the block size */
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_WRITE)), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
    words[0] = 0; /* a whole 4 KiB block fits the IPC buffer */
    words[1] = 4096;
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_READ)), words, &w);
    assert_int_equal(decode_blk_request(&disk, &rw_handle, &w, &out), 0);
    assert_int_equal(out.blocks, 8);
    words[1] = BLK_MSG_DATA_MAX + 512; /* one block more exceeds it */
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_READ)), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_E2BIG);
}

/* Window requests: a message's words, bytes; at most window_max; none at
 * all (-ENOSYS) where the server takes no windows; no buffer involved. */
static void test_window_requests(void **state)
{
    const struct blk_device_limits windowed = {
        .block_count = 2048, .block_size = 512, .max_transfer = 65536, .window_max = 8192
    };
    uint64_t words[MICA_MSG_REG_WORDS] = { 1024, 8192, 0, 0 };
    uint64_t info = MICA_MSGINFO(BLK_LABEL(BLK_MSG_READ_WINDOW), 2, 0);
    struct blk_wire_request w;
    struct blk_request out;

    (void)state;
    blk_wire_from_message(info, words, &w);
    assert_int_equal(w.via, BLK_VIA_WINDOW);
    assert_int_equal(decode_blk_request(&windowed, &no_buffer, &w, &out), 0);
    assert_int_equal(out.op, BLK_OP_READ);
    assert_int_equal(out.lba, 2);
    assert_int_equal(out.blocks, 16);
    assert_int_equal(out.buffer_offset, 0);
    /* No windows on this server: refused as an unknown request is. */
    assert_int_equal(decode(&disk, &no_buffer, w), -MICA_ENOSYS);
    words[1] = 8192 + 512; /* past window_max, within max_transfer */
    blk_wire_from_message(info, words, &w);
    assert_int_equal(decode(&windowed, &no_buffer, w), -MICA_E2BIG);
    /* A write: the handle's and the device's checks as on every path. */
    words[1] = 512;
    blk_wire_from_message(MICA_MSGINFO(BLK_LABEL(BLK_MSG_WRITE_WINDOW), 2, 0), words, &w);
    assert_int_equal(w.opcode, BLK_OP_WRITE);
    assert_int_equal(decode(&windowed, &no_buffer, w), 0);
    assert_int_equal(decode(&windowed, &ro_handle, w), -MICA_EBADF);
    /* Fewer words than its layout: refused before anything is read. */
    blk_wire_from_message(MICA_MSGINFO(BLK_LABEL(BLK_MSG_WRITE_WINDOW), 1, 0), words, &w);
    assert_int_equal(decode(&windowed, &no_buffer, w), -MICA_EINVAL);
}

static void test_zero_copy_words(void **state)
{
    uint64_t words[MICA_MSG_REG_WORDS] = { 4096, 4096, (1u << 20) - 4096, 0 };
    struct blk_wire_request w;
    struct blk_request out;

    (void)state;
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_READ_BUFFER)), words, &w);
    assert_int_equal(decode_blk_request(&disk, &rw_handle, &w, &out), 0);
    assert_int_equal(out.via, BLK_VIA_BUFFER);
    assert_int_equal(out.lba, 8);
    assert_int_equal(out.buffer_offset, (1u << 20) - 4096);
    words[2]++; /* one byte past the end of the buffer */
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_WRITE_BUFFER)), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EFAULT);
}

/* A message shorter than its layout, or a WRITE whose data words do not
 * cover its length (the rest of the server's IPC buffer is stale). */
static void test_short_messages(void **state)
{
    uint64_t words[MICA_MSG_REG_WORDS] = { 0, 512, 0, 0 };
    uint64_t write = BLK_LABEL(BLK_MSG_WRITE);
    struct blk_wire_request w;

    (void)state;
    blk_wire_from_message(MICA_MSGINFO(write, BLK_MSG_DATA_WORD + 64, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), 0);
    blk_wire_from_message(MICA_MSGINFO(write, BLK_MSG_DATA_WORD + 63, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
    blk_wire_from_message(MICA_MSGINFO(write, 2, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
    blk_wire_from_message(MICA_MSGINFO(write, 1, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
    /* Reads carry no data; their header is two words. */
    blk_wire_from_message(MICA_MSGINFO(BLK_LABEL(BLK_MSG_READ), 2, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), 0);
    blk_wire_from_message(MICA_MSGINFO(BLK_LABEL(BLK_MSG_READ_BUFFER), 2, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
    blk_wire_from_message(MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSYNC), 0, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), 0);
    /* The data check comes last: a range error still wins. */
    words[0] = 2048ull * 512;
    blk_wire_from_message(MICA_MSGINFO(write, BLK_MSG_DATA_WORD, 0), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_ENXIO);
}

static void test_unknown_opcode_and_label(void **state)
{
    uint64_t words[MICA_MSG_REG_WORDS] = { 0, 512, 0, 0 };
    struct blk_wire_request w;

    (void)state;
    assert_int_equal(decode(&disk, &rw_handle, ring_req(3, 0, 512, 0)), -MICA_ENOSYS);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(255, 0, 512, 0)), -MICA_ENOSYS);
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_FSTAT)), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_ENOSYS);
    blk_wire_from_message(msg(0x1234), words, &w);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_ENOSYS);
}

static void test_flags_and_reserved(void **state)
{
    struct blk_wire_request w = ring_req(BLK_OP_WRITE, 0, 512, 0);

    (void)state;
    w.flags = BLK_SUBMIT_FUA;
    assert_int_equal(decode(&disk, &rw_handle, w), 0);
    w.flags = 0x80;
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
    w.flags = 0;
    w.reserved = 1;
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
}

static void test_zero_and_unaligned_length(void **state)
{
    (void)state;
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 0, 0)), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 511, 0)), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 513, 0)), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 65536 + 512, 0)),
                     -MICA_E2BIG);
}

static void test_out_of_range_lba(void **state)
{
    (void)state;
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 2047, 512, 0)), 0);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 2047, 1024, 0)), -MICA_ENXIO);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 2048, 512, 0)), -MICA_ENXIO);
    /* lba + blocks would wrap to a small number. */
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, UINT64_MAX, 512, 0)),
                     -MICA_ENXIO);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, UINT64_MAX - 3, 4096, 0)),
                     -MICA_ENXIO);
}

static void test_byte_offset_overflow(void **state)
{
    struct blk_wire_request w = ring_req(BLK_OP_READ, 0, 512, 0);

    (void)state;
    w.via = BLK_VIA_BUFFER;
    w.position = UINT64_MAX - 511; /* aligned, but lba far beyond the device */
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_ENXIO);
    w.position = 2048ull * 512;
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_ENXIO);
    w.length = UINT64_MAX - 511; /* a multiple of 512 that would wrap a u32 */
    w.position = 0;
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_E2BIG);
    w.length = (1ull << 32) + 512; /* truncates to 512 in 32 bits */
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_E2BIG);
}

static void test_buffer_range(void **state)
{
    (void)state;
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 4096, (1u << 20) - 4096)), 0);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 4096, (1u << 20) - 4095)),
                     -MICA_EFAULT);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 512, 1u << 20)), -MICA_EFAULT);
    /* offset + length wraps to 0 in 64 bits. */
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 512, UINT64_MAX - 511)),
                     -MICA_EFAULT);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_READ, 0, 512, UINT64_MAX)),
                     -MICA_EFAULT);
    assert_int_equal(decode(&disk, &no_buffer, ring_req(BLK_OP_READ, 0, 512, 0)), -MICA_EFAULT);
}

static void test_read_only(void **state)
{
    (void)state;
    assert_int_equal(decode(&rodisk, &rw_handle, ring_req(BLK_OP_WRITE, 0, 512, 0)), -MICA_EROFS);
    assert_int_equal(decode(&rodisk, &rw_handle, ring_req(BLK_OP_READ, 0, 512, 0)), 0);
    assert_int_equal(decode(&rodisk, &rw_handle, ring_req(BLK_OP_FLUSH, 0, 0, 0)), 0);
    assert_int_equal(decode(&disk, &ro_handle, ring_req(BLK_OP_WRITE, 0, 512, 0)), -MICA_EBADF);
    assert_int_equal(decode(&disk, &ro_handle, ring_req(BLK_OP_FLUSH, 0, 0, 0)), -MICA_EBADF);
}

static void test_flush(void **state)
{
    uint64_t words[MICA_MSG_REG_WORDS] = { 99, 99, 99, 99 };
    struct blk_wire_request w;
    struct blk_request out;

    (void)state;
    blk_wire_from_message(msg(BLK_LABEL(BLK_MSG_FSYNC)), words, &w);
    assert_int_equal(decode_blk_request(&disk, &rw_handle, &w, &out), 0);
    assert_int_equal(out.op, BLK_OP_FLUSH);
    assert_int_equal(out.length, 0);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_FLUSH, 1, 0, 0)), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_FLUSH, 0, 512, 0)), -MICA_EINVAL);
    assert_int_equal(decode(&disk, &rw_handle, ring_req(BLK_OP_FLUSH, 0, 0, 8)), -MICA_EINVAL);
}

/* The first failing check in the documented order decides the code. */
static void test_check_order(void **state)
{
    struct blk_wire_request w = ring_req(9, UINT64_MAX, 0, UINT64_MAX);

    (void)state;
    w.flags = 0xff;
    assert_int_equal(decode(&rodisk, &ro_handle, w), -MICA_ENOSYS);
    w.opcode = BLK_OP_WRITE;
    assert_int_equal(decode(&rodisk, &ro_handle, w), -MICA_EINVAL);
    w.flags = 0;
    assert_int_equal(decode(&rodisk, &ro_handle, w), -MICA_EBADF);
    assert_int_equal(decode(&rodisk, &rw_handle, w), -MICA_EROFS);
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EINVAL);
    w.length = 1u << 20;
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_E2BIG);
    w.length = 512;
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_ENXIO);
    w.position = 0;
    assert_int_equal(decode(&disk, &rw_handle, w), -MICA_EFAULT);
}

static void test_submission_copy(void **state)
{
    struct blk_submission s = { .request_id = 5, .opcode = BLK_OP_WRITE, .flags = BLK_SUBMIT_FUA,
                                .reserved = 0, .length = 1024, .lba = 10, .buffer_offset = 2048 };
    struct blk_wire_request w;
    struct blk_request out;

    (void)state;
    blk_wire_from_submission(&s, &w);
    assert_int_equal(decode_blk_request(&disk, &rw_handle, &w, &out), 0);
    assert_int_equal(out.request_id, 5);
    assert_int_equal(out.flags, BLK_SUBMIT_FUA);
    assert_int_equal(out.lba, 10);
    assert_int_equal(out.blocks, 2);
    assert_int_equal(out.buffer_offset, 2048);
}

static void test_message_short(void **state)
{
    (void)state;
    assert_true(blk_message_short(MICA_MSGINFO(BLK_LABEL(BLK_MSG_READ), 1, 0), BLK_MSG_READ));
    assert_false(blk_message_short(MICA_MSGINFO(BLK_LABEL(BLK_MSG_READ), 2, 0), BLK_MSG_READ));
    assert_true(blk_message_short(MICA_MSGINFO(BLK_LABEL(BLK_MSG_RING_SETUP), 0, 2),
                                  BLK_MSG_RING_SETUP));
    assert_false(blk_message_short(MICA_MSGINFO(BLK_LABEL(BLK_MSG_RING_SETUP), 0, 3),
                                   BLK_MSG_RING_SETUP));
    assert_true(blk_message_short(MICA_MSGINFO(BLK_LABEL(BLK_MSG_REGISTER_BUFFER), 0, 0),
                                  BLK_MSG_REGISTER_BUFFER));
}

static int open_with(const struct blk_device_limits *d, unsigned words, uint64_t flags,
                     uint64_t path_len, bool *writable)
{
    uint64_t w[MICA_MSG_REG_WORDS] = { flags, path_len, 0, 0 };
    return decode_blk_open(d, MICA_MSGINFO(BLK_LABEL(BLK_MSG_OPEN), words, 0), w, writable);
}

static void test_decode_open(void **state)
{
    (void)state;
    bool writable = false;
    assert_int_equal(open_with(&disk, 2, BLK_OPEN_READ | BLK_OPEN_WRITE, 0, &writable), 0);
    assert_true(writable);
    assert_int_equal(open_with(&disk, 2, BLK_OPEN_READ, 0, &writable), 0);
    assert_false(writable);
    assert_int_equal(open_with(&disk, 1, BLK_OPEN_READ, 0, &writable), -MICA_EINVAL);
    assert_int_equal(open_with(&disk, 2, 1u << 7, 0, &writable), -MICA_EINVAL);
    /* A path longer than the limit, or than the words the message carried. */
    assert_int_equal(open_with(&disk, MICA_MSG_MAX_WORDS, BLK_OPEN_READ, BLK_PATH_MAX + 1, &writable),
                     -MICA_EINVAL);
    assert_int_equal(open_with(&disk, BLK_MSG_DATA_WORD + 1, BLK_OPEN_READ, 9, &writable),
                     -MICA_EINVAL);
    /* A path the words carry: what it names is the server's to say. */
    assert_int_equal(open_with(&disk, BLK_MSG_DATA_WORD + 1, BLK_OPEN_READ, 8, &writable), 0);
    assert_int_equal(open_with(&rodisk, 2, BLK_OPEN_READ | BLK_OPEN_WRITE, 0, &writable),
                     -MICA_EACCES);
    assert_int_equal(open_with(&rodisk, 2, BLK_OPEN_READ, 0, &writable), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_ring_read),
        cmocka_unit_test(test_message_path_uses_byte_offsets),
        cmocka_unit_test(test_window_requests),
        cmocka_unit_test(test_zero_copy_words),
        cmocka_unit_test(test_short_messages),
        cmocka_unit_test(test_unknown_opcode_and_label),
        cmocka_unit_test(test_flags_and_reserved),
        cmocka_unit_test(test_zero_and_unaligned_length),
        cmocka_unit_test(test_out_of_range_lba),
        cmocka_unit_test(test_byte_offset_overflow),
        cmocka_unit_test(test_buffer_range),
        cmocka_unit_test(test_read_only),
        cmocka_unit_test(test_flush),
        cmocka_unit_test(test_check_order),
        cmocka_unit_test(test_submission_copy),
        cmocka_unit_test(test_message_short),
        cmocka_unit_test(test_decode_open),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
