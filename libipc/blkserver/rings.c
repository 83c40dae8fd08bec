/* The queued path: RING_SETUP, and serving a handle's rings. Submissions
 * are taken a batch at a time, as many as there are completion slots that
 * no request in flight is owed and tags free (so a completion never has to
 * be dropped, and a full completion ring holds submissions back). The
 * completions of a batch that ended inside it (a synchronous driver's, and
 * refusals) are published together, last-first: every client meets
 * out-of-order completion here, on the simplest device, before it meets it
 * on a real one. Later completions are pushed as the driver reports them.
 * Wakeups follow docs/rings.md: only when the client armed one. Rings are
 * served in turns of one batch each, so a client that keeps its ring full
 * cannot hold the server while another's submissions wait. */
#include <mica/abi/errno.h>
#include <mica/blk_request_decode.h>
#include <mica/log.h>

#include "blk_server_private.h"
#include "ring_done.h"
#include "tag_start.h"

void blk_server_ring_setup(struct blk_server *s, struct blk_server_handle *h,
                           const struct ipc_msg *m, struct blk_reply *r)
{
    /* On the client's hart when a worker runs there (only for a synchronous
     * driver); the doorbell then rings the worker's notification. */
    struct blk_server_worker *w = blk_server_sync(s) ? blk_server_worker_for(s, m) : 0;
    /* Signal-only, badged with this handle's bit of the notification word. */
    uint64_t bit = 1ull << blk_server_handle_index(s, h);
    int err = blk_ring_pair_setup(&h->queue, &s->inbox, m->info, BLK_SERVER_RING_MAX_BYTES,
                                  w ? w->notification : s->notification, bit);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    blk_ring_pair_reply(&h->queue, s->ipc, r);
    s->ring_handles |= 1ull << blk_server_handle_index(s, h);
    /* The wakeup dies with the client like a sentinel: its deletion closes
     * the handle at once (handles.c, blk_server_gone), so a ring turn need
     * not ask the kernel about it. A watch refused here means the copy is
     * gone already: the caller died during the call. */
    if (mica_sys_cap_watch(h->queue.wakeup, s->notification,
                           (long)(1ull << (BLK_SERVER_GONE_SHIFT + blk_server_handle_index(s, h)))) < 0) {
        blk_reply_error(r, -MICA_EPIPE);
        blk_server_close_dead(s, h);
        return;
    }
    /* The ring is empty: this arms the wakeup the client's first submit
     * rings (an asynchronous driver's settle serves every ring anyway). */
    if (blk_server_sync(s))
        blk_server_ring_serve(s, h, &s->turn);
    if (w) {
        /* Under the lock: the worker sees the ring whole once it is its. */
        blk_server_handle_lock(h);
        h->worker = w->index + 1u;
        s->worker_handles |= bit;
        blk_server_handle_unlock(h);
    }
}

bool blk_server_ring_enter(struct blk_server *s, struct blk_server_handle *h, struct blk_reply *r)
{
    if (!h->queue.ready) {
        blk_reply_error(r, -MICA_EINVAL);
        return false;
    }
    uint64_t served = BLK_RING_ENTER_STARTED;
    uint64_t bit = 1ull << blk_server_handle_index(s, h);
    if (h->worker) {
        /* Its worker serves it, on the client's hart: rung like a doorbell. */
        ntfn_signal(h->queue.doorbell);
    } else if (blk_server_sync(s)) {
        /* One turn, as the doorbell would give; a ring with more is rung
         * again for the next receive, so the others keep their turns. */
        if (blk_server_ring_serve(s, h, &s->turn))
            ntfn_signal(h->queue.doorbell);
        served = BLK_RING_ENTER_RAN;
    } else if (s->ring_handles == bit && !(s->enters_saved & bit)) {
        /* An asynchronous driver's settle, right after, serves the ring;
         * the answer waits for what the device gives back (server.c). Only
         * for the one ring: each client's call is a receive and a settle of
         * its own, where several clients' doorbells share one, and the
         * calls of a second client would cost more than the waits saved.
         * And one kept call a handle: a second one (another thread of the
         * client) while the first waits saved in the handle's slot would
         * have no slot to wait in. */
        s->pending_enter = h;
        return true;
    }
    /* Else 0: the client keeps to the doorbell and its wakeup, which an
     * asynchronous driver's settle after this reply serves. */
    blk_reply_word(s->ipc, r, BLK_RING_ENTER_REPLY_W_SERVED, served);
    return false;
}

bool blk_server_enter_answerable(struct blk_server_handle *h)
{
    if (!h->queue.ready || h->ring_in_flight == 0)
        return true;
    /* The client's index is its own to write: a false count only answers
     * early (the client then sleeps on its wakeup) or late (at the last
     * completion, when nothing is in flight). */
    int free = spsc_ring_free_space(&h->queue.completions);
    return free < 0 || (uint32_t)free < h->queue.completions.ring.capacity;
}

void blk_server_enter_send(struct blk_server *s, struct blk_server_handle *h)
{
    struct blk_reply r = blk_server_enter_kept(s);
    unsigned i = blk_server_handle_index(s, h);
    /* A client gone meanwhile took its reply with it: the send fails. */
    ipc_reply_send(s->enter_replies[i], MICA_MSGINFO(0, r.words, 0), r.w[0], r.w[1], r.w[2], r.w[3]);
    s->enters_saved &= ~(1ull << i);
}

/* Wakes the client of q if it asked. An asynchronous driver serves its
 * rings in settle, which ends in the server's receive: the signal goes
 * with that receive (server.c: one system call for both), unless another
 * client's is owed already. A synchronous driver's turns run in ring
 * workers too and end in replies: its signal goes now. */
static inline __attribute__((always_inline)) void wake_client(struct blk_server *s,
                                                              struct blk_ring_pair *q)
{
    if (blk_server_sync(s)) {
        blk_ring_pair_wake(q);
        return;
    }
    if (!blk_ring_pair_wake_needed(q))
        return;
    if (!s->wake_at_receive || s->wake_at_receive == q->wakeup)
        s->wake_at_receive = q->wakeup;
    else
        ntfn_signal(q->wakeup);
}

static void ring_broken(struct blk_server *s, struct blk_server_handle *h)
{
    if (h->worker) {
        /* Only the main thread closes handles: it hears of this at once. */
        __atomic_store_n(&h->ring_broken, true, __ATOMIC_RELEASE);
        ntfn_signal(s->worker_news);
        return;
    }
    blk_server_ring_broken(s, h);
}

void blk_server_ring_broken(struct blk_server *s, struct blk_server_handle *h)
{
    ipc_log_warn("%s: handle %u broke the ring protocol; closed", s->c.name,
                 blk_server_handle_index(s, h));
    blk_server_close(s, h);
}

static unsigned min_u(unsigned a, unsigned b)
{
    return a < b ? a : b;
}

/* How many submissions the next batch may take with `space` free
 * completion slots: 0 when every one is owed or no tag is free. A
 * synchronous driver owes none and takes no tags. */
static unsigned batch_limit(const struct blk_server *s, const struct blk_server_handle *h,
                            unsigned space)
{
    if (blk_server_sync(s))
        return min_u(space, BLK_SERVER_BATCH);
    unsigned client_max = s->c.client_limits.requests;
    if (space <= h->ring_in_flight || h->in_flight >= s->c.queue_depth ||
        s->free_count <= BLK_SERVER_CALL_RESERVE || h->client->requests >= client_max)
        return 0;
    unsigned limit = min_u(space - h->ring_in_flight, BLK_SERVER_BATCH);
    limit = min_u(limit, s->c.queue_depth - h->in_flight);
    limit = min_u(limit, client_max - h->client->requests);
    return min_u(limit, s->free_count - BLK_SERVER_CALL_RESERVE);
}

/* A batch's submissions in order, where they lie in the ring: the run
 * before the wrap, then the one after it. */
struct submission_cursor {
    const uint8_t *at;
    unsigned left; /* in the run `at` is in */
    unsigned after_wrap;
    const uint8_t *wrap;
};

static inline struct submission_cursor submission_cursor(const struct spsc_span *span)
{
    if (span->count[0])
        return (struct submission_cursor){ span->run[0], span->count[0], span->count[1], span->run[1] };
    return (struct submission_cursor){ span->run[1], span->count[1], 0, 0 };
}

/* The next submission, read once (blk_wire_from_submission), so what was
 * checked is what runs. */
static inline void take_submission(struct submission_cursor *c, struct blk_wire_request *wire)
{
    blk_wire_from_submission((const struct blk_submission *)(const void *)c->at, wire);
    c->at += sizeof(struct blk_submission);
    if (--c->left == 0) {
        c->at = c->wrap;
        c->left = c->after_wrap;
    }
}

/* The ring faults a synchronous batch passes per request. */
#define SYNC_BATCH_FAULTS (BLK_FAULT_REQUEST | BLK_FAULT(PROC_FAULT_DMA) | BLK_FAULT(PROC_FAULT_RING_BATCH))

/* run_batch_sync's loop, made twice: with the fault points, and without
 * them for a batch that starts with none armed (only the receive loop arms
 * one, so none can be armed during the batch). The handle's view, its
 * buffer and the driver's entry are copied into locals first: the driver is
 * called through a pointer, so the compiler would otherwise load them again
 * for every request. */
static inline __attribute__((always_inline)) void
sync_batch_loop(struct blk_server *s, struct blk_server_handle *h, const struct spsc_span *taken,
                unsigned n, const struct spsc_span *out, bool faults)
{
    const struct blk_device_limits view = h->view;
    const struct blk_handle_state state = { .writable = h->common.writable,
                                            .buffer_bytes = h->buffer.bytes };
    uint8_t *const base = h->buffer.base;
    const uint64_t first_block = h->first_block;
    int (*const run)(void *, enum blk_opcode, uint64_t, uint32_t, uint8_t *) = s->c.ops->run;
    void *const driver = s->c.driver;
    /* Completions last first, as the batch always completed (clients see
     * them out of submission order: blktest's out_of_order): from the end
     * of the run after the wrap, if any, down, then the end of the first. */
    struct blk_completion *const head_end =
        (struct blk_completion *)(void *)out->run[0] + out->count[0];
    unsigned in_tail = out->count[1];
    struct blk_completion *next =
        in_tail ? (struct blk_completion *)(void *)out->run[1] + in_tail : head_end;
    struct submission_cursor cursor = submission_cursor(taken);
    for (unsigned i = 0; i < n; i++) {
        struct blk_wire_request wire;
        struct blk_request req;
        take_submission(&cursor, &wire);
        if (faults)
            blk_server_fault_at(s, BLK_FAULT_REQUEST);
        int err = decode_blk_request_inline(&view, &state, &wire, &req);
        if (!err) {
            err = run(driver, req.op, req.lba + first_block, req.length, base + req.buffer_offset);
            if (faults)
                blk_server_fault_at(s, BLK_FAULT(PROC_FAULT_DMA));
        }
        *--next = (struct blk_completion){ .request_id = wire.request_id, .status = err,
                                           .bytes = err ? 0 : req.length };
        if (in_tail && --in_tail == 0)
            next = head_end;
        /* Run, and its completion not yet published. */
        if (faults)
            blk_server_fault_at(s, BLK_FAULT(PROC_FAULT_RING_BATCH));
    }
}

/* A synchronous driver's batch: every request decoded and run in turn, its
 * completion written straight into the completion ring's slots `out`
 * (reserved for all n, published by the caller) from the last down. */
static void run_batch_sync(struct blk_server *s, struct blk_server_handle *h,
                           const struct spsc_span *taken, unsigned n, const struct spsc_span *out)
{
    if (__builtin_expect((s->fault_armed & SYNC_BATCH_FAULTS) != 0, 0))
        sync_batch_loop(s, h, taken, n, out, true);
    else
        sync_batch_loop(s, h, taken, n, out, false);
    h->requests[BLK_VIA_RING] += n;
}

/* The ring faults an asynchronous batch passes per request. */
#define ASYNC_BATCH_FAULTS (BLK_FAULT_REQUEST | BLK_FAULT(PROC_FAULT_DMA) | BLK_FAULT(PROC_FAULT_RING_BATCH))

/* run_batch's loop for an asynchronous driver, made twice as the
 * synchronous one is: with the fault points and without. Each request takes
 * a tag (batch_limit left one for each, within the handle's depth, the
 * client's limit and the calls' reserve) and goes to the driver's start;
 * the counts of what went to the device are the caller's, once a batch. A
 * request the driver finished inside start is not one of them: its
 * completion is in done[] already. Returns how many are in flight, and in
 * *started how many the driver took (those too). What every check and
 * start reads of the handle and the server is read once, as the
 * synchronous loop does (blk_start_view). */
static inline __attribute__((always_inline)) unsigned
async_batch_loop(struct blk_server *s, struct blk_server_handle *h, const struct spsc_span *taken,
                 unsigned n, struct blk_completion *done, bool faults, unsigned *started)
{
    const struct blk_device_limits view = h->view;
    const struct blk_handle_state state = { .writable = h->common.writable,
                                            .buffer_bytes = h->buffer.bytes };
    const struct blk_start_view starts = blk_start_view(s, h);
    struct blk_server_tag *const tags = s->tags;
    unsigned in_flight = 0, refused = 0;
    struct submission_cursor cursor = submission_cursor(taken);
    for (unsigned i = 0; i < n; i++) {
        struct blk_wire_request wire;
        unsigned tag = s->free_tags[--s->free_count];
        struct blk_server_tag *t = &tags[tag];
        t->h = h;
        take_submission(&cursor, &wire);
        if (faults)
            blk_server_fault_at(s, BLK_FAULT_REQUEST);
        int err = decode_blk_request_inline(&view, &state, &wire, &t->req);
        if (err)
            blk_server_tag_release(s, tag);
        else
            err = blk_server_tag_launch(s, &starts, tag, t, BLK_VIA_RING);
        if (err) {
            done[--s->batch_next] = (struct blk_completion){ .request_id = wire.request_id,
                                                             .status = err };
            refused++;
        } else if (t->done) {
            blk_server_ring_done(s, t);
            blk_server_tag_release(s, tag);
        } else {
            if (faults)
                blk_server_fault_at(s, BLK_FAULT(PROC_FAULT_DMA)); /* the device has it */
            t->in_flight = true;
            in_flight++;
        }
        /* Started, and what ended inside the batch not yet published. */
        if (faults)
            blk_server_fault_at(s, BLK_FAULT(PROC_FAULT_RING_BATCH));
    }
    *started = n - refused;
    return in_flight;
}

/* An asynchronous driver's batch: decodes and starts the n submissions in
 * `taken`; what ends inside lands in done[] from the top down. Returns
 * where the last one landed. */
static unsigned run_batch(struct blk_server *s, struct blk_server_handle *h,
                          const struct spsc_span *taken, unsigned n, struct blk_completion *done)
{
    s->batch_handle = h;
    s->batch_done = done;
    s->batch_next = n;
    unsigned in_flight, started;
    if (__builtin_expect((s->fault_armed & ASYNC_BATCH_FAULTS) != 0, 0))
        in_flight = async_batch_loop(s, h, taken, n, done, true, &started);
    else
        in_flight = async_batch_loop(s, h, taken, n, done, false, &started);
    /* Counted after the batch: a driver that completed one of this batch's
     * requests from a later start took it off these counts before they were
     * added (unsigned, so the sum comes out right). */
    h->requests[BLK_VIA_RING] += started;
    h->ring_in_flight += in_flight;
    blk_server_count_in_flight(s, h, in_flight);
    s->batch_handle = 0;
    return s->batch_next;
}

/* A synchronous driver's batch of the n submissions in `taken`, its
 * completions written in place into the completion ring (which has room
 * for them: batch_limit) and published together. How many landed, or -1
 * when the ring broke its protocol. */
static int serve_batch_sync(struct blk_server *s, struct blk_server_handle *h,
                            const struct spsc_span *taken, unsigned n)
{
    struct blk_ring_pair *q = &h->queue;
    if (n == 0)
        return 0;
    struct spsc_span out;
    if (spsc_ring_reserve_span(&q->completions, n, &out) != (int)n)
        return -1;
    run_batch_sync(s, h, taken, n, &out);
    spsc_ring_release(&q->submissions, n);
    spsc_ring_publish(&q->completions, n);
    return (int)n;
}

/* An asynchronous driver's batch: those that ended inside their start
 * pushed together. How many landed, or -1 when the ring broke its protocol. */
static int serve_batch_async(struct blk_server *s, struct blk_server_handle *h,
                             const struct spsc_span *taken, unsigned n, struct blk_completion *done)
{
    struct blk_ring_pair *q = &h->queue;
    unsigned first = run_batch(s, h, taken, n, done);
    spsc_ring_release(&q->submissions, n);
    if (first == n)
        return 0;
    /* The completion ring had room for `limit`: all fit. */
    if (spsc_ring_push_batch(&q->completions, done + first, n - first) != (int)(n - first))
        return -1;
    return (int)(n - first);
}

/* Whether h has rings a turn may read: open, set up and not broken. */
static inline bool ring_servable(const struct blk_server_handle *h)
{
    return h->common.open && h->queue.ready && !h->ring_broken;
}

bool blk_server_ring_serve(struct blk_server *s, struct blk_server_handle *h,
                           struct blk_server_turn *turn)
{
    struct blk_ring_pair *q = &h->queue;
    if (!ring_servable(h))
        return false;
    bool moved = h->pushed, more = false, served = false;
    h->pushed = false;
    struct spsc_span taken;
    struct blk_completion done[BLK_SERVER_BATCH];
    for (;;) {
        int space = spsc_ring_free_space(&q->completions);
        if (space < 0) {
            ring_broken(s, h);
            return false;
        }
        if (space == 0) {
            /* Room matters only with something to serve: a client that
             * filled the completion ring and submitted nothing more is
             * waited for on the submission ring, so its reaps ring no
             * doorbell (nor make the next RING_ENTER find us woken). */
            if (spsc_ring_count(&q->submissions) == 0 &&
                spsc_ring_arm_data_notification(&q->submissions))
                break;
            /* The client's next reap rings our doorbell (producer_notify_needed). */
            if (spsc_ring_arm_space_notification(&q->completions))
                break;
            continue;
        }
        /* Every free completion slot is owed, or no tag: a completion
         * comes first, and the rings are served after it. */
        unsigned limit = batch_limit(s, h, (unsigned)space);
        if (limit == 0) {
            /* The ring waits for a tag, but one that broke the protocol
             * is closed now, not whenever its client's requests drain. */
            if (spsc_ring_count(&q->submissions) < 0) {
                ring_broken(s, h);
                return false;
            }
            break;
        }
        if (served) {
            /* One batch a turn: the others' rings come first. An empty
             * ring is no reason for another turn. */
            if (spsc_ring_count(&q->submissions) == 0 &&
                spsc_ring_arm_data_notification(&q->submissions))
                break;
            more = true;
            break;
        }
        served = true;
        /* One index publication per batch on each ring (docs/rings.md). */
        int got = spsc_ring_peek_span(&q->submissions, limit, &taken);
        if (got < 0) {
            ring_broken(s, h);
            return false;
        }
        unsigned n = (unsigned)got;
        turn->requests += n;
        int landed = blk_server_sync(s) ? serve_batch_sync(s, h, &taken, n)
                                        : serve_batch_async(s, h, &taken, n, done);
        if (landed < 0) {
            ring_broken(s, h);
            return false;
        }
        if (landed > 0) {
            wake_client(s, q);
            moved = false;
        } else {
            moved = moved || n > 0;
        }
        if (n == limit)
            continue; /* the ring may hold more */
        if (spsc_ring_arm_data_notification(&q->submissions))
            break;
    }
    if (moved)
        wake_client(s, q);
    return more;
}

/* True when h's ring needs no turn: its last turn armed the doorbell on an
 * empty submission ring, so nothing comes before the client's next
 * submission rings; the completions pushed since are announced here. An
 * asynchronous driver's settle serves every ring after each poll, and at
 * depth 1 most of those turns end at this look (a rung ring, which a
 * synchronous driver's turn serves, has rarely nothing). */
static bool ring_quiet(struct blk_server *s, struct blk_server_handle *h)
{
    struct blk_ring_pair *q = &h->queue;
    if (!ring_servable(h) || !spsc_ring_armed_and_empty(&q->submissions))
        return false;
    if (h->pushed) {
        h->pushed = false;
        wake_client(s, q);
    }
    return true;
}

/* A ring's turn out of line: the serve-all sweep below mostly ends at
 * ring_quiet's look, and with the turn inline every sweep saved and
 * restored a dozen registers for it. */
static __attribute__((noinline)) bool serve_ring_out_of_line(struct blk_server *s, struct blk_server_handle *h)
{
    return blk_server_ring_serve(s, h, &s->turn);
}

/* One turn of the rings in `rings` from handle `from` up; the ones with
 * more. Stops past the highest bit: a lone doorbell costs one look. */
static uint64_t serve_from(struct blk_server *s, uint64_t rings, unsigned from)
{
    uint64_t again = 0;
    for (unsigned i = from; rings >> i; i++)
        if ((rings >> i & 1u) && !ring_quiet(s, &s->handles[i]) && serve_ring_out_of_line(s, &s->handles[i]))
            again |= 1ull << i;
    return again;
}

/* A turn of the main thread (w NULL) or of a worker: made twice, so the
 * main thread's has no lock and no test of w. */
static inline __attribute__((always_inline)) uint64_t serve_turn(struct blk_server *s,
                                                                 struct blk_server_worker *w,
                                                                 uint64_t rings)
{
    struct blk_server_turn *turn = w ? &w->turn : &s->turn;
    turn->requests = 0;
    while (rings && turn->requests < BLK_SERVER_TURN_REQUESTS) {
        /* The first ring from first_ring on, wrapping; the next one after it. */
        uint64_t before = (1ull << turn->first_ring) - 1u;
        uint64_t pick = rings & ~before ? rings & ~before : rings;
        unsigned i = 0;
        while (!(pick >> i & 1u)) /* rv64imac has no count-trailing-zeros */
            i++;
        turn->first_ring = (i + 1u) % BLK_SERVER_MAX_HANDLES;
        struct blk_server_handle *h = &s->handles[i];
        bool more;
        if (!w) {
            more = blk_server_ring_serve(s, h, turn);
        } else {
            /* A bit that outlived this worker's ring (closed, perhaps set
             * up again elsewhere) finds the handle not ours. */
            blk_server_handle_lock(h);
            more = h->worker == w->index + 1u && blk_server_ring_serve(s, h, turn);
            blk_server_handle_unlock(h);
        }
        rings = (rings & ~(1ull << i)) | (more ? 1ull << i : 0);
    }
    return rings;
}

uint64_t blk_server_ring_serve_turn(struct blk_server *s, uint64_t rings)
{
    return serve_turn(s, 0, rings);
}

uint64_t blk_server_worker_turn(struct blk_server_worker *w, uint64_t rings)
{
    return serve_turn(w->s, w, rings);
}

/* Out of line: a server with no ring (calls only) passes here after every
 * poll, and should not pay for the registers a turn saves. */
static __attribute__((noinline)) void serve_all(struct blk_server *s, uint64_t rings)
{
    s->turn.first_ring = (s->turn.first_ring + 1u) % BLK_SERVER_MAX_HANDLES;
    uint64_t before = (1ull << s->turn.first_ring) - 1u; /* served after the others */
    while (rings) {
        /* A side with no ring is not called: its frame alone costs a
         * score of instructions, and one side is mostly empty. */
        uint64_t first = rings & ~before, then = rings & before;
        rings = (first ? serve_from(s, first, s->turn.first_ring) : 0) |
                (then ? serve_from(s, then, 0) : 0);
    }
}

void blk_server_ring_serve_all(struct blk_server *s)
{
    if (s->ring_handles)
        serve_all(s, s->ring_handles);
}
