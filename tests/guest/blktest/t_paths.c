/* Each data path moves the verify pattern out and back, and what one path
 * wrote the others read: there is one disk behind all three. */
#include <string.h>

#include <mica/abi/errno.h>

#include "blktest.h"

#define SEED 0x7061746873ull /* "paths" */
#define MESSAGE_LBA 0u
#define MESSAGE_BLOCKS 16u
#define BUFFER_LBA 16u
#define BUFFER_BLOCKS (BLKTEST_BUFFER_BYTES / BLKTEST_BLOCK)
#define RING_LBA 256u
#define RING_REQUEST_BLOCKS 8u
#define RING_REQUESTS (BUFFER_BLOCKS / RING_REQUEST_BLOCKS)
#define RING_CAPACITY 32u
_Static_assert(RING_REQUESTS <= RING_CAPACITY, "every request in flight at once");

/* The largest message-path transfer, 4 KiB, in one message each way. */
#define FULL_MESSAGE_BLOCKS (BLK_MSG_DATA_MAX / BLKTEST_BLOCK)
_Static_assert(FULL_MESSAGE_BLOCKS * BLKTEST_BLOCK == 4096, "one message carries 4 KiB");
_Static_assert(FULL_MESSAGE_BLOCKS <= MESSAGE_BLOCKS, "inside the message path's blocks");

int test_message_path(struct blktest *t)
{
    static uint8_t full[BLK_MSG_DATA_MAX];
    struct ipc_blk_handle h;
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open");
    if (blktest_write_blocks(&h, MESSAGE_LBA, MESSAGE_BLOCKS, SEED, 1) ||
        blktest_verify_blocks(&h, MESSAGE_LBA, MESSAGE_BLOCKS, SEED, 1, "read back"))
        return -1;
    blkpattern_fill(full, FULL_MESSAGE_BLOCKS, MESSAGE_LBA, SEED, 2);
    EXPECT(ipc_blk_write_message(&h, MESSAGE_LBA * BLKTEST_BLOCK, full, sizeof full), sizeof full,
           "4 KiB message write");
    memset(full, 0, sizeof full);
    EXPECT(ipc_blk_read_message(&h, MESSAGE_LBA * BLKTEST_BLOCK, full, sizeof full), sizeof full,
           "4 KiB message read");
    if (blktest_check(full, FULL_MESSAGE_BLOCKS, MESSAGE_LBA, SEED, 2, "4 KiB read back") ||
        blktest_verify_blocks(&h, MESSAGE_LBA, FULL_MESSAGE_BLOCKS, SEED, 2, "4 KiB, block by block") ||
        blktest_verify_blocks(&h, MESSAGE_LBA + FULL_MESSAGE_BLOCKS,
                              MESSAGE_BLOCKS - FULL_MESSAGE_BLOCKS, SEED, 1, "after the 4 KiB"))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

int test_buffer_path(struct blktest *t)
{
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h))
        return -1;
    blkpattern_fill(h.buffer, BUFFER_BLOCKS, BUFFER_LBA, SEED, 1);
    EXPECT(ipc_blk_write_buffer(&h, BUFFER_LBA * BLKTEST_BLOCK, BLKTEST_BUFFER_BYTES, 0),
           BLKTEST_BUFFER_BYTES, "write the whole buffer");
    memset(h.buffer, 0, BLKTEST_BUFFER_BYTES);
    EXPECT(ipc_blk_read_buffer(&h, BUFFER_LBA * BLKTEST_BLOCK, BLKTEST_BUFFER_BYTES, 0),
           BLKTEST_BUFFER_BYTES, "read the whole buffer");
    if (blktest_check(h.buffer, BUFFER_BLOCKS, BUFFER_LBA, SEED, 1, "buffer read back"))
        return -1;
    /* Two blocks straddling the boundary between the buffer's two frames,
     * read into the other end of the buffer. */
    uint64_t seam = BLKTEST_BUFFER_BYTES / BLKTEST_BUFFER_FRAMES - BLKTEST_BLOCK;
    uint64_t seam_lba = BUFFER_LBA + seam / BLKTEST_BLOCK;
    EXPECT(ipc_blk_read_buffer(&h, seam_lba * BLKTEST_BLOCK, 2 * BLKTEST_BLOCK, 0),
           2 * BLKTEST_BLOCK, "read across the frame seam");
    if (blktest_check(h.buffer, 2, seam_lba, SEED, 1, "seam read") ||
        blktest_verify_blocks(&h, BUFFER_LBA, BUFFER_BLOCKS, SEED, 1, "message read of buffer data"))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

int test_ring_path(struct blktest *t)
{
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h))
        return -1;
    EXPECT(ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY), 0, "ring setup");
    const uint32_t bytes = RING_REQUEST_BLOCKS * BLKTEST_BLOCK;
    for (unsigned pass = 0; pass < 2; pass++) {
        uint8_t op = pass == 0 ? BLK_OP_WRITE : BLK_OP_READ;
        if (op == BLK_OP_WRITE)
            blkpattern_fill(h.buffer, BUFFER_BLOCKS, RING_LBA, SEED, 2);
        else
            memset(h.buffer, 0, BLKTEST_BUFFER_BYTES);
        for (unsigned i = 0; i < RING_REQUESTS; i++) {
            struct blk_submission s = { .request_id = 1000u * pass + i, .opcode = op,
                                        .length = bytes, .lba = RING_LBA + i * RING_REQUEST_BLOCKS,
                                        .buffer_offset = (uint64_t)i * bytes };
            EXPECT(ipc_blk_submit(&h, &s), 0, "submit");
        }
        for (unsigned i = 0; i < RING_REQUESTS; i++) {
            struct blk_completion c;
            EXPECT(ipc_blk_wait_completion(&h, &c), 0, "wait for a completion");
            EXPECT(c.status, 0, "completion status");
            EXPECT(c.bytes, bytes, "completion bytes");
            EXPECT(c.request_id / 1000u, pass, "completion of this pass");
        }
    }
    if (blktest_check(h.buffer, BUFFER_BLOCKS, RING_LBA, SEED, 2, "ring read back") ||
        blktest_verify_blocks(&h, RING_LBA, BUFFER_BLOCKS, SEED, 2, "message read of ring data"))
        return -1;
    struct blk_submission flush = { .request_id = 7, .opcode = BLK_OP_FLUSH };
    struct blk_completion c;
    EXPECT(ipc_blk_submit(&h, &flush), 0, "submit flush");
    EXPECT(ipc_blk_wait_completion(&h, &c), 0, "wait for the flush");
    EXPECT(c.status, 0, "flush status");
    EXPECT(ipc_blk_poll_completion(&h, &c), -MICA_EAGAIN, "nothing more to complete");
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}
