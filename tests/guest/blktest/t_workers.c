/* ring_workers: rings served on their clients' harts. The in-process
 * read-write ramdisk serves rings on worker threads (ring_workers); with
 * more than one hart this thread moves to a hart the server's main thread
 * is not on, so the rings it sets up are a worker's. Each round fills a
 * ring with reads and closes the handle at once: the CLOSE call leaves
 * this hart to the worker, which serves the batch while the server's main
 * thread, on the other hart, tears the handle down; the handle's lock
 * must keep the two apart, or the worker copies into unmapped memory and
 * the server faults. Then a ring from this hart reads back what the
 * message path wrote, checked. With one hart the main thread serves the
 * same rounds, and the line says so. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>

#include "blktest.h"

#define SEED 0x776f726b657273ull /* "workers" */
#define ROUNDS 24u
#define REQUEST_BLOCKS 8u
#define REQUESTS (BLKTEST_BUFFER_BYTES / (REQUEST_BLOCKS * BLKTEST_BLOCK))
#define RING_CAPACITY 64u
#define LBA 512u
_Static_assert(REQUESTS <= RING_CAPACITY, "a round's reads fit the ring");

static struct blk_submission read_request(unsigned i)
{
    return (struct blk_submission){ .request_id = i, .opcode = BLK_OP_READ,
                                    .length = REQUEST_BLOCKS * BLKTEST_BLOCK,
                                    .lba = LBA + (uint64_t)i * REQUEST_BLOCKS,
                                    .buffer_offset = (uint64_t)i * REQUEST_BLOCKS * BLKTEST_BLOCK };
}

/* One ring full of reads, closed before any completion is reaped. */
static int close_mid_batch(const struct blktest *t)
{
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h))
        return -1;
    EXPECT(ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY), 0, "ring setup");
    struct blk_submission reads[REQUESTS];
    for (unsigned i = 0; i < REQUESTS; i++)
        reads[i] = read_request(i);
    EXPECT(ipc_blk_queue_push_batch(&h, reads, REQUESTS), REQUESTS, "push the reads");
    ipc_blk_queue_kick(&h);
    EXPECT(ipc_blk_close(&h), 0, "close while the reads are served");
    return 0;
}

/* The handles closed mid-batch may still have reads in flight on an
 * asynchronous server: they count against this client's requests until
 * they drain, and a call while the client holds its limit is -EAGAIN
 * (docs/block-protocol.md). A simple read waits that out (up to
 * IPC_BLK_BUSY_WAIT_MS), so once it is answered a tag is free again; the
 * message writes after it take one at a time. */
static int wait_for_a_free_tag(struct ipc_blk_handle *h)
{
    uint8_t block[BLKTEST_BLOCK];
    EXPECT(ipc_blk_read(h, LBA * BLKTEST_BLOCK, block, sizeof block), BLKTEST_BLOCK,
           "a read once the closed handles drained");
    return 0;
}

/* The pattern written by messages, read through a ring, every block checked. */
static int ring_reads_back(const struct blktest *t)
{
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h))
        return -1;
    uint64_t blocks = REQUESTS * REQUEST_BLOCKS;
    if (wait_for_a_free_tag(&h) || blktest_write_blocks(&h, LBA, blocks, SEED, 1))
        return -1;
    EXPECT(ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY), 0, "ring setup");
    memset(h.buffer, 0, BLKTEST_BUFFER_BYTES);
    for (unsigned i = 0; i < REQUESTS; i++) {
        struct blk_submission s = read_request(i);
        EXPECT(ipc_blk_submit(&h, &s), 0, "submit");
    }
    for (unsigned i = 0; i < REQUESTS; i++) {
        struct blk_completion c;
        EXPECT(ipc_blk_wait_completion(&h, &c), 0, "wait for a completion");
        EXPECT(c.status, 0, "completion status");
        EXPECT(c.bytes, REQUEST_BLOCKS * BLKTEST_BLOCK, "completion bytes");
    }
    if (blktest_check(h.buffer, blocks, LBA, SEED, 1, "ring read on this hart"))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

int test_ring_workers(struct blktest *t)
{
    unsigned harts[2];
    unsigned n = ipc_harts(harts, 2);
    if (n == 0)
        return blktest_fail("no hart list");
    /* harts[0] is ours, and the server threads'. */
    bool spread = n > 1;
    if (spread)
        EXPECT(mica_sys_thread_set_hart(MICA_SLOT_SELF_THREAD, harts[1]), 0, "move to another hart");
    int r = 0;
    for (unsigned i = 0; i < ROUNDS && r == 0; i++)
        r = close_mid_batch(t);
    if (r == 0)
        r = ring_reads_back(t);
    /* Back beside the server threads: the other tests count on it. */
    if (spread)
        EXPECT(mica_sys_thread_set_hart(MICA_SLOT_SELF_THREAD, harts[0]), 0, "move back");
    if (r == 0)
        ipc_log_info("ring_workers: %u rings closed mid-batch, one read back, from hart %u "
                     "(started on hart %u)", ROUNDS, harts[spread ? 1 : 0], harts[0]);
    return r;
}
