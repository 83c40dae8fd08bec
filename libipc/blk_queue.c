/* Block client, queued path: this side produces submissions and consumes
 * completions (docs/rings.md), and signals the server only when the server
 * armed a wakeup, so a busy ring costs no system calls. A watch on the
 * handle cap wakes every wait when the server dies. What is pushed stays in
 * the `sent` table until its completion is reaped, under its push position,
 * which is also the request_id on the wire: a completion finds its entry
 * and the caller's id in O(1), and a recovery pushes again, in push order,
 * what a dead server never completed (blk_queue_restore.c). */
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>

#include "blk_client_private.h"

enum { SUBMISSIONS, COMPLETIONS };

static const uint32_t entry_sizes[2] = { sizeof(struct blk_submission),
                                         sizeof(struct blk_completion) };

static int make_ring(struct ipc_blk_queue *q, unsigned which, uint32_t capacity)
{
    size_t bytes = spsc_ring_region_size(capacity, entry_sizes[which]);
    if (bytes == 0)
        return -MICA_EINVAL;
    long err;
    uint64_t pages = (bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    void *region =
        ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &q->frames[which], &err);
    if (!region)
        return (int)err;
    q->regions[which] = region;
    q->pages[which] = pages;
    q->capacities[which] = capacity;
    return 0;
}

/* Both rings empty and this side attached: at setup, and again for a
 * restarted server. */
int blk_queue_format(struct ipc_blk_queue *q)
{
    int r = 0;
    for (unsigned i = SUBMISSIONS; i <= COMPLETIONS && r == 0; i++)
        r = spsc_ring_init(q->regions[i], q->pages[i] * MICA_PAGE_SIZE, q->capacities[i],
                           entry_sizes[i]);
    if (r == 0)
        r = spsc_producer_attach(&q->submissions, q->regions[SUBMISSIONS],
                                 q->pages[SUBMISSIONS] * MICA_PAGE_SIZE, entry_sizes[SUBMISSIONS]);
    if (r == 0)
        r = spsc_consumer_attach(&q->completions, q->regions[COMPLETIONS],
                                 q->pages[COMPLETIONS] * MICA_PAGE_SIZE, entry_sizes[COMPLETIONS]);
    return r;
}

/* The table: a power of two of entries, four times what both rings hold,
 * so that a request is rarely still out when its position comes round. */
static int make_table(struct ipc_blk_queue *q)
{
    uint64_t slots = 1;
    while (slots < 4u * ((uint64_t)q->capacities[SUBMISSIONS] + q->capacities[COMPLETIONS]))
        slots <<= 1;
    uint64_t bytes = slots * (sizeof *q->sent + sizeof *q->ids);
    uint64_t pages = (bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long err;
    void *region = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &q->table_frame, &err);
    if (!region)
        return (int)err;
    q->table_region = region;
    q->table_pages = pages;
    q->sent = region;
    q->ids = (uint64_t *)(q->sent + slots);
    q->mask = slots - 1;
    for (uint64_t i = 0; i < slots; i++)
        q->sent[i].request_id = ~i; /* reaped: see blk_sent_out */
    return 0;
}

/* A copy that may only signal: the server must not be able to take our wakeups. */
static long signal_only_copy(long ntfn)
{
    long copy = ipc_slot_alloc();
    if (copy < 0)
        return copy;
    long r = mica_sys_cap_copy(0, copy, ntfn, MICA_RIGHT_WRITE);
    if (r < 0) {
        ipc_slot_free(copy);
        return r;
    }
    return copy;
}

int blk_queue_send_setup(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    long wakeup_copy = signal_only_copy(q->wakeup);
    if (wakeup_copy < 0)
        return (int)wakeup_copy;
    long doorbell = ipc_slot_alloc();
    if (doorbell < 0) {
        ipc_cap_drop(wakeup_copy);
        return (int)doorbell;
    }
    uint64_t caps[] = {
        [BLK_RING_SETUP_CAP_SUBMISSION] = (uint64_t)q->frames[SUBMISSIONS],
        [BLK_RING_SETUP_CAP_COMPLETION] = (uint64_t)q->frames[COMPLETIONS],
        [BLK_RING_SETUP_CAP_CLIENT_NTFN] = (uint64_t)wakeup_copy,
    };
    uint64_t recv = (uint64_t)doorbell;
    ipc_set_recv_slots(&recv, 1);
    /* Where we submit from: a server with a thread on that hart serves the
     * ring there, so our doorbells and its wakeups stay on one hart. */
    long hart = mica_sys_system_info(0, MICA_INFO_HART);
    uint64_t words[] = { [BLK_RING_SETUP_W_HART] = (uint64_t)hart };
    struct ipc_msg m = ipc_call_words(h->ep, BLK_LABEL(BLK_MSG_RING_SETUP), words,
                                      hart < 0 ? 0u : 1u, caps, sizeof caps / sizeof caps[0]);
    ipc_set_recv_slots(0, 0);
    /* The server holds its own copy now; ours was only the envelope. */
    ipc_cap_drop(wakeup_copy);
    long status = blk_reply_take_cap(&m, doorbell);
    if (status < 0)
        return (int)status;
    q->doorbell = doorbell;
    /* A server's death must end our waits: the handle cap dies with its
     * endpoint, and the kernel then signals our wakeup. EBADF: gone already. */
    if (mica_sys_cap_watch(h->ep, q->wakeup, (long)IPC_BLK_WAKEUP_GONE) < 0)
        return -MICA_EPIPE;
    return 0;
}

int ipc_blk_ring_setup(struct ipc_blk_handle *h, uint32_t submission_capacity,
                       uint32_t completion_capacity)
{
    struct ipc_blk_queue *q = &h->queue;
    if (q->ready)
        return -MICA_EBUSY;
    memset(q, 0, sizeof *q);
    int r = make_ring(q, SUBMISSIONS, submission_capacity);
    if (r == 0)
        r = make_ring(q, COMPLETIONS, completion_capacity);
    if (r == 0)
        r = blk_queue_format(q);
    if (r == 0)
        r = make_table(q);
    if (r == 0) {
        long wakeup = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
        q->wakeup = wakeup < 0 ? 0 : wakeup;
        r = wakeup < 0 ? (int)wakeup : 0;
    }
    if (r == 0)
        r = blk_queue_send_setup(h);
    if (r < 0) {
        blk_queue_release(q);
        return r;
    }
    q->ready = true;
    return 0;
}

void blk_queue_release(struct ipc_blk_queue *q)
{
    for (unsigned i = SUBMISSIONS; i <= COMPLETIONS; i++)
        if (q->regions[i])
            ipc_frame_unmap(q->regions[i], q->pages[i], q->frames[i]);
    if (q->table_region)
        ipc_frame_unmap(q->table_region, q->table_pages, q->table_frame);
    /* The server revokes the doorbell on close: its slot may already be empty. */
    ipc_slot_forget(q->doorbell);
    if (q->wakeup)
        ipc_cap_drop(q->wakeup);
    memset(q, 0, sizeof *q);
}

/* Moves the request still out at `position` aside, so that its entry can
 * take a new one; -MICA_EBUSY when IPC_BLK_PARKED_MAX are out already. */
static int park(struct ipc_blk_queue *q, uint64_t index)
{
    if (q->parked_count == IPC_BLK_PARKED_MAX)
        return -MICA_EBUSY;
    q->parked[q->parked_count] = q->sent[index];
    q->parked_ids[q->parked_count++] = q->ids[index];
    q->sent[index].request_id = ~index;
    return 0;
}

/* push_from_table's general case: a batch that wraps round the table, a
 * request still out where a new one goes (parked), a ring with less room
 * than asked. How many went, or an error when none did. */
static BLK_COLD int push_slow(struct ipc_blk_queue *q, const struct blk_submission *subs,
                              unsigned count)
{
    const uint64_t position = q->position, mask = q->mask;
    unsigned n = 0;
    int r = 0;
    for (; n < count; n++) {
        uint64_t index = (position + n) & mask;
        if (blk_sent_out(q, index) && (r = park(q, index)) < 0)
            break;
        q->sent[index] = subs[n];
        q->sent[index].request_id = position + n;
        q->ids[index] = subs[n].request_id;
    }
    if (n == 0)
        return r; /* the ring is not asked: a request that cannot be parked */
    uint64_t first = position & mask;
    unsigned run = first + n <= mask + 1 ? n : (unsigned)(mask + 1 - first);
    int pushed = spsc_ring_push_batch(&q->submissions, &q->sent[first], run);
    if (pushed == (int)run && run < n) {
        int more = spsc_ring_push_batch(&q->submissions, q->sent, n - run);
        pushed += more > 0 ? more : 0;
    }
    /* What the ring took not is given back. */
    for (uint64_t p = position + (pushed > 0 ? (unsigned)pushed : 0); p < position + n; p++)
        q->sent[p & mask].request_id = ~p;
    if (pushed <= 0)
        return pushed < 0 ? pushed : r;
    q->position = position + (unsigned)pushed;
    return pushed;
}

typedef uint64_t __attribute__((may_alias)) submission_words;
_Static_assert(sizeof(struct blk_submission) == 4 * sizeof(uint64_t) &&
                   offsetof(struct blk_submission, request_id) == 0,
               "a submission is four words, the id first");

/* subs[0..count) into the table from table index `at` (position `position`)
 * and into the ring slots `ring`, word by word, up to a request still out
 * in the table (to be parked): how many were written. Nothing is published. */
static inline size_t put_run(struct ipc_blk_queue *q, const struct blk_submission *subs, size_t count,
                             uint64_t at, uint64_t position, uint8_t *ring)
{
    const submission_words *in = (const submission_words *)(const void *)subs;
    submission_words *table = (submission_words *)(void *)&q->sent[at];
    submission_words *slot = (submission_words *)(void *)ring;
    uint64_t *ids = &q->ids[at];
    /* A local: the table's stores may alias *q, which would load it again. */
    const uint64_t mask = q->mask;
    for (size_t n = 0; n < count; n++, in += 4, table += 4, slot += 4) {
        if (__builtin_expect((table[0] & mask) == at + n, 0))
            return n;
        uint64_t w1 = in[1], w2 = in[2], w3 = in[3];
        ids[n] = in[0];
        table[0] = slot[0] = position + n;
        table[1] = slot[1] = w1;
        table[2] = slot[2] = w2;
        table[3] = slot[3] = w3;
    }
    return count;
}

/* Copies subs[0..count) into the table under positions from q->position
 * and, in the same pass, into the ring's free slots (as many as there
 * are), which are published as one batch. */
static inline int push_from_table(struct ipc_blk_queue *q, const struct blk_submission *subs,
                                  unsigned count)
{
    const uint64_t position = q->position, mask = q->mask, first = position & mask;
    if (__builtin_expect(first + count > mask + 1, 0))
        return push_slow(q, subs, count);
    struct spsc_span span;
    int room = spsc_ring_reserve_span(&q->submissions, count, &span);
    if (room <= 0)
        return room;
    uint32_t head = span.count[0], tail = span.count[1];
    size_t put = put_run(q, subs, head, first, position, span.run[0]);
    if (put == head && tail) /* the part past the ring's wrap, mostly none */
        put += put_run(q, subs + head, tail, first + head, position + head, span.run[1]);
    if (__builtin_expect(put != (size_t)room, 0)) {
        /* A request still out where a new one goes: the entries written
         * before it are free again (not out, or push_slow would park
         * them), and push_slow parks it and pushes the batch. */
        for (size_t n = 0; n < put; n++)
            q->sent[first + n].request_id = ~(first + n);
        return push_slow(q, subs, count);
    }
    spsc_ring_publish(&q->submissions, (uint32_t)room);
    q->position = position + (unsigned)room;
    return room;
}

int ipc_blk_queue_push(struct ipc_blk_handle *h, const struct blk_submission *submission)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    int r = push_from_table(q, submission, 1);
    return r == 1 ? 0 : r == 0 ? -MICA_EAGAIN : r;
}

int ipc_blk_queue_push_batch(struct ipc_blk_handle *h, const struct blk_submission *submissions,
                             unsigned count)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    return push_from_table(q, submissions, count);
}

void ipc_blk_queue_kick(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    /* The server armed before sleeping on an empty ring; one signal after
     * the last push covers every entry pushed since (docs/rings.md). */
    if (q->ready && spsc_ring_consumer_notify_needed(&q->submissions))
        ntfn_signal(q->doorbell);
}

int ipc_blk_submit(struct ipc_blk_handle *h, const struct blk_submission *submission)
{
    int r = ipc_blk_queue_push(h, submission);
    if (r == 0)
        ipc_blk_queue_kick(h);
    return r;
}

/* A parked request's completion: the slow way. */
static BLK_COLD int finish_parked(struct ipc_blk_queue *q, struct blk_completion *c)
{
    for (unsigned i = 0; i < q->parked_count; i++) {
        if (q->parked[i].request_id != c->request_id)
            continue;
        c->request_id = q->parked_ids[i];
        q->parked_count--;
        for (; i < q->parked_count; i++) {
            q->parked[i] = q->parked[i + 1];
            q->parked_ids[i] = q->parked_ids[i + 1];
        }
        return 0;
    }
    return -MICA_EPROTO; /* an id the server was never given */
}

/* Where a completion's entry is: the table's arrays and mask, read once
 * for a batch (its stores may alias *q, which would load them again). */
struct table_view {
    struct blk_submission *sent;
    uint64_t *ids;
    uint64_t mask;
};

static inline struct table_view table_view(const struct ipc_blk_queue *q)
{
    return (struct table_view){ q->sent, q->ids, q->mask };
}

/* The caller's id back into a completion, its entry reaped. */
static inline int table_finish(struct ipc_blk_queue *q, const struct table_view *t,
                               struct blk_completion *c)
{
    const uint64_t id = c->request_id, index = id & t->mask;
    struct blk_submission *sent = &t->sent[index];
    if (__builtin_expect(sent->request_id != id, 0))
        return finish_parked(q, c);
    sent->request_id = ~index;
    c->request_id = t->ids[index];
    return 0;
}

int ipc_blk_poll_completion(struct ipc_blk_handle *h, struct blk_completion *completion)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    int r = spsc_ring_try_pop(&q->completions, completion);
    if (r != 0)
        return r;
    /* A server stalled on a full completion ring asked for this slot. */
    if (spsc_ring_producer_notify_needed(&q->completions))
        ntfn_signal(q->doorbell);
    const struct table_view t = table_view(q);
    return table_finish(q, &t, completion);
}

/* Sleeps on the wakeup after arming, ringing the doorbell in the same
 * system call when `ring` (refused, as once the server's doorbell cap is
 * gone, it sleeps as without). The gone bit (taken once, so it is
 * remembered) starts a recovery; 0 to look at the rings again (a recovered
 * handle's are new), -MICA_EPIPE when the server is gone for good. */
static int sleep_on_wakeup(struct ipc_blk_handle *h, bool ring)
{
    struct ipc_blk_queue *q = &h->queue;
    if (q->gone)
        return -MICA_EPIPE;
    long woke = ring ? ntfn_signal_wait(q->doorbell, q->wakeup) : ntfn_wait(q->wakeup);
    if (woke < 0 && ring)
        woke = ntfn_wait(q->wakeup);
    if (woke < 0)
        return (int)woke;
    if ((uint64_t)woke & IPC_BLK_WAKEUP_GONE) {
        if (blk_recover(h, -MICA_EPIPE) == 0)
            return 0;
        q->gone = true;
        return -MICA_EPIPE;
    }
    return 0;
}

int ipc_blk_wait_completion(struct ipc_blk_handle *h, struct blk_completion *completion)
{
    for (;;) {
        int r = ipc_blk_poll_completion(h, completion);
        if (r != -MICA_EAGAIN)
            return r;
        /* Arm, then sleep only if the ring is still empty (docs/rings.md). */
        if (spsc_ring_arm_data_notification(&h->queue.completions)) {
            int gone = sleep_on_wakeup(h, false);
            if (gone < 0)
                return gone;
        }
    }
}

/* A batch of completions with the callers' ids put back; poll and wait
 * share it inline. */
static inline int poll_batch(struct ipc_blk_queue *q, struct blk_completion *completions,
                             unsigned max)
{
    if (spsc_ring_empty_fast(&q->completions))
        return 0; /* a wait's first look at depth 1, mostly */
    int n = spsc_ring_pop_batch(&q->completions, completions, max);
    if (n <= 0)
        return n;
    /* One check for the whole batch, as in ipc_blk_poll_completion. */
    if (spsc_ring_producer_notify_needed(&q->completions))
        ntfn_signal(q->doorbell);
    const struct table_view t = table_view(q);
    for (int i = 0; i < n; i++)
        if (table_finish(q, &t, &completions[i]) < 0)
            return -MICA_EPROTO;
    return n;
}

int ipc_blk_poll_completions(struct ipc_blk_handle *h, struct blk_completion *completions,
                             unsigned max)
{
    if (!h->queue.ready)
        return -MICA_EBADF;
    return poll_batch(&h->queue, completions, max);
}

/* RING_ENTER in place of the doorbell before a wait: true when the server
 * ran the submissions inside the call, or kept the call until the ring
 * held a completion (an asynchronous driver's only ring): either way what
 * came back is in the ring now. A server that only starts them, or
 * predates the call, or fails it is not asked again: the doorbell and the
 * wakeup serve there (a dead server's wakeup carries the gone bit, and the
 * sleep after this finds it). */
static bool ring_enter(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    if (q->no_enter)
        return false;
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_RING_ENTER), 0, 0), 0, 0, 0, 0);
    /* A register word: read where the call left it, as the other replies' words are. */
    _Static_assert(BLK_RING_ENTER_REPLY_W_SERVED < MICA_MSG_REG_WORDS, "served is a register word");
    uint64_t how = MICA_MSGINFO_WORDS(m.info) > BLK_RING_ENTER_REPLY_W_SERVED ? m.w[BLK_RING_ENTER_REPLY_W_SERVED]
                                                                               : BLK_RING_ENTER_STARTED;
    bool served = blk_reply_status(&m) == 0 && (how == BLK_RING_ENTER_RAN || how == BLK_RING_ENTER_KEPT);
    q->no_enter = !served;
    return served;
}

int ipc_blk_wait_completions(struct ipc_blk_handle *h, struct blk_completion *completions,
                             unsigned max)
{
    if (max == 0)
        return -MICA_EINVAL; /* would never return */
    if (!h->queue.ready)
        return -MICA_EBADF;
    /* The server is told once a wait, before the first sleep: by the call,
     * or else by the doorbell (a no-op when it did not ask for one). If
     * what the call served left nothing to reap, sleep as before. */
    bool told = false, owe_doorbell = false;
    for (;;) {
        int n = poll_batch(&h->queue, completions, max);
        if (n != 0)
            return n;
        if (!told) {
            told = true;
            if (!h->queue.gone && ring_enter(h))
                continue;
            /* The kick's question; its signal goes with the sleep below
             * (one system call), or at once when there is no sleep. */
            owe_doorbell = spsc_ring_consumer_notify_needed(&h->queue.submissions);
        }
        if (spsc_ring_arm_data_notification(&h->queue.completions)) {
            int gone = sleep_on_wakeup(h, owe_doorbell);
            owe_doorbell = false;
            if (gone < 0)
                return gone;
        } else if (owe_doorbell) {
            ntfn_signal(h->queue.doorbell);
            owe_doorbell = false;
        }
    }
}

int ipc_blk_wait_space(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    for (;;) {
        int free = spsc_ring_free_space(&q->submissions);
        if (free != 0)
            return free;
        if (spsc_ring_arm_space_notification(&q->submissions)) {
            int gone = sleep_on_wakeup(h, false);
            if (gone < 0)
                return gone;
        }
    }
}
