/* Every request decode_blk_request must refuse, on every path: each gets its
 * documented code, and the guard blocks at the end of the disk (and the
 * client's buffer) read back unchanged afterwards. */
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>

#include "blktest.h"

#define SEED 0x696e76616c6964ull /* "invalid" */
#define GUARD_BLOCKS 8u
/* The read-write disk's end, whatever its size. */
#define GUARD_LBA (t->rw_blocks - GUARD_BLOCKS)
#define LAST_LBA (t->rw_blocks - 1u)
#define END_BYTES (t->rw_blocks * BLKTEST_BLOCK)
#define HUGE_OFFSET (UINT64_MAX - (BLKTEST_BLOCK - 1u)) /* block-aligned, far past the end */
#define RING_CAPACITY 16u
/* What refused writes carry: generation 2, where the guard holds 1
 * (tests/system/test_blktest_servers.py looks for generation 2 in the
 * disk image file). */
#define GUARD_GENERATION 1u
#define REFUSED_GENERATION 2u

static int write_guard(const struct blktest *t, struct ipc_blk_handle *h)
{
    return blktest_write_blocks(h, GUARD_LBA, GUARD_BLOCKS, SEED, GUARD_GENERATION);
}

static int check_guard(const struct blktest *t, struct ipc_blk_handle *h)
{
    return blktest_verify_blocks(h, GUARD_LBA, GUARD_BLOCKS, SEED, GUARD_GENERATION,
                                 "guard after refused requests");
}

/* A message sent by hand, `words` long, with refused data in the IPC buffer
 * past the header: the server must take only what the message carries. */
static long raw_call(long ep, uint64_t label, unsigned words, uint64_t offset, uint64_t length)
{
    blkpattern_fill(&ipc_buffer()->msg[BLK_MSG_DATA_WORD], 1, offset / BLKTEST_BLOCK, SEED,
                    REFUSED_GENERATION);
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(label, words, 0), offset, length, 0, 0);
    return m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
}

int test_invalid_message(struct blktest *t)
{
    struct ipc_blk_handle h;
    uint8_t data[2 * BLKTEST_BLOCK];
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open");
    if (write_guard(t, &h))
        return -1;
    blkpattern_fill(data, 2, LAST_LBA, SEED, REFUSED_GENERATION);
    const uint64_t last = LAST_LBA * BLKTEST_BLOCK;
    EXPECT(ipc_blk_write_message(&h, END_BYTES, data, BLKTEST_BLOCK), -MICA_ENXIO, "write at the end");
    EXPECT(ipc_blk_write_message(&h, HUGE_OFFSET, data, BLKTEST_BLOCK), -MICA_ENXIO,
           "write far past the end");
    EXPECT(ipc_blk_read_message(&h, END_BYTES, data, BLKTEST_BLOCK), -MICA_ENXIO, "read at the end");
    EXPECT(ipc_blk_write_message(&h, last, data, BLKTEST_BLOCK + 1), -MICA_EINVAL, "length 513");
    EXPECT(ipc_blk_write_message(&h, last, data, BLKTEST_BLOCK / 2), -MICA_EINVAL, "length 256");
    EXPECT(ipc_blk_write_message(&h, last, data, 0), -MICA_EINVAL, "length 0");
    EXPECT(ipc_blk_read_message(&h, last, data, 0), -MICA_EINVAL, "read length 0");
    EXPECT(ipc_blk_write_message(&h, last + 1, data, BLKTEST_BLOCK), -MICA_EINVAL,
           "unaligned offset");
    /* One block more than a message carries: the library would cut it into
     * requests, and refuses it whole first (it passes the end) before
     * reading any data byte. */
    const uint64_t too_long = BLK_MSG_DATA_MAX + BLKTEST_BLOCK;
    EXPECT(ipc_blk_write(&h, last, data, too_long), -MICA_ENXIO, "a call passing the end (library)");
    const uint64_t write = BLK_LABEL(BLK_MSG_WRITE);
    EXPECT(raw_call(h.ep, write, MICA_MSG_MAX_WORDS, last, too_long), -MICA_E2BIG,
           "a block too many (server)");
    /* Data words short of the length: the rest of the server's IPC buffer is stale. */
    EXPECT(raw_call(h.ep, write, BLK_MSG_DATA_WORD + BLKTEST_BLOCK / 16u, last, BLKTEST_BLOCK),
           -MICA_EINVAL, "write missing half its data");
    EXPECT(raw_call(h.ep, write, BLK_RW_W_LENGTH, last, BLKTEST_BLOCK), -MICA_EINVAL,
           "write without its length word");
    EXPECT(raw_call(h.ep, BLK_LABEL(BLK_MSG_COUNT), MICA_MSG_MAX_WORDS, last, BLKTEST_BLOCK),
           -MICA_ENOSYS, "unknown block label");
    EXPECT(raw_call(h.ep, 0x1234, MICA_MSG_MAX_WORDS, last, BLKTEST_BLOCK), -MICA_ENOSYS,
           "label of no protocol");
    if (check_guard(t, &h))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

int test_invalid_buffer(struct blktest *t)
{
    struct ipc_blk_handle h, bare;
    if (blktest_open_with_buffer(t, &h) || write_guard(t, &h))
        return -1;
    const uint64_t blocks = BLKTEST_BUFFER_BYTES / BLKTEST_BLOCK;
    blkpattern_fill(h.buffer, blocks, 0, SEED, REFUSED_GENERATION);
    const uint64_t last = LAST_LBA * BLKTEST_BLOCK, guard = GUARD_LBA * BLKTEST_BLOCK;
    const uint64_t tail = BLKTEST_BUFFER_BYTES - BLKTEST_BLOCK;
    EXPECT(ipc_blk_write_buffer(&h, guard, 2 * GUARD_BLOCKS * BLKTEST_BLOCK, 0), -MICA_ENXIO,
           "range passing the end");
    EXPECT(ipc_blk_write_buffer(&h, END_BYTES, BLKTEST_BLOCK, 0), -MICA_ENXIO, "write at the end");
    EXPECT(ipc_blk_write_buffer(&h, HUGE_OFFSET, BLKTEST_BLOCK, 0), -MICA_ENXIO,
           "write far past the end");
    EXPECT(ipc_blk_write_buffer(&h, last, 1000, 0), -MICA_EINVAL, "length 1000");
    EXPECT(ipc_blk_write_buffer(&h, last, 0, 0), -MICA_EINVAL, "length 0");
    EXPECT(ipc_blk_write_buffer(&h, last + 8, BLKTEST_BLOCK, 0), -MICA_EINVAL, "unaligned offset");
    EXPECT(ipc_blk_write_buffer(&h, 0, 2 * t->max_transfer, 0), -MICA_E2BIG,
           "above max_transfer");
    EXPECT(ipc_blk_write_buffer(&h, guard, 2 * BLKTEST_BLOCK, tail), -MICA_EFAULT,
           "buffer range passing its end");
    EXPECT(ipc_blk_write_buffer(&h, guard, BLKTEST_BLOCK, BLKTEST_BUFFER_BYTES), -MICA_EFAULT,
           "buffer offset at its end");
    EXPECT(ipc_blk_write_buffer(&h, guard, BLKTEST_BLOCK, HUGE_OFFSET), -MICA_EFAULT,
           "buffer offset that wraps");
    EXPECT(ipc_blk_read_buffer(&h, guard, 2 * BLKTEST_BLOCK, tail), -MICA_EFAULT,
           "read into a range passing the buffer's end");
    if (blktest_check(h.buffer, blocks, 0, SEED, REFUSED_GENERATION, "buffer after refused reads"))
        return -1;
    /* A handle without a buffer has a buffer of 0 bytes. */
    EXPECT(blktest_open(t, &bare, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open bare");
    EXPECT(ipc_blk_write_buffer(&bare, guard, BLKTEST_BLOCK, 0), -MICA_EFAULT, "no buffer");
    EXPECT(ipc_blk_close(&bare), 0, "close bare");
    if (check_guard(t, &h))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

struct refused {
    struct blk_submission s;
    int status;
    const char *what;
};

int test_invalid_ring(struct blktest *t)
{
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h) || write_guard(t, &h))
        return -1;
    EXPECT(ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY), 0, "ring setup");
    const uint64_t blocks = BLKTEST_BUFFER_BYTES / BLKTEST_BLOCK;
    blkpattern_fill(h.buffer, blocks, 0, SEED, REFUSED_GENERATION);
    const struct refused cases[] = {
        { { .opcode = 7, .length = BLKTEST_BLOCK, .lba = LAST_LBA }, -MICA_ENOSYS, "opcode 7" },
        { { .opcode = BLK_OP_WRITE, .flags = 0x80, .length = BLKTEST_BLOCK, .lba = LAST_LBA },
          -MICA_EINVAL, "unknown flag" },
        { { .opcode = BLK_OP_WRITE, .reserved = 1, .length = BLKTEST_BLOCK, .lba = LAST_LBA },
          -MICA_EINVAL, "reserved field" },
        { { .opcode = BLK_OP_WRITE, .length = 2 * BLKTEST_BLOCK, .lba = LAST_LBA }, -MICA_ENXIO,
          "range passing the end" },
        { { .opcode = BLK_OP_WRITE, .length = BLKTEST_BLOCK, .lba = t->rw_blocks },
          -MICA_ENXIO, "lba at the end" },
        { { .opcode = BLK_OP_WRITE, .length = BLKTEST_BLOCK, .lba = UINT64_MAX }, -MICA_ENXIO,
          "lba that wraps" },
        { { .opcode = BLK_OP_WRITE, .length = 0, .lba = LAST_LBA }, -MICA_EINVAL, "length 0" },
        { { .opcode = BLK_OP_WRITE, .length = 700, .lba = LAST_LBA }, -MICA_EINVAL, "length 700" },
        { { .opcode = BLK_OP_WRITE, .length = 2 * t->max_transfer, .lba = 0 }, -MICA_E2BIG,
          "above max_transfer" },
        { { .opcode = BLK_OP_WRITE, .length = 2 * BLKTEST_BLOCK, .lba = GUARD_LBA,
            .buffer_offset = BLKTEST_BUFFER_BYTES - BLKTEST_BLOCK }, -MICA_EFAULT,
          "buffer range passing its end" },
        { { .opcode = BLK_OP_READ, .length = 2 * BLKTEST_BLOCK, .lba = GUARD_LBA,
            .buffer_offset = BLKTEST_BUFFER_BYTES - BLKTEST_BLOCK }, -MICA_EFAULT,
          "read into a range passing the buffer's end" },
        { { .opcode = BLK_OP_FLUSH, .lba = 1 }, -MICA_EINVAL, "flush with an lba" },
    };
    const unsigned n = sizeof cases / sizeof cases[0];
    _Static_assert(sizeof cases / sizeof cases[0] <= RING_CAPACITY, "all in flight at once");
    bool seen[sizeof cases / sizeof cases[0]] = { false };
    for (unsigned i = 0; i < n; i++) {
        struct blk_submission s = cases[i].s;
        s.request_id = i;
        EXPECT(ipc_blk_submit(&h, &s), 0, cases[i].what);
    }
    for (unsigned i = 0; i < n; i++) {
        struct blk_completion c;
        EXPECT(ipc_blk_wait_completion(&h, &c), 0, "wait for a completion");
        if (c.request_id >= n || seen[c.request_id])
            return blktest_fail("completion for request %llu unexpected",
                                (unsigned long long)c.request_id);
        seen[c.request_id] = true;
        EXPECT(c.status, cases[c.request_id].status, cases[c.request_id].what);
        EXPECT(c.bytes, 0, "bytes of a refused request");
    }
    if (blktest_check(h.buffer, blocks, 0, SEED, REFUSED_GENERATION, "buffer after refused reads") ||
        check_guard(t, &h))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

/* A read-only disk cannot be opened for writing, so every write and flush
 * arrives on a handle without WRITE: -EBADF (check 3 comes before EROFS).
 * Its first blocks read the same before and after. */
#define RO_BLOCKS 8u

static int read_ro_blocks(struct ipc_blk_handle *h, uint8_t out[RO_BLOCKS][BLKTEST_BLOCK])
{
    for (unsigned i = 0; i < RO_BLOCKS; i++)
        EXPECT(ipc_blk_read_message(h, (uint64_t)i * BLKTEST_BLOCK, out[i], BLKTEST_BLOCK),
               BLKTEST_BLOCK, "read the read-only disk");
    return 0;
}

static int check_ro_unchanged(struct ipc_blk_handle *h, uint8_t before[RO_BLOCKS][BLKTEST_BLOCK])
{
    static uint8_t after[RO_BLOCKS][BLKTEST_BLOCK];
    if (read_ro_blocks(h, after))
        return -1;
    for (unsigned i = 0; i < RO_BLOCKS; i++)
        for (unsigned j = 0; j < BLKTEST_BLOCK; j++)
            if (after[i][j] != before[i][j])
                return blktest_fail("read-only disk block %u byte %u: 0x%02x, was 0x%02x", i, j,
                                    after[i][j], before[i][j]);
    return 0;
}

int test_read_only(struct blktest *t)
{
    static uint8_t before[RO_BLOCKS][BLKTEST_BLOCK];
    struct ipc_blk_handle h;
    uint8_t data[BLKTEST_BLOCK];
    EXPECT(blktest_open(t, &h, true, BLK_OPEN_READ), 0, "open the read-only disk");
    if (read_ro_blocks(&h, before))
        return -1;
    blkpattern_fill(data, 1, 0, SEED, REFUSED_GENERATION);
    EXPECT(ipc_blk_write_message(&h, 0, data, BLKTEST_BLOCK), -MICA_EBADF, "message write");
    EXPECT(raw_call(h.ep, BLK_LABEL(BLK_MSG_WRITE), MICA_MSG_MAX_WORDS, BLKTEST_BLOCK,
                    BLKTEST_BLOCK),
           -MICA_EBADF, "write sent by hand");
    EXPECT(ipc_blk_fsync(&h), -MICA_EBADF, "fsync");
    if (check_ro_unchanged(&h, before))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

int test_read_only_paths(struct blktest *t)
{
    static uint8_t before[RO_BLOCKS][BLKTEST_BLOCK];
    struct ipc_blk_handle h;
    EXPECT(blktest_open(t, &h, true, BLK_OPEN_READ), 0, "open the read-only disk");
    if (read_ro_blocks(&h, before))
        return -1;
    EXPECT(ipc_blk_buffer_create(&h, BLKTEST_BUFFER_PAGES, BLKTEST_BUFFER_FRAMES),
           BLKTEST_BUFFER_BYTES, "register buffer");
    EXPECT(ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY), 0, "ring setup");
    blkpattern_fill(h.buffer, RO_BLOCKS, 0, SEED, REFUSED_GENERATION);
    EXPECT(ipc_blk_write_buffer(&h, 0, BLKTEST_BLOCK, 0), -MICA_EBADF, "buffer write");
    struct blk_submission s = { .request_id = 1, .opcode = BLK_OP_WRITE,
                                .length = RO_BLOCKS * BLKTEST_BLOCK };
    struct blk_submission flush = { .request_id = 2, .opcode = BLK_OP_FLUSH };
    struct blk_completion c;
    EXPECT(ipc_blk_submit(&h, &s), 0, "submit write");
    EXPECT(ipc_blk_submit(&h, &flush), 0, "submit flush");
    for (unsigned i = 0; i < 2; i++) {
        EXPECT(ipc_blk_wait_completion(&h, &c), 0, "wait for a completion");
        EXPECT(c.status, -MICA_EBADF, c.request_id == 1 ? "ring write" : "ring flush");
    }
    /* What the buffer path reads is what the message path read. */
    memset(h.buffer, 0xa5, RO_BLOCKS * BLKTEST_BLOCK);
    EXPECT(ipc_blk_read_buffer(&h, 0, RO_BLOCKS * BLKTEST_BLOCK, 0), RO_BLOCKS * BLKTEST_BLOCK,
           "buffer read");
    if (memcmp(h.buffer, before, sizeof before) != 0)
        return blktest_fail("the buffer path read other bytes than the message path");
    if (check_ro_unchanged(&h, before))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}
