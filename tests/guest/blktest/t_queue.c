/* The queued path under load: a full submission ring is reported and
 * nothing is dropped, a server stalled on a full completion ring resumes
 * when the client reaps, and many requests in flight complete, each id
 * exactly once (out of order, for the in-process ramdisk); RING_ENTER runs
 * what was pushed inside the call where it says so.
 *
 * In-process, the server thread runs below us, so the counts are exact. A
 * separate server may take submissions while we push: a ring then holds
 * between one ring's worth and that plus the completion ring's, and the
 * tests check those bounds and that every id comes back exactly once. */
#include <stdatomic.h>

#include <mica/abi/errno.h>
#include <mica/blk_protocol.h>
#include <mica/ipc.h>
#include <mica/log.h>

#include "blktest.h"

#define SEED 0x7175657565ull /* "queue" */
#define FULL_LBA 640u
#define SMALL_RING 8u
#define OOO_LBA 768u
#define OOO_REQUESTS 48u
#define OOO_RING 64u
#define BUFFER_BLOCKS (BLKTEST_BUFFER_BYTES / BLKTEST_BLOCK)
_Static_assert(OOO_REQUESTS <= OOO_RING && 2 * OOO_REQUESTS <= BUFFER_BLOCKS, "layout fits");
_Static_assert(OOO_REQUESTS > RAMDISK_QUEUE_DEPTH, "more than one in-process server batch");
/* Request ids index a 64-bit "seen" mask. */
#define MAX_IDS 64u
_Static_assert(OOO_REQUESTS <= MAX_IDS && 3 * SMALL_RING <= MAX_IDS, "ids fit the mask");

static struct blk_submission read_block(uint64_t id, uint64_t lba, uint64_t buffer_block)
{
    return (struct blk_submission){ .request_id = id, .opcode = BLK_OP_READ,
                                    .length = BLKTEST_BLOCK, .lba = lba,
                                    .buffer_offset = buffer_block * BLKTEST_BLOCK };
}

/* Submits until the ring is full; returns how many it took in *accepted.
 * In-process the server runs below us, so it takes nothing meanwhile and
 * exactly `expected` fit; a separate server may take up to `slack` more
 * (the free completion slots it can fill). */
static int submit_until_full(const struct blktest *t, struct ipc_blk_handle *h, uint64_t *next_id,
                             unsigned expected, unsigned slack, unsigned *accepted_out)
{
    unsigned accepted = 0;
    int r;
    for (;;) {
        if (*next_id >= MAX_IDS)
            return blktest_fail("the ring took more than %u submissions without filling", MAX_IDS);
        struct blk_submission s = read_block(*next_id, FULL_LBA + *next_id % SMALL_RING,
                                             *next_id % SMALL_RING);
        if ((r = ipc_blk_submit(h, &s)) != 0)
            break;
        ++*next_id;
        accepted++;
    }
    EXPECT(r, -MICA_EAGAIN, "submit to a full ring");
    if (blktest_in_process(t))
        EXPECT(accepted, expected, "submissions the ring took");
    else if (accepted < expected || accepted > expected + slack)
        return blktest_fail("the full ring took %u submissions, want %u..%u", accepted, expected,
                            expected + slack);
    *accepted_out = accepted;
    return 0;
}

static int reap(struct ipc_blk_handle *h, unsigned count, bool wait, uint64_t *seen)
{
    for (unsigned i = 0; i < count; i++) {
        struct blk_completion c;
        EXPECT(wait ? ipc_blk_wait_completion(h, &c) : ipc_blk_poll_completion(h, &c), 0,
               "reap a completion");
        EXPECT(c.status, 0, "completion status");
        if (c.request_id >= MAX_IDS || (*seen >> c.request_id & 1u))
            return blktest_fail("completion for request %llu unexpected",
                                (unsigned long long)c.request_id);
        *seen |= 1ull << c.request_id;
    }
    return 0;
}

int test_ring_full(struct blktest *t)
{
    struct ipc_blk_handle h;
    struct blk_completion c;
    uint64_t next_id = 0, seen = 0;
    unsigned first, second, third;
    if (blktest_open_with_buffer(t, &h) || blktest_write_blocks(&h, FULL_LBA, SMALL_RING, SEED, 1))
        return -1;
    EXPECT(ipc_blk_ring_setup(&h, SMALL_RING, SMALL_RING), 0, "ring setup");
    if (submit_until_full(t, &h, &next_id, SMALL_RING, SMALL_RING, &first) ||
        reap(&h, first, true, &seen))
        return -1;
    /* In-process, waiting for space lets the server move 8 more into the
     * completion ring; nobody reaps them, so the next 8 stay in the
     * submission ring. A separate server may have taken them already, and
     * then waiting for space needs a completion slot freed first: reap one. */
    if (submit_until_full(t, &h, &next_id, SMALL_RING, SMALL_RING, &second))
        return -1;
    unsigned reaped = 0;
    if (blktest_in_process(t)) {
        EXPECT(ipc_blk_wait_space(&h), SMALL_RING, "wait for submission space");
    } else {
        if (reap(&h, 1, true, &seen))
            return -1;
        reaped = 1;
        EXPECT(ipc_blk_wait_space(&h) > 0, 1, "wait for submission space");
    }
    /* Room for at least the one completion slot freed (a separate server may
     * have drained the submission ring into every free completion slot). */
    if (submit_until_full(t, &h, &next_id, blktest_in_process(t) ? SMALL_RING : 1,
                          2 * SMALL_RING, &third))
        return -1;
    /* More in flight than the completion ring holds: the server stalled on
     * it and resumes once we reap (our reap rings its doorbell if it armed
     * one before we got there). */
    unsigned outstanding = second + third - reaped;
    EXPECT(outstanding > SMALL_RING, 1, "more requests in flight than completion slots");
    if (blktest_in_process(t) && reap(&h, SMALL_RING, false, &seen))
        return -1;
    if (reap(&h, outstanding - (blktest_in_process(t) ? SMALL_RING : 0), true, &seen))
        return -1;
    EXPECT(next_id, first + second + third, "submissions counted");
    if (!blktest_in_process(t))
        ipc_log_info("ring_full: full rings took %u, %u and %u submissions (exact counts not "
                     "checked on a separate server: a documented difference; bounds and every "
                     "id back exactly once are)", first, second, third);
    EXPECT(seen, (1ull << next_id) - 1u, "every submission completed once");
    EXPECT(ipc_blk_poll_completion(&h, &c), -MICA_EAGAIN, "nothing more");
    if (blktest_check(h.buffer, SMALL_RING, FULL_LBA, SEED, 1, "data read through the ring"))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

int test_out_of_order(struct blktest *t)
{
    struct ipc_blk_handle h;
    if (blktest_open_with_buffer(t, &h))
        return -1;
    EXPECT(ipc_blk_ring_setup(&h, OOO_RING, OOO_RING), 0, "ring setup");
    blkpattern_fill(h.buffer, OOO_REQUESTS, OOO_LBA, SEED, 2);
    for (unsigned pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < OOO_REQUESTS; i++) {
            /* Writes from buffer blocks 0.., reads back into blocks OOO_REQUESTS.. */
            struct blk_submission s = read_block(i, OOO_LBA + i, pass * OOO_REQUESTS + i);
            s.opcode = pass == 0 ? BLK_OP_WRITE : BLK_OP_READ;
            EXPECT(ipc_blk_submit(&h, &s), 0, "submit");
        }
        uint64_t seen = 0, previous = 0;
        unsigned inversions = 0;
        for (unsigned i = 0; i < OOO_REQUESTS; i++) {
            struct blk_completion c;
            EXPECT(ipc_blk_wait_completion(&h, &c), 0, "wait for a completion");
            EXPECT(c.status, 0, "completion status");
            if (c.request_id >= OOO_REQUESTS || (seen >> c.request_id & 1u))
                return blktest_fail("completion for request %llu unexpected",
                                    (unsigned long long)c.request_id);
            seen |= 1ull << c.request_id;
            inversions += i > 0 && c.request_id < previous;
            previous = c.request_id;
        }
        /* The in-process ramdisk completes each batch last first; a
         * separate server may finish in any order, in order included. */
        if (inversions == 0 && blktest_in_process(t))
            return blktest_fail("pass %u: %u requests completed in submission order", pass,
                                OOO_REQUESTS);
        if (!blktest_in_process(t))
            ipc_log_info("out_of_order: pass %u: %u of %u completions came before an earlier "
                         "request's (order not checked on a separate server: a documented "
                         "difference; every id came back exactly once)",
                         pass, inversions, OOO_REQUESTS);
    }
    if (blktest_check(h.buffer + OOO_REQUESTS * BLKTEST_BLOCK, OOO_REQUESTS, OOO_LBA, SEED, 2,
                      "data read back through the ring"))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}

#define ENTER_LBA 832u
#define ENTER_REQUESTS 4u

static struct ipc_msg ring_enter(const struct ipc_blk_handle *h)
{
    return ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_RING_ENTER), 0, 0), 0, 0, 0, 0);
}

/* Pushes `count` reads (ids 0..count) with no doorbell, then sends
 * RING_ENTER; its status checked, *served what word 1 says (0 when absent). */
static int push_and_enter(struct ipc_blk_handle *h, unsigned count, uint64_t *served)
{
    for (unsigned i = 0; i < count; i++) {
        struct blk_submission s = read_block(i, ENTER_LBA + i, i);
        EXPECT(ipc_blk_queue_push(h, &s), 0, "push");
    }
    struct ipc_msg m = ring_enter(h);
    EXPECT((long)m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS], 0, "RING_ENTER");
    *served = MICA_MSGINFO_WORDS(m.info) > BLK_RING_ENTER_REPLY_W_SERVED ? m.w[BLK_RING_ENTER_REPLY_W_SERVED]
                                                                          : 0;
    return 0;
}

/* The `count` completions of push_and_enter's reads: all in the ring at
 * once when the call ran them, at least one when it was kept for one, else
 * gathered by waiting; each status 0. *seen gets a bit per id. */
static int collect(struct ipc_blk_handle *h, unsigned count, uint64_t served, uint64_t *seen)
{
    struct blk_completion c[SMALL_RING];
    int got = 0;
    if (served == BLK_RING_ENTER_RAN) {
        got = ipc_blk_poll_completions(h, c, count);
        EXPECT(got, (int)count, "completions in the ring when the call returned");
    } else {
        if (served == BLK_RING_ENTER_KEPT) {
            got = ipc_blk_poll_completions(h, c, count);
            EXPECT(got > 0, 1, "a completion in the ring when the kept call returned");
        }
        while (got < (int)count) {
            int n = ipc_blk_wait_completions(h, c + got, count - (unsigned)got);
            EXPECT(n > 0, 1, "wait for the rest");
            got += n;
        }
    }
    *seen = 0;
    for (int i = 0; i < got; i++) {
        EXPECT(c[i].status, 0, "completion status");
        *seen |= 1ull << c[i].request_id;
    }
    return 0;
}

/* RING_ENTER: refused on a handle with no ring; on one with pushed
 * submissions (no doorbell rung) a reply that says it served them has
 * every completion in the ring already, which the in-process ramdisk (a
 * synchronous driver) must say; one that says it did not serve them
 * leaves them to the wakeup, and a wait finds them all. Then at full depth
 * (as many submissions as completion slots): a server that runs them
 * inside the call fills the completion ring with nothing left to serve and
 * must not ask for room then, or every reap would ring its doorbell and
 * the next call find it awake. */
int test_ring_enter(struct blktest *t)
{
    struct ipc_blk_handle bare, h;
    if (blktest_open_with_buffer(t, &bare))
        return -1;
    struct ipc_msg m = ring_enter(&bare);
    EXPECT((long)m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS], -MICA_EINVAL,
           "RING_ENTER without a ring");
    EXPECT(ipc_blk_close(&bare), 0, "close");

    if (blktest_open_with_buffer(t, &h))
        return -1;
    EXPECT(ipc_blk_ring_setup(&h, SMALL_RING, SMALL_RING), 0, "ring setup");
    uint64_t served, seen;
    if (push_and_enter(&h, ENTER_REQUESTS, &served))
        return -1;
    if (blktest_in_process(t))
        EXPECT(served, BLK_RING_ENTER_RAN, "a synchronous driver ran the submissions inside the call");
    if (collect(&h, ENTER_REQUESTS, served, &seen))
        return -1;
    EXPECT(seen, (1ull << ENTER_REQUESTS) - 1u, "every request once");
    ipc_log_info("ring_enter: the server %s",
                 served == BLK_RING_ENTER_RAN    ? "ran the submissions inside the call"
                 : served == BLK_RING_ENTER_KEPT ? "kept the call until a completion came"
                                                 : "only took the submissions");

    if (push_and_enter(&h, SMALL_RING, &served))
        return -1;
    if (served == BLK_RING_ENTER_RAN)
        EXPECT(atomic_load(&h.queue.completions.ring.shared->producer_wants_space), 0u,
               "a full completion ring with nothing left to serve asks for no room");
    if (collect(&h, SMALL_RING, served, &seen))
        return -1;
    EXPECT(ipc_blk_close(&h), 0, "close");
    return 0;
}
