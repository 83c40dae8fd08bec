/* Handles: what fstat reports (of the read-only disk too), the ways OPEN refuses, a full handle table,
 * a handle used after CLOSE, and many lifetimes that must leak nothing. */
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/proc.h>

#include "blktest.h"

int test_fstat(struct blktest *t)
{
    const struct blktest_target *target = t->target;
    struct ipc_blk_handle h;
    struct blk_stat st;
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open read-write disk");
    EXPECT(ipc_blk_fstat(&h, &st), 0, "fstat read-write disk");
    EXPECT(st.size_bytes, t->rw_blocks * BLKTEST_BLOCK, "size");
    EXPECT(st.block_size, BLKTEST_BLOCK, "block size");
    EXPECT(st.flags, t->flush_flag, "flags");
    EXPECT(st.max_transfer, t->max_transfer, "max transfer");
    EXPECT(st.max_transfer % BLKTEST_BLOCK, 0, "max transfer in whole blocks");
    EXPECT(st.queue_depth > 0, 1, "queue depth");
    if (blktest_in_process(t)) {
        EXPECT(st.max_transfer, RAMDISK_MAX_TRANSFER, "max transfer");
        EXPECT(st.queue_depth, RAMDISK_QUEUE_DEPTH, "queue depth");
    }
    /* A target named on the command line has no expected model and serial. */
    if (!target->model && (st.model[0] == 0 || memchr(st.model, 0, sizeof st.model) == 0))
        return blktest_fail("model not a NUL-terminated name");
    if (target->model)
        EXPECT(strncmp(st.model, target->model, sizeof st.model), 0, "model");
    if (target->model && strncmp(st.serial, target->rw_serial, sizeof st.serial) != 0)
        return blktest_fail("serial '%.*s', want '%s'", (int)sizeof st.serial, st.serial,
                            target->rw_serial);
    EXPECT(ipc_blk_fsync(&h), 0, "fsync");
    EXPECT(ipc_blk_close(&h), 0, "close read-write disk");
    return 0;
}

/* The read-only disk's fstat, and OPEN for writing refused there. */
int test_fstat_read_only(struct blktest *t)
{
    const struct blktest_target *target = t->target;
    struct ipc_blk_handle h;
    struct blk_stat st;
    EXPECT(blktest_open(t, &h, true, BLK_OPEN_READ | BLK_OPEN_WRITE), -MICA_EACCES,
           "open read-only disk for writing");
    EXPECT(blktest_open(t, &h, true, BLK_OPEN_READ), 0, "open read-only disk");
    EXPECT(ipc_blk_fstat(&h, &st), 0, "fstat read-only disk");
    EXPECT(st.size_bytes, t->ro_bytes, "size");
    EXPECT(st.flags, BLK_STAT_READ_ONLY | t->flush_flag, "flags");
    if (target->model && strncmp(st.serial, target->ro_serial, sizeof st.serial) != 0)
        return blktest_fail("serial '%.*s', want '%s'", (int)sizeof st.serial, st.serial,
                            target->ro_serial);
    EXPECT(ipc_blk_close(&h), 0, "close read-only disk");
    return 0;
}

int test_open_errors(struct blktest *t)
{
    struct ipc_blk_handle h;
    EXPECT(blktest_open_path(t, &h, false, "part1", BLK_OPEN_READ), -MICA_ENOENT, "open a path");
    EXPECT(blktest_open_path(t, &h, false, "p0", BLK_OPEN_READ), -MICA_ENOENT, "open p0");
    EXPECT(blktest_open(t, &h, false, 0x80), -MICA_EINVAL, "open with unknown flags");
    /* A path longer than BLK_PATH_MAX, sent by hand: the library refuses it. */
    struct ipc_msg m = ipc_call(t->rw_ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_OPEN), MICA_MSG_MAX_WORDS, 0),
                                BLK_OPEN_READ, BLK_PATH_MAX + 1, 0, 0);
    EXPECT(m.w[BLK_REPLY_W_STATUS], -MICA_EINVAL, "open a long path");
    /* The path's bytes must be in the message, not left over in the IPC buffer. */
    m = ipc_call(t->rw_ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_OPEN), BLK_MSG_DATA_WORD, 0),
                 BLK_OPEN_READ, 8, 0, 0);
    EXPECT(m.w[BLK_REPLY_W_STATUS], -MICA_EINVAL, "open with the path missing");
    return 0;
}

/* Once per handle: a second buffer or ring pair is refused. */
int test_register_once(struct blktest *t)
{
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h))
        return -1;
    long frame = ipc_obj_create(MICA_CAP_FRAME, 1);
    EXPECT(frame > 0, 1, "frame for a second buffer");
    EXPECT(ipc_blk_buffer_register(&h, &frame, 1), -MICA_EBUSY, "second buffer");
    EXPECT(ipc_blk_buffer_register(&h, &frame, 0), -MICA_EINVAL, "buffer of no frames");
    ipc_cap_drop(frame);
    EXPECT(ipc_blk_ring_setup(&h, 8, 8), 0, "ring setup");
    struct ipc_blk_queue first = h.queue;
    h.queue.ready = false; /* let the library try again */
    EXPECT(ipc_blk_ring_setup(&h, 8, 8), -MICA_EBUSY, "second ring setup");
    h.queue = first;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

/* Room for any target's handle table (targets.c). */
#define HANDLES_MAX 32u

int test_handle_table_full(struct blktest *t)
{
    static struct ipc_blk_handle h[HANDLES_MAX + 1];
    const unsigned table = t->target->max_handles;
    if (table > HANDLES_MAX)
        return blktest_fail("a table of %u handles is more than this test holds", table);
    unsigned opened = 0;
    int r;
    while (opened <= table && (r = blktest_open(t, &h[opened], false, BLK_OPEN_READ)) == 0)
        opened++;
    EXPECT(r, -MICA_EMFILE, "open past the client's share of the table");
    EXPECT(opened, table, "handles opened");
    for (unsigned i = 0; i < opened; i++)
        EXPECT(ipc_blk_close(&h[i]), 0, "close");
    return 0;
}

int test_stale_handle(struct blktest *t)
{
    struct ipc_blk_handle h;
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ), 0, "open");
    uint64_t first_id = h.handle_id;
    long copy = ipc_slot_alloc();
    EXPECT(mica_sys_cap_copy(0, copy, h.ep, MICA_RIGHT_WRITE), 0, "copy the handle cap");
    EXPECT(ipc_blk_close(&h), 0, "close");

    /* The server revoked the handle's caps: a kept copy is an empty slot. */
    struct ipc_msg m = ipc_call(copy, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSTAT), 0, 0), 0, 0, 0, 0);
    EXPECT(m.badge, -MICA_EBADF, "fstat through a copy kept across close");
    ipc_slot_free(copy);
    uint8_t block[BLKTEST_BLOCK];
    EXPECT(ipc_blk_read(&h, 0, block, sizeof block), -MICA_EBADF, "read after close");
    EXPECT(ipc_blk_close(&h), -MICA_EBADF, "second close");

    /* The same table entry opened again has a new badge. */
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ), 0, "reopen");
    EXPECT(h.handle_id != first_id, 1, "new handle id");
    /* The door names no handle. */
    m = ipc_call(t->rw_ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSTAT), 0, 0), 0, 0, 0, 0);
    EXPECT(m.w[BLK_REPLY_W_STATUS], -MICA_EBADF, "fstat without a handle");
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

/* More lifetimes than either side has free slots: a slot, mapping or
 * handle leaked per lifetime on the client or the server runs out here. */
#define LIFETIMES 200u
_Static_assert(LIFETIMES > MICA_CHILD_CNODE_SLOTS - MICA_SLOT_FIRST_FREE, "outlasts the slots");

int test_handle_lifetimes(struct blktest *t)
{
    for (unsigned i = 0; i < LIFETIMES; i++) {
        struct ipc_blk_handle h;
        struct blk_completion c;
        struct blk_submission s = { .request_id = i, .opcode = BLK_OP_READ,
                                    .length = BLKTEST_BLOCK };
        if (blktest_open_with_buffer(t, &h))
            return -1;
        EXPECT(ipc_blk_ring_setup(&h, 4, 4), 0, "ring setup");
        EXPECT(ipc_blk_submit(&h, &s), 0, "submit");
        EXPECT(ipc_blk_wait_completion(&h, &c), 0, "wait for the completion");
        EXPECT(c.request_id, i, "completion id");
        EXPECT(c.status, 0, "completion status");
        EXPECT(ipc_blk_close(&h), 0, "close");
    }
    return 0;
}
