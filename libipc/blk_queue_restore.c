/* The queued path's part of a recovery: the same ring frames formatted
 * afresh and set up on the new handle, then every request not yet reaped
 * pushed again in the order it was first pushed, so a flush still follows
 * the writes before it. What the dead server had completed but nobody had
 * reaped is pushed again too: reads and writes are idempotent. */
#include <mica/abi/errno.h>

#include "blk_client_private.h"

/* The in-flight entries in push order (insertion sort: only recoveries
 * pay, and a table holds at most both rings' capacities). */
static uint32_t replay_order(struct ipc_blk_queue *q)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < q->slots; i++) {
        uint64_t seq = q->inflight[i].seq;
        if (!seq)
            continue;
        uint32_t at = n++;
        while (at > 0 && q->inflight[q->order[at - 1]].seq > seq) {
            q->order[at] = q->order[at - 1];
            at--;
        }
        q->order[at] = i;
    }
    return n;
}

/* Waits for a submission slot on the new server; -MICA_EPIPE if it died too. */
static int wait_for_room(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    ipc_blk_queue_kick(h);
    if (!spsc_ring_arm_space_notification(&q->submissions))
        return 0;
    long woke = ntfn_wait(q->wakeup);
    if (woke < 0)
        return (int)woke;
    return ((uint64_t)woke & IPC_BLK_WAKEUP_GONE) ? -MICA_EPIPE : 0;
}

int blk_queue_restore(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return 0;
    blk_slot_forget(q->doorbell);
    q->doorbell = 0;
    /* The old handle's gone bit, and any signal of the dead server. */
    ntfn_poll(q->wakeup);
    q->gone = false;
    int r = blk_queue_format(q);
    if (r == 0)
        r = blk_queue_send_setup(h);
    uint32_t n = r == 0 ? replay_order(q) : 0;
    for (uint32_t k = 0; k < n && r == 0; k++) {
        while ((r = spsc_ring_try_push(&q->submissions, &q->inflight[q->order[k]].wire)) ==
               -MICA_EAGAIN)
            if ((r = wait_for_room(h)) < 0)
                break;
    }
    if (r == 0)
        ipc_blk_queue_kick(h);
    return r;
}
