/* simple_waits: a simple call that finds the server busy waits for it. A
 * ring's reads take the handle's whole queue depth; on an asynchronous
 * server (virtio-blk) they stay in flight until the device answers, and a
 * message read meanwhile is refused with -EAGAIN (docs/block-protocol.md,
 * "Fairness"). A simple read at such a moment must wait, then read its
 * block: never -EAGAIN while the requests drain by themselves. On a
 * synchronous server (the ramdisks) the reads are done before any call is
 * answered, nothing is refused and nothing waits; the line says how often
 * each happened, and test_blktest_servers.py wants both on virtio-blk. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>

#include "blktest.h"

#define SEED 0x62757379ull /* "busy" */
#define GEN 1u
#define RING_CAPACITY 64u
#define LBA 1536u
#define BLOCKS (BLKTEST_BUFFER_BYTES / BLKTEST_BLOCK)
/* Rounds until a simple read has waited and a message read was refused,
 * each at least once (on a synchronous server: all of them). Whether a
 * request completes before the next call arrives is the host's timing. */
#define ROUNDS 64u

/* `depth` reads that cover the buffer, each as long as the buffer allows. */
static int fill_depth(struct ipc_blk_handle *h, unsigned depth)
{
    uint32_t blocks = BLOCKS / depth;
    for (unsigned i = 0; i < depth; i++) {
        struct blk_submission s = { .request_id = i, .opcode = BLK_OP_READ,
                                    .length = blocks * BLKTEST_BLOCK,
                                    .lba = LBA + (uint64_t)i * blocks,
                                    .buffer_offset = (uint64_t)i * blocks * BLKTEST_BLOCK };
        EXPECT(ipc_blk_queue_push(h, &s), 0, "push a read");
    }
    ipc_blk_queue_kick(h);
    return 0;
}

static int reap(struct ipc_blk_handle *h, unsigned depth)
{
    uint32_t bytes = BLOCKS / depth * BLKTEST_BLOCK;
    for (unsigned i = 0; i < depth; i++) {
        struct blk_completion c;
        EXPECT(ipc_blk_wait_completion(h, &c), 0, "wait for a ring read");
        EXPECT(c.status, 0, "ring read status");
        EXPECT(c.bytes, bytes, "ring read bytes");
    }
    return blktest_check(h->buffer, BLOCKS / depth * depth, LBA, SEED, GEN, "ring reads");
}

static int simple_read(struct ipc_blk_handle *h, uint64_t lba)
{
    uint8_t block[BLKTEST_BLOCK];
    memset(block, 0, sizeof block);
    EXPECT(ipc_blk_read(h, lba * BLKTEST_BLOCK, block, sizeof block), BLKTEST_BLOCK,
           "simple read beside the ring's");
    return blktest_check(block, 1, lba, SEED, GEN, "simple read");
}

static int message_read(struct ipc_blk_handle *h, uint64_t lba, unsigned *refused)
{
    uint8_t block[BLKTEST_BLOCK];
    long r = ipc_blk_read_message(h, lba * BLKTEST_BLOCK, block, sizeof block);
    if (r == -MICA_EAGAIN)
        (*refused)++;
    else
        EXPECT(r, BLKTEST_BLOCK, "message read beside the ring's");
    return 0;
}

/* One round: the ring's reads in flight, then a simple read, which must
 * read its block, and a message read, refused or not. The first call after
 * the doorbell finds the server likeliest to hold all of them (after a
 * refusal the server takes the device's completions before it sleeps), so
 * the two take turns to go first. */
static int round_at_depth(struct ipc_blk_handle *h, unsigned depth, unsigned round,
                          unsigned *refused)
{
    uint64_t lba = LBA + round % BLOCKS;
    memset(h->buffer, 0, BLKTEST_BUFFER_BYTES);
    if (fill_depth(h, depth))
        return -1;
    bool simple_first = round % 2 == 0;
    if (simple_first && simple_read(h, lba))
        return -1;
    if (message_read(h, lba, refused))
        return -1;
    if (!simple_first && simple_read(h, lba))
        return -1;
    return reap(h, depth);
}

int test_simple_waits(struct blktest *t)
{
    unsigned depth = t->queue_depth < RING_CAPACITY ? t->queue_depth : RING_CAPACITY;
    if (depth == 0 || depth > BLOCKS)
        return blktest_fail("queue depth %u", t->queue_depth);
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h))
        return -1;
    blkpattern_fill(h.buffer, BLOCKS, LBA, SEED, GEN);
    EXPECT(ipc_blk_write(&h, LBA * BLKTEST_BLOCK, h.buffer, BLKTEST_BUFFER_BYTES),
           BLKTEST_BUFFER_BYTES, "write the blocks");
    EXPECT(ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY), 0, "ring setup");
    unsigned refused = 0, round = 0;
    while (round < ROUNDS && (h.simple.busy_waits == 0 || refused == 0))
        if (round_at_depth(&h, depth, round++, &refused))
            return -1;
    ipc_log_info("simple_waits: %u rounds of %u ring reads in flight: %u message reads "
                 "refused (-EAGAIN), %llu simple reads waited, every simple read read its block",
                 round, depth, refused, (unsigned long long)h.simple.busy_waits);
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}
