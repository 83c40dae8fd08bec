/* Two clients at once, each a thread with its own handle, buffer and ring
 * on the same disk, each writing its own seed to its own blocks through
 * every path the target serves; neither may ever read the other's data. */
#include <stdatomic.h>
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "blktest.h"

#define CLIENTS 2u
#define CLIENT_LBA 1024u
#define CLIENT_BLOCKS 192u /* per client: 32 by message, 128 by buffer, 32 by ring */
#define MESSAGE_BLOCKS 32u
#define BUFFER_BLOCKS (BLKTEST_BUFFER_BYTES / BLKTEST_BLOCK)
#define RING_BLOCKS 32u
#define RING_REQUEST_BLOCKS 4u
#define RING_CAPACITY 8u
#define ROUNDS 4u
_Static_assert(MESSAGE_BLOCKS + BUFFER_BLOCKS + RING_BLOCKS == CLIENT_BLOCKS, "layout");
_Static_assert(CLIENT_LBA + CLIENTS * CLIENT_BLOCKS <= BLKTEST_RW_BLOCKS, "fits the disk");
_Static_assert(RING_BLOCKS / RING_REQUEST_BLOCKS == RING_CAPACITY, "one ring's worth");

struct client {
    struct ipc_blk_handle h;
    uint64_t seed;
    uint64_t lba;
    uint64_t blocks; /* written per round: all three paths', or the message path's */
    bool buffer_and_ring;
    long done; /* notification the main thread waits on */
    _Atomic int result; /* 1 running, then 0 or -1 */
};

static int ring_round(struct client *c, uint64_t generation)
{
    const uint64_t lba = c->lba + MESSAGE_BLOCKS + BUFFER_BLOCKS;
    const uint32_t bytes = RING_REQUEST_BLOCKS * BLKTEST_BLOCK;
    blkpattern_fill(c->h.buffer, RING_BLOCKS, lba, c->seed, generation);
    for (unsigned i = 0; i < RING_CAPACITY; i++) {
        struct blk_submission s = { .request_id = i, .opcode = BLK_OP_WRITE, .length = bytes,
                                    .lba = lba + i * RING_REQUEST_BLOCKS,
                                    .buffer_offset = (uint64_t)i * bytes };
        EXPECT(ipc_blk_submit(&c->h, &s), 0, "submit");
    }
    for (unsigned i = 0; i < RING_CAPACITY; i++) {
        struct blk_completion done;
        EXPECT(ipc_blk_wait_completion(&c->h, &done), 0, "wait for a completion");
        EXPECT(done.status, 0, "ring write");
    }
    return 0;
}

static int client_round(struct client *c, uint64_t generation)
{
    const uint64_t buffer_lba = c->lba + MESSAGE_BLOCKS;
    if (blktest_write_blocks(&c->h, c->lba, MESSAGE_BLOCKS, c->seed, generation))
        return -1;
    if (!c->buffer_and_ring)
        return blktest_verify_blocks(&c->h, c->lba, MESSAGE_BLOCKS, c->seed, generation,
                                     "client's own data");
    blkpattern_fill(c->h.buffer, BUFFER_BLOCKS, buffer_lba, c->seed, generation);
    EXPECT(ipc_blk_write_buffer(&c->h, buffer_lba * BLKTEST_BLOCK, BLKTEST_BUFFER_BYTES, 0),
           BLKTEST_BUFFER_BYTES, "buffer write");
    if (ring_round(c, generation))
        return -1;
    /* Read everything back through the buffer (the other client is busy
     * writing its own blocks meanwhile). */
    for (uint64_t done = 0; done < CLIENT_BLOCKS; done += BUFFER_BLOCKS / 2) {
        uint64_t blocks = CLIENT_BLOCKS - done < BUFFER_BLOCKS / 2 ? CLIENT_BLOCKS - done
                                                                     : BUFFER_BLOCKS / 2;
        memset(c->h.buffer, 0, BLKTEST_BUFFER_BYTES);
        EXPECT(ipc_blk_read_buffer(&c->h, (c->lba + done) * BLKTEST_BLOCK, blocks * BLKTEST_BLOCK, 0),
               (long)(blocks * BLKTEST_BLOCK), "buffer read");
        if (blktest_check(c->h.buffer, blocks, c->lba + done, c->seed, generation, "client's own data"))
            return -1;
    }
    return 0;
}

static void client_thread(uintptr_t arg)
{
    struct client *c = (struct client *)arg;
    int r = 0;
    for (uint64_t generation = 1; generation <= ROUNDS && r == 0; generation++)
        r = client_round(c, generation);
    atomic_store_explicit(&c->result, r, memory_order_relaxed);
    /* The kernel's signal/wait pair orders the store above for the waiter. */
    ntfn_signal(c->done);
}

int test_two_clients(struct blktest *t)
{
    static struct client clients[CLIENTS];
    long done = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    EXPECT(done > 0, 1, "done notification");
    /* Everything that allocates slots or addresses happens here, before the
     * clients run: those allocators are not shared safely between threads. */
    for (unsigned i = 0; i < CLIENTS; i++) {
        struct client *c = &clients[i];
        c->seed = 0x636c69656e74ull + i; /* "client" */
        c->lba = CLIENT_LBA + i * CLIENT_BLOCKS;
        c->buffer_and_ring = (t->target->paths & BLKTEST_PATHS_ALL) == BLKTEST_PATHS_ALL;
        c->blocks = c->buffer_and_ring ? CLIENT_BLOCKS : MESSAGE_BLOCKS;
        c->done = done;
        atomic_store_explicit(&c->result, 1, memory_order_relaxed);
        if (!c->buffer_and_ring) {
            EXPECT(blktest_open(t, &c->h, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open");
            continue;
        }
        if (blktest_open_with_buffer(t, &c->h))
            return -1;
        EXPECT(ipc_blk_ring_setup(&c->h, RING_CAPACITY, RING_CAPACITY), 0, "ring setup");
    }
    for (unsigned i = 0; i < CLIENTS; i++)
        EXPECT(ipc_thread_spawn(client_thread, (uintptr_t)&clients[i], BLKTEST_HELPER_PRIORITY,
                                MICA_CHILD_SLOT_PARENT, BLKTEST_STACK_PAGES) > 0,
               1, "client thread");
    for (unsigned finished = 0; finished < CLIENTS;) {
        EXPECT(ntfn_wait(done) >= 0, 1, "wait for the clients");
        finished = 0;
        for (unsigned i = 0; i < CLIENTS; i++)
            finished += atomic_load_explicit(&clients[i].result, memory_order_relaxed) != 1;
    }
    for (unsigned i = 0; i < CLIENTS; i++)
        EXPECT(atomic_load_explicit(&clients[i].result, memory_order_relaxed), 0, "client result");
    /* Each client's blocks hold its own last generation, read by a third handle. */
    struct ipc_blk_handle h;
    EXPECT(blktest_open(t, &h, false, BLK_OPEN_READ), 0, "open");
    for (unsigned i = 0; i < CLIENTS; i++)
        if (blktest_verify_blocks(&h, clients[i].lba, clients[i].blocks, clients[i].seed, ROUNDS,
                                  "final contents"))
            return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    for (unsigned i = 0; i < CLIENTS; i++)
        EXPECT(ipc_blk_close(&clients[i].h), 0, "close a client's handle");
    ipc_cap_drop(done);
    return 0;
}
