/* Block client, queued path: this side produces submissions and consumes
 * completions (docs/rings.md), and signals the server only when the server
 * armed a wakeup, so a busy ring costs no system calls. A watch on the
 * handle cap wakes every wait when the server dies. Each request keeps an
 * entry of the in-flight table from its push to the reaping of its
 * completion; the wire carries the entry's index as request_id, so the
 * caller's id comes back in O(1) and a recovery can push again what a dead
 * server never completed (blk_queue_restore). */
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

/* The in-flight table: an entry for every request both rings can hold. */
static int make_table(struct ipc_blk_queue *q)
{
    uint32_t slots = q->capacities[SUBMISSIONS] + q->capacities[COMPLETIONS];
    uint64_t bytes = (uint64_t)slots * (sizeof *q->inflight + 2 * sizeof *q->free_slots);
    uint64_t pages = (bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long err;
    void *region = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &q->table_frame, &err);
    if (!region)
        return (int)err;
    q->table_region = region;
    q->table_pages = pages;
    q->inflight = region;
    q->free_slots = (uint32_t *)(q->inflight + slots);
    q->order = q->free_slots + slots;
    q->slots = slots;
    /* Popped from the end: entry 0 first. */
    for (uint32_t i = 0; i < slots; i++)
        q->free_slots[i] = slots - 1 - i;
    q->free_count = slots;
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
    struct ipc_msg m = ipc_call_words(h->ep, BLK_LABEL(BLK_MSG_RING_SETUP), 0, 0, caps,
                                      sizeof caps / sizeof caps[0]);
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
    blk_slot_forget(q->doorbell);
    if (q->wakeup)
        ipc_cap_drop(q->wakeup);
    memset(q, 0, sizeof *q);
}

/* Takes entry `i` for `sub`, pushed as f->wire. */
static inline void table_take(struct ipc_blk_queue *q, uint32_t i, uint64_t request_id)
{
    q->free_count--;
    q->inflight[i].request_id = request_id;
    q->inflight[i].seq = ++q->next_seq;
}

int ipc_blk_queue_push(struct ipc_blk_handle *h, const struct blk_submission *submission)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    if (q->free_count == 0)
        return -MICA_EAGAIN; /* only a server that broke the protocol gets here */
    uint32_t i = q->free_slots[q->free_count - 1];
    struct ipc_blk_inflight *f = &q->inflight[i];
    f->wire = *submission;
    f->wire.request_id = i;
    int r = spsc_ring_try_push(&q->submissions, &f->wire);
    if (r == 0)
        table_take(q, i, submission->request_id);
    return r;
}

/* Pushed through a small array per round: the ring publishes a round at once. */
#define PUSH_ROUND 16u

int ipc_blk_queue_push_batch(struct ipc_blk_handle *h, const struct blk_submission *submissions,
                             unsigned count)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    struct blk_submission wire[PUSH_ROUND];
    unsigned pushed = 0;
    while (pushed < count) {
        unsigned n = count - pushed;
        n = n < PUSH_ROUND ? n : PUSH_ROUND;
        n = n < q->free_count ? n : q->free_count;
        for (unsigned j = 0; j < n; j++) {
            wire[j] = submissions[pushed + j];
            wire[j].request_id = q->free_slots[q->free_count - 1 - j];
        }
        int r = n ? spsc_ring_push_batch(&q->submissions, wire, n) : 0;
        if (r < 0)
            return pushed ? (int)pushed : r;
        for (int j = 0; j < r; j++) {
            uint32_t i = (uint32_t)wire[j].request_id;
            q->inflight[i].wire = wire[j];
            table_take(q, i, submissions[pushed + (unsigned)j].request_id);
        }
        pushed += (unsigned)r;
        if ((unsigned)r < PUSH_ROUND)
            break;
    }
    return (int)pushed;
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

/* The caller's id back into a completion, its entry freed; -MICA_EPROTO for
 * an id the server was never given (it broke the protocol). */
static inline int table_finish(struct ipc_blk_queue *q, struct blk_completion *c)
{
    uint64_t i = c->request_id;
    if (i >= q->slots || !q->inflight[i].seq)
        return -MICA_EPROTO;
    c->request_id = q->inflight[i].request_id;
    q->inflight[i].seq = 0;
    q->free_slots[q->free_count++] = (uint32_t)i;
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
    return table_finish(q, completion);
}

/* Sleeps on the wakeup after arming. The gone bit (taken once, so it is
 * remembered) starts a recovery; 0 to look at the rings again (a recovered
 * handle's are new), -MICA_EPIPE when the server is gone for good. */
static int sleep_on_wakeup(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    if (q->gone)
        return -MICA_EPIPE;
    long woke = ntfn_wait(q->wakeup);
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
            int gone = sleep_on_wakeup(h);
            if (gone < 0)
                return gone;
        }
    }
}

int ipc_blk_poll_completions(struct ipc_blk_handle *h, struct blk_completion *completions,
                             unsigned max)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    int n = spsc_ring_pop_batch(&q->completions, completions, max);
    if (n <= 0)
        return n;
    /* One check for the whole batch, as in ipc_blk_poll_completion. */
    if (spsc_ring_producer_notify_needed(&q->completions))
        ntfn_signal(q->doorbell);
    for (int i = 0; i < n; i++)
        if (table_finish(q, &completions[i]) < 0)
            return -MICA_EPROTO;
    return n;
}

int ipc_blk_wait_completions(struct ipc_blk_handle *h, struct blk_completion *completions,
                             unsigned max)
{
    if (max == 0)
        return -MICA_EINVAL; /* would never return */
    for (;;) {
        int n = ipc_blk_poll_completions(h, completions, max);
        if (n != 0)
            return n;
        if (spsc_ring_arm_data_notification(&h->queue.completions)) {
            int gone = sleep_on_wakeup(h);
            if (gone < 0)
                return gone;
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
            int gone = sleep_on_wakeup(h);
            if (gone < 0)
                return gone;
        }
    }
}
