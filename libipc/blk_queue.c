/* Block client, queued path: this side produces submissions and consumes
 * completions (docs/rings.md), and signals the server only when the server
 * armed a wakeup, so a busy ring costs no system calls. A watch on the
 * handle cap wakes every wait when the server dies. */
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>

#include "blk_client_private.h"

enum { SUBMISSIONS, COMPLETIONS };

static int make_ring(struct ipc_blk_queue *q, unsigned which, uint32_t capacity, uint32_t entry_size)
{
    size_t bytes = spsc_ring_region_size(capacity, entry_size);
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
    return spsc_ring_init(region, pages * MICA_PAGE_SIZE, capacity, entry_size);
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

static int send_setup(struct ipc_blk_handle *h)
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
    return 0;
}

int ipc_blk_ring_setup(struct ipc_blk_handle *h, uint32_t submission_capacity,
                       uint32_t completion_capacity)
{
    struct ipc_blk_queue *q = &h->queue;
    if (q->ready)
        return -MICA_EBUSY;
    memset(q, 0, sizeof *q);
    int r = make_ring(q, SUBMISSIONS, submission_capacity, sizeof(struct blk_submission));
    if (r == 0)
        r = make_ring(q, COMPLETIONS, completion_capacity, sizeof(struct blk_completion));
    if (r == 0) {
        long wakeup = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
        q->wakeup = wakeup < 0 ? 0 : wakeup;
        r = wakeup < 0 ? (int)wakeup : 0;
    }
    if (r == 0)
        r = spsc_producer_attach(&q->submissions, q->regions[SUBMISSIONS],
                                 q->pages[SUBMISSIONS] * MICA_PAGE_SIZE, sizeof(struct blk_submission));
    if (r == 0)
        r = spsc_consumer_attach(&q->completions, q->regions[COMPLETIONS],
                                 q->pages[COMPLETIONS] * MICA_PAGE_SIZE, sizeof(struct blk_completion));
    if (r == 0)
        r = send_setup(h);
    /* A server's death must end our waits: the handle cap dies with its
     * endpoint, and the kernel then signals our wakeup. EBADF: gone already. */
    if (r == 0 && mica_sys_cap_watch(h->ep, q->wakeup, (long)IPC_BLK_WAKEUP_GONE) < 0)
        r = -MICA_EPIPE;
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
    /* The server revokes the doorbell on close: its slot may already be empty. */
    if (q->doorbell) {
        mica_sys_cap_delete(0, q->doorbell);
        ipc_slot_free(q->doorbell);
    }
    if (q->wakeup)
        ipc_cap_drop(q->wakeup);
    memset(q, 0, sizeof *q);
}

int ipc_blk_queue_push(struct ipc_blk_handle *h, const struct blk_submission *submission)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    return spsc_ring_try_push(&q->submissions, submission);
}

int ipc_blk_queue_push_batch(struct ipc_blk_handle *h, const struct blk_submission *submissions,
                             unsigned count)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    return spsc_ring_push_batch(&q->submissions, submissions, count);
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

int ipc_blk_poll_completion(struct ipc_blk_handle *h, struct blk_completion *completion)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return -MICA_EBADF;
    int r = spsc_ring_try_pop(&q->completions, completion);
    /* A server stalled on a full completion ring asked for this slot. */
    if (r == 0 && spsc_ring_producer_notify_needed(&q->completions))
        ntfn_signal(q->doorbell);
    return r;
}

/* Sleeps on the wakeup after arming; -MICA_EPIPE from the first wake that
 * carries the gone bit on (the bit is taken once, so it is remembered). */
static int sleep_on_wakeup(struct ipc_blk_queue *q)
{
    if (q->gone)
        return -MICA_EPIPE;
    long woke = ntfn_wait(q->wakeup);
    if (woke < 0)
        return (int)woke;
    if ((uint64_t)woke & IPC_BLK_WAKEUP_GONE) {
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
            int gone = sleep_on_wakeup(&h->queue);
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
    /* One check for the whole batch, as in ipc_blk_poll_completion. */
    if (n > 0 && spsc_ring_producer_notify_needed(&q->completions))
        ntfn_signal(q->doorbell);
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
            int gone = sleep_on_wakeup(&h->queue);
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
            int gone = sleep_on_wakeup(q);
            if (gone < 0)
                return gone;
        }
    }
}
