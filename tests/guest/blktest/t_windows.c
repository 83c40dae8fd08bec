/* The window path by hand (READ_WINDOW/WRITE_WINDOW): FSTAT says how long a
 * window request may be (a server without windows answers one -ENOSYS);
 * the pattern goes out and comes back through windows; and every window
 * the kernel or the server must refuse -- shorter than the request, offered
 * for the other direction, not offered, on unmapped memory, read-only for a
 * read -- is refused with nothing moved: the disk and the memory keep what
 * they had. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/cap.h>

#include "blktest.h"

#define SEED 0x77696e646f77ull /* "window" */
#define MOST (64u * 1024u)

static uint8_t data[MOST] __attribute__((aligned(MICA_PAGE_SIZE)));

/* One window request on [window, +bytes) offered with `access`: the bytes
 * moved or the error. */
static long window_call(struct ipc_blk_handle *h, bool write, uint64_t offset, uint64_t length,
                        void *window, uint64_t bytes, unsigned access)
{
    uint64_t label = BLK_LABEL(write ? BLK_MSG_WRITE_WINDOW : BLK_MSG_READ_WINDOW);
    ipc_window_offer(window, bytes, access);
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(label, BLK_RW_W_LENGTH + 1, 0), offset, length, 0, 0);
    ipc_window_withdraw();
    if (m.badge < 0)
        return m.badge;
    long status = (long)m.w[BLK_REPLY_W_STATUS];
    return status < 0 ? status : (long)m.w[BLK_RW_REPLY_W_BYTES];
}

static long window_max(struct ipc_blk_handle *h)
{
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSTAT), 0, 0), 0, 0, 0, 0);
    if (m.badge < 0 || (long)m.w[BLK_REPLY_W_STATUS] < 0)
        return m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
    if (MICA_MSGINFO_WORDS(m.info) <= BLK_FSTAT_REPLY_W_WINDOW_MAX)
        return 0;
    return (long)ipc_msg_word(&m, BLK_FSTAT_REPLY_W_WINDOW_MAX);
}

/* The disk's first `bytes` hold generation gen. */
static int disk_holds(struct ipc_blk_handle *h, uint64_t bytes, uint64_t gen, const char *what)
{
    static uint8_t check[MOST];
    for (uint64_t at = 0; at < bytes; at += BLKTEST_BLOCK)
        EXPECT(ipc_blk_read_message(h, at, check + at, BLKTEST_BLOCK), BLKTEST_BLOCK, what);
    return blktest_check(check, bytes / BLKTEST_BLOCK, 0, SEED, gen, what);
}

static int refusals(struct ipc_blk_handle *h, uint64_t length, uint64_t gen)
{
    const unsigned to = MICA_WINDOW_TO_CALLER, from = MICA_WINDOW_FROM_CALLER;
    blkpattern_fill(data, length / BLKTEST_BLOCK, 0, SEED, gen + 1);
    /* A window a block short of the write, or offered for reads only, or
     * not offered: nothing of it lands. */
    EXPECT(window_call(h, true, 0, length, data, length - BLKTEST_BLOCK, from), -MICA_EFAULT,
           "a window shorter than the write");
    EXPECT(window_call(h, true, 0, length, data, length, to), -MICA_EACCES,
           "a write's window offered for reads");
    EXPECT(window_call(h, true, 0, length, data, length, 0), -MICA_EACCES, "no window");
    /* Memory that is not there any more. */
    long frame, err;
    uint8_t *gone = ipc_frame_map_new(1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    if (!gone)
        return blktest_fail("map a page: %ld", err);
    ipc_frame_unmap(gone, 1, frame);
    EXPECT(window_call(h, true, 0, BLKTEST_BLOCK, gone, BLKTEST_BLOCK, from), -MICA_EFAULT,
           "a write from unmapped memory");
    EXPECT(window_call(h, false, 0, BLKTEST_BLOCK, gone, BLKTEST_BLOCK, to), -MICA_EFAULT,
           "a read into unmapped memory");
    if (disk_holds(h, length, gen, "after refused writes"))
        return -1;
    /* A read into a read-only view of a page: refused, the page unchanged. */
    long ro_frame;
    uint8_t *page = ipc_frame_map_new(1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    uint8_t *ro = page ? ipc_frame_map_copy(frame, 1, MICA_RIGHT_READ, &ro_frame, &err) : 0;
    if (!ro)
        return blktest_fail("map a read-only page: %ld", err);
    memset(page, 0x5a, MICA_PAGE_SIZE);
    EXPECT(window_call(h, false, 0, BLKTEST_BLOCK, ro, BLKTEST_BLOCK, to), -MICA_EFAULT,
           "a read into read-only memory");
    for (unsigned i = 0; i < MICA_PAGE_SIZE; i++)
        if (page[i] != 0x5a)
            return blktest_fail("a refused read wrote byte %u of the page", i);
    ipc_frame_unmap(ro, 1, ro_frame);
    ipc_frame_unmap(page, 1, frame);
    return 0;
}

int test_window_path(struct blktest *t)
{
    struct ipc_blk_handle h;
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open");
    long max = window_max(&h);
    if (max < 0)
        return blktest_fail("fstat: %ld", max);
    if (max == 0) {
        EXPECT(window_call(&h, false, 0, BLKTEST_BLOCK, data, BLKTEST_BLOCK, MICA_WINDOW_TO_CALLER),
               -MICA_ENOSYS, "a window request to a server without windows");
        return ipc_blk_close(&h);
    }
    if (max % BLKTEST_BLOCK || (uint64_t)max > t->max_transfer)
        return blktest_fail("window_max %ld: not whole blocks up to max_transfer", max);
    uint64_t length = (uint64_t)max < MOST ? (uint64_t)max : MOST;
    if (length > t->rw_blocks * BLKTEST_BLOCK)
        length = t->rw_blocks * BLKTEST_BLOCK;
    const uint64_t gen = 1;
    /* Out and back by windows; a message read agrees. */
    blkpattern_fill(data, length / BLKTEST_BLOCK, 0, SEED, gen);
    EXPECT(window_call(&h, true, 0, length, data, length, MICA_WINDOW_FROM_CALLER), (long)length,
           "window write");
    memset(data, 0, length);
    EXPECT(window_call(&h, false, 0, length, data, length, MICA_WINDOW_TO_CALLER), (long)length,
           "window read");
    if (blktest_check(data, length / BLKTEST_BLOCK, 0, SEED, gen, "window read") ||
        disk_holds(&h, length, gen, "message read of window data"))
        return -1;
    /* The request's own checks, as on every path. */
    const unsigned to = MICA_WINDOW_TO_CALLER;
    EXPECT(window_call(&h, false, 0, (uint64_t)max + BLKTEST_BLOCK, data, MOST, to), -MICA_E2BIG,
           "longer than window_max");
    EXPECT(window_call(&h, false, 1, BLKTEST_BLOCK, data, MOST, to), -MICA_EINVAL, "unaligned");
    EXPECT(window_call(&h, false, t->rw_blocks * BLKTEST_BLOCK, BLKTEST_BLOCK, data, MOST, to),
           -MICA_ENXIO, "past the end");
    if (refusals(&h, length, gen))
        return -1;
    return ipc_blk_close(&h);
}
