/* The simple calls (ipc_blk_read/ipc_blk_write of any length): 4 KiB,
 * 64 KiB and 1 MiB (or the whole read-write disk when it is smaller) move
 * the verify pattern out and back by each way the library picks: plain
 * memory on a fresh handle (windows on a server whose windows are as long
 * as its requests; otherwise windows or messages up to 4 KiB, then the
 * bounce buffer the library registers), the handle's own mapped buffer (in
 * place), and plain memory on a handle whose buffer the caller registered
 * (windows or messages); what one way wrote another reads. A call the
 * server would refuse part way is refused whole and changes nothing. */
#include <string.h>

#include <mica/abi/errno.h>

#include "blktest.h"

#define SEED 0x73696d706c65ull /* "simple" */
#define MOST (1024u * 1024u)
#define IN_PLACE_PAGES (MOST / MICA_PAGE_SIZE)

static uint8_t plain[MOST];

/* Writes `bytes` of generation `gen` from `out` at 0, clears `in`, reads
 * them back into it and checks them. */
static int round_trip(struct ipc_blk_handle *h, uint8_t *out, uint8_t *in, uint64_t bytes,
                      uint64_t gen, const char *what)
{
    uint64_t blocks = bytes / BLKTEST_BLOCK;
    blkpattern_fill(out, blocks, 0, SEED, gen);
    if (blktest_expect(ipc_blk_write(h, 0, out, bytes), (long)bytes, what))
        return -1;
    memset(in, 0, bytes);
    if (blktest_expect(ipc_blk_read(h, 0, in, bytes), (long)bytes, what))
        return -1;
    return blktest_check(in, blocks, 0, SEED, gen, what);
}

static uint64_t largest(const struct blktest *t)
{
    uint64_t disk = t->rw_blocks * BLKTEST_BLOCK;
    return disk < MOST ? disk : MOST;
}

int test_simple_calls(struct blktest *t)
{
    const uint64_t sizes[] = { 4096u, 65536u, largest(t) };
    struct ipc_blk_handle h, placed, own;
    uint64_t gen = 1;
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open");
    bool windows_whole = false;
    for (unsigned i = 0; i < 3; i++, gen++) {
        if (round_trip(&h, plain, plain, sizes[i], gen, "plain memory"))
            return -1;
        /* FSTAT's answer, learnt by the first call. */
        const struct blk_device_limits *d = &h.simple.device;
        windows_whole = d->window_max != 0 && d->window_max == d->max_transfer;
        /* One window or message carries 4 KiB: only a longer call makes the
         * buffer, and none when windows take every request. */
        bool want = !windows_whole && sizes[i] > BLK_MSG_DATA_MAX;
        if (h.simple.bounce != want)
            return blktest_fail("after %llu bytes the bounce buffer is %s",
                                (unsigned long long)sizes[i], h.simple.bounce ? "there" : "missing");
    }
    if (windows_whole) {
        /* Nothing registered: the caller still may. */
        if (h.buffer_bytes != 0)
            return blktest_fail("windows registered %llu bytes", (unsigned long long)h.buffer_bytes);
    } else {
        if (h.buffer_bytes == 0 || h.buffer_bytes > IPC_BLK_BOUNCE_MAX)
            return blktest_fail("bounce buffer of %llu bytes", (unsigned long long)h.buffer_bytes);
        /* The handle's buffer is the library's now: the caller cannot register one. */
        EXPECT(ipc_blk_buffer_create(&h, 1, 1), -MICA_EBUSY, "buffer_create after the bounce buffer");
    }

    /* In place: the data lies in the handle's own mapped buffer. */
    EXPECT(blktest_open(t, &placed, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open in place");
    EXPECT(ipc_blk_buffer_create(&placed, IN_PLACE_PAGES, 1), MOST, "1 MiB buffer");
    for (unsigned i = 0; i < 3; i++, gen++) {
        if (round_trip(&placed, placed.buffer, placed.buffer, sizes[i], gen, "in place"))
            return -1;
        if (placed.simple.bounce)
            return blktest_fail("in place made a bounce buffer");
        /* What this way wrote, the plain way reads. */
        memset(plain, 0, sizes[i]);
        EXPECT(ipc_blk_read(&h, 0, plain, sizes[i]), (long)sizes[i], "plain read of in-place data");
        if (blktest_check(plain, sizes[i] / BLKTEST_BLOCK, 0, SEED, gen, "plain after in place"))
            return -1;
    }

    /* The caller's own buffer, plain memory outside it: windows or messages. */
    if (blktest_open_with_buffer(t, &own))
        return -1;
    for (unsigned i = 0; i < 3; i++, gen++)
        if (round_trip(&own, plain, plain, sizes[i], gen, "beside the caller's buffer"))
            return -1;
    if (own.simple.bounce || own.buffer_bytes != BLKTEST_BUFFER_BYTES)
        return blktest_fail("the caller's buffer was replaced");

    /* Refused whole: nothing of the refused data reaches the disk. The
     * call passing the end carries the pattern for the blocks it names. */
    gen--;
    const uint64_t most = largest(t), end = t->rw_blocks * BLKTEST_BLOCK;
    const uint64_t past = end - most + BLKTEST_BLOCK;
    blkpattern_fill(plain, most / BLKTEST_BLOCK, past / BLKTEST_BLOCK, SEED, gen + 1);
    EXPECT(ipc_blk_write(&h, past, plain, most), -MICA_ENXIO, "a call passing the end");
    EXPECT(ipc_blk_write(&h, 0, plain, 65536u + 100u), -MICA_EINVAL, "length of no whole block");
    EXPECT(ipc_blk_write(&h, 100, plain, 65536u), -MICA_EINVAL, "unaligned offset");
    EXPECT(ipc_blk_read(&placed, 0, placed.buffer, most), (long)most, "read after refused calls");
    if (blktest_check(placed.buffer, most / BLKTEST_BLOCK, 0, SEED, gen, "after refused calls"))
        return -1;
    EXPECT(ipc_blk_read(&placed, past, placed.buffer, BLKTEST_BLOCK), BLKTEST_BLOCK,
           "read the first block the refused call named");
    uint32_t wrong_at;
    if (blkpattern_check_sector(placed.buffer, past / BLKTEST_BLOCK, SEED, gen + 1, &wrong_at) ==
        BLKPATTERN_OK)
        return blktest_fail("the call passing the end wrote its first block");

    EXPECT(ipc_blk_close(&own), 0, "close the caller-buffer handle");
    EXPECT(ipc_blk_close(&placed), 0, "close the in-place handle");
    EXPECT(ipc_blk_close(&h), 0, "close");
    if (h.buffer || h.buffer_bytes || h.simple.bounce)
        return blktest_fail("close kept the bounce buffer");
    return 0;
}
