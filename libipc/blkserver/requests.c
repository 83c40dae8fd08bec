/* Requests between decode and completion. Every request of every path
 * passes decode_blk_request against its handle's view before the driver
 * sees it; then it takes a tag (within the handle's queue depth and, for
 * rings, beyond the reserve left for calls), goes to the driver's start,
 * and ends with blk_server_complete (a synchronous driver's run takes no
 * tag: its status is the answer). A client holds at most its limit of
 * tags over all its handles, so however much it queues, others get some. A call finished inside start is
 * answered by the loop's reply; one that finishes during the loop's settle
 * is answered with its next receive (its reply still pending); one that
 * finishes later has its reply saved in its tag and answered from there. Message-path data stays in
 * the IPC buffer for a synchronous driver; a dma driver's goes through the
 * tag's bounce buffer, the only bytes the server copies (copied[]). A
 * window request's data is moved by the kernel (windows.c), through the
 * same places when the driver needs it staged. */
#include <mica/abi/errno.h>
#include <mica/blk_request_decode.h>
#include <mica/rt_string.h>

#include "blk_server_private.h"
#include "ring_done.h"
#include "call_sync.h"
#include "tag_start.h"
#include "windows.h"

/* A free tag for a call on h, or -1: h at its queue depth, its client at
 * its limit, or no tag free. (A ring batch takes its tags off the stack
 * itself: batch_limit keeps BLK_SERVER_CALL_RESERVE of them for calls.) */
static int tag_claim(struct blk_server *s, struct blk_server_handle *h)
{
    if (h->in_flight >= s->c.queue_depth || s->free_count == 0 ||
        h->client->requests >= s->c.client_limits.requests)
        return -1;
    unsigned tag = s->free_tags[--s->free_count];
    s->tags[tag].h = h;
    return (int)tag;
}

void blk_server_tag_release(struct blk_server *s, unsigned tag)
{
    s->tags[tag].h = 0;
    s->free_tags[s->free_count++] = tag;
}

static uint8_t *bounce(const struct blk_server *s, unsigned tag)
{
    return s->c.bounce_va + (uint64_t)tag * BLK_SERVER_BOUNCE_BYTES;
}

/* Where a window request's data waits on an asynchronous driver: the tag's
 * bounce buffer for dma, the message data area otherwise (as a message's). */
static uint8_t *window_staging(struct blk_server *s, unsigned tag)
{
    return s->c.dma ? bounce(s, tag) : message_data(s);
}

int blk_server_tag_stage(struct blk_server *s, unsigned tag)
{
    struct blk_server_tag *t = &s->tags[tag];
    const struct blk_request *req = &t->req;
    if (!s->c.dma) {
        t->io.data = message_data(s);
    } else {
        t->extents[0] = (struct blk_extent){ s->c.bounce_phys + (uint64_t)tag * BLK_SERVER_BOUNCE_BYTES,
                                             req->length };
        t->io.extent_count = 1;
        if (req->op == BLK_OP_WRITE && req->via == BLK_VIA_MESSAGE) {
            memcpy(bounce(s, tag), message_data(s), req->length);
            s->copied[BLK_VIA_MESSAGE] += req->length;
        }
    }
    /* A window's data comes while its call still waits: the pending reply. */
    if (req->via == BLK_VIA_WINDOW && req->op == BLK_OP_WRITE) {
        int err = blk_server_window_move(0, BLK_OP_WRITE, window_staging(s, tag), req->length);
        if (err) {
            blk_server_tag_release(s, tag);
            return err;
        }
    }
    return 0;
}

/* Whether a read's answer sits in the message area (message_data) until it
 * is sent: a driver without dma stages message and window data there, where
 * the next such request's data would take its place. */
static inline bool answer_in_message_area(const struct blk_server *s, const struct blk_request *req)
{
    return !s->c.dma && req->op == BLK_OP_READ &&
           (req->via == BLK_VIA_MESSAGE || req->via == BLK_VIA_WINDOW);
}

/* A decoded call on an asynchronous driver, or its refusal (err): a tag,
 * the driver's start, and, when the request outlives the start, the
 * caller's reply left pending or saved. True when it was. */
static inline __attribute__((always_inline)) bool
start_call(struct blk_server *s, struct blk_server_handle *h, int err, const struct blk_request *req,
           struct blk_reply *r)
{
    int tag = err ? -1 : tag_claim(s, h);
    if (!err && tag < 0)
        err = -MICA_EAGAIN;
    if (!err) {
        s->tags[tag].req = *req;
        err = blk_server_tag_start_via(s, (unsigned)tag, req->via);
    }
    if (err) {
        blk_reply_error(r, err);
        return false;
    }
    struct blk_server_tag *t = &s->tags[tag];
    if (t->done) {
        blk_server_call_answer(s, t, r);
        blk_server_tag_release(s, (unsigned)tag);
        return false;
    }
    /* The reply stays the thread's own through settle, which often sees a
     * fast device finish: then one system call answers and receives, where
     * a saved reply costs a save, a send and a receive (server.c). Not an
     * answer in the message area: another read ending in settle would
     * overwrite it before the loop sent it, so that reply is saved now and
     * sent as its request ends. */
    if (!answer_in_message_area(s, req)) {
        s->pending_call = t;
        return true;
    }
    /* A reply that cannot be saved (no caller: a send, not a call) is
     * answered by nobody; the request runs to its end regardless. */
    long saved = ipc_reply_save(t->reply);
    if (saved < 0) {
        blk_reply_error(r, (int)saved);
        return false;
    }
    return true;
}

bool blk_server_call_io(struct blk_server *s, struct blk_server_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r)
{
    bool sync = blk_server_sync(s);
    struct blk_wire_request wire;
    struct blk_handle_state state = { .writable = h->common.writable, .buffer_bytes = h->buffer.bytes };
    struct blk_request req;
    blk_wire_from_message(m->info, m->w, &wire);
    blk_server_fault_at(s, BLK_FAULT_REQUEST);
    int err = decode_blk_request(&h->view, &state, &wire, &req);
    if (!err && sync) {
        run_call_sync(s, h, &req, r);
        return false;
    }
    return start_call(s, h, err, &req, r);
}

bool blk_server_buffer_call_io(struct blk_server *s, struct blk_server_handle *h,
                               const struct ipc_msg *m, struct blk_reply *r)
{
    struct blk_request req;
    int err = blk_server_decode_buffer_call(s, h, m, &req);
    return start_call(s, h, err, &req, r);
}

void blk_server_call_answer(struct blk_server *s, struct blk_server_tag *t, struct blk_reply *r)
{
    const struct blk_request *req = &t->req;
    if (t->status) {
        blk_reply_error(r, t->status);
        return;
    }
    /* A window's read data goes to the caller, waiting on the pending reply
     * (answered inside start or after settle) or the saved one. */
    if (req->via == BLK_VIA_WINDOW && req->op == BLK_OP_READ) {
        unsigned tag = (unsigned)(t - s->tags);
        int err = blk_server_window_move(t->in_flight && s->pending_call != t ? t->reply : 0, BLK_OP_READ,
                                         window_staging(s, tag), req->length);
        if (err) {
            blk_reply_error(r, err);
            return;
        }
    }
    /* A dma driver read a message-path request into the tag's bounce buffer. */
    if (req->via == BLK_VIA_MESSAGE && req->op == BLK_OP_READ && s->c.dma) {
        memcpy(message_data(s), bounce(s, (unsigned)(t - s->tags)), req->length);
        s->copied[BLK_VIA_MESSAGE] += req->length;
    }
    answer_ok(s, req, r);
}

/* A call that outlived its start, answered through its saved reply. */
static void answer_saved(struct blk_server *s, struct blk_server_tag *t)
{
    struct blk_reply r = BLK_REPLY_OK;
    blk_server_call_answer(s, t, &r);
    /* A caller that went away took its reply with it: the send fails
     * and nothing else is touched. */
    ipc_reply_send(t->reply, MICA_MSGINFO(0, r.words, 0), r.w[0], r.w[1], r.w[2], r.w[3]);
}

/* The counts a request that outlived its start leaves, and its tag (the
 * handle's own count is the caller's: its last may drain the handle). */
static inline void finish_counts(struct blk_server *s, struct blk_server_tag *t, unsigned tag,
                                 struct blk_server_handle *h)
{
    t->in_flight = false;
    s->in_flight--;
    blk_server_tag_release(s, tag);
    h->client->requests--;
}

/* A call's last counts, once it is answered (the last completion of a
 * closed handle: nothing of its frames is in use). */
static void finish_call(struct blk_server *s, struct blk_server_tag *t, unsigned tag,
                        struct blk_server_handle *h)
{
    finish_counts(s, t, tag, h);
    if (--h->in_flight == 0 && h->common.draining)
        blk_server_drained(s, h);
}

/* The end of a request that outlived its start, every case (out of line:
 * the common one, in blk_server_complete, makes no call on its way). A
 * call whose reply is still pending keeps its tag: the loop answers it. */
static __attribute__((noinline)) void finish(struct blk_server *s, struct blk_server_tag *t,
                                             unsigned tag)
{
    struct blk_server_handle *h = t->h;
    if (t->req.via == BLK_VIA_RING) {
        blk_server_ring_done(s, t);
        h->ring_in_flight--;
    } else if (s->pending_call == t) {
        return;
    } else {
        answer_saved(s, t);
    }
    finish_call(s, t, tag, h);
}

void blk_server_pending_answer(struct blk_server *s, struct blk_server_tag *t, struct blk_reply *r)
{
    blk_server_call_answer(s, t, r); /* a window's read data to the pending caller */
    s->pending_call = 0;
    finish_call(s, t, (unsigned)(t - s->tags), t->h);
}

void blk_server_complete(struct blk_server *s, unsigned tag, int status)
{
    struct blk_server_tag *t = &s->tags[tag];
    struct blk_server_handle *h = t->h;
    /* Again at the end: a table read while the write was in flight may
     * have seen the old blocks. */
    if (h)
        blk_server_parts_note(s, t->io.op, t->io.lba);
    t->status = status;
    t->done = true;
    if (!t->in_flight)
        return;
    /* A ring's request whose completion went straight in: its handle is
     * open (blk_server_ring_done_fast asks), and only a closed handle
     * drains, so this end needs nothing of finish's, even as the last. */
    if (t->req.via == BLK_VIA_RING && blk_server_ring_done_fast(s, t)) {
        h->ring_in_flight--;
        finish_counts(s, t, tag, h);
        h->in_flight--;
        return;
    }
    finish(s, t, tag);
}

/* The end of a run of `count` ring completions complete_many wrote into
 * h's completion ring: published with one index store, h's counts and
 * the server's taken down once. */
static void ring_run_publish(struct blk_server *s, struct blk_server_handle *h, unsigned count)
{
    spsc_ring_publish_fast(&h->queue.completions, count);
    h->pushed = true;
    h->ring_in_flight -= count;
    h->in_flight -= count;
    h->client->requests -= count;
    s->in_flight -= count;
}

/* Whether h's ring may take a run: an open handle outside a batch of its
 * own (a handle only drains once closed, so no end in a run is a drain's
 * last). */
static inline bool ring_run_open(const struct blk_server *s, const struct blk_server_handle *h)
{
    return h->common.open && s->batch_handle != h;
}

/* blk_server_complete_many for more than one: out of line, so that the
 * registers its loop saves are not saved for one alone (the compiler
 * saved them before the test of n, 29 instructions a zero-copy call). */
static __attribute__((noinline)) void complete_run(struct blk_server *s,
                                                   const struct blk_server_ended *ended, unsigned n)
{
    /* The run: its handle, where its ring's next slot is, how many it
     * holds so far and has room for by the last look. */
    struct blk_server_handle *run = 0;
    struct blk_completion *entries = 0;
    uint32_t mask = 0, next = 0, room = 0, count = 0;
    /* The free-tag stack's count is kept here while the run goes, s's
     * again before anything else ends a request: the stores into the ring
     * and the tags would otherwise make it a load and a store of s each. */
    struct blk_server_tag *const tags = s->tags;
    unsigned free_count = s->free_count;
    for (unsigned i = 0; i < n; i++) {
        const unsigned tag = ended[i].tag;
        const int status = ended[i].status;
        struct blk_server_tag *const t = &tags[tag];
        struct blk_server_handle *const h = t->h;
        if (h && t->in_flight && t->req.via == BLK_VIA_RING) {
            if (h != run && ring_run_open(s, h)) {
                if (count)
                    ring_run_publish(s, run, count);
                struct spsc_producer *ring = &h->queue.completions;
                run = h;
                entries = (struct blk_completion *)(void *)ring->ring.shared->entries;
                mask = ring->ring.capacity - 1u;
                next = ring->produced;
                room = spsc_ring_room_fast(ring);
                count = 0;
            }
            if (h == run && count < room) {
                blk_server_parts_note(s, t->io.op, t->io.lba);
                entries[(next + count++) & mask] = blk_server_ring_completion_of(t, status);
                t->in_flight = false;
                t->h = 0; /* blk_server_tag_release, with the count kept here */
                s->free_tags[free_count++] = tag;
                continue;
            }
        }
        /* Anything else ends as it would alone, after the run so far. */
        if (count)
            ring_run_publish(s, run, count);
        run = 0;
        count = 0;
        s->free_count = free_count;
        blk_server_complete(s, tag, status);
        free_count = s->free_count;
    }
    if (count)
        ring_run_publish(s, run, count);
    s->free_count = free_count;
}

void blk_server_complete_many(struct blk_server *s, const struct blk_server_ended *ended, unsigned n)
{
    if (n == 1) {
        /* Alone, no run pays: the common end's own path, with no frame here. */
        blk_server_complete(s, ended[0].tag, ended[0].status);
        return;
    }
    complete_run(s, ended, n);
}
