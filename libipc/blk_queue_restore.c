/* The queued path's part of a recovery: the same ring frames formatted
 * afresh and set up on the new handle, then every request not yet reaped
 * pushed again in the order it was first pushed, with the same wire id, so
 * a flush still follows the writes before it. What the dead server had
 * completed but nobody had reaped is pushed again too: reads and writes
 * are idempotent. */
#include <mica/abi/errno.h>

#include "blk_client_private.h"

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

/* Pushes one request again, waiting for room as the new server takes
 * what is ahead of it. */
static int push_again(struct ipc_blk_handle *h, const struct blk_submission *sub)
{
    int r;
    while ((r = spsc_ring_try_push(&h->queue.submissions, sub)) == -MICA_EAGAIN)
        if ((r = wait_for_room(h)) < 0)
            break;
    return r;
}

int blk_queue_restore(struct ipc_blk_handle *h)
{
    struct ipc_blk_queue *q = &h->queue;
    if (!q->ready)
        return 0;
    ipc_slot_forget(q->doorbell);
    q->doorbell = 0;
    /* The old handle's gone bit, and any signal of the dead server. */
    ntfn_poll(q->wakeup);
    q->gone = false;
    /* The new server is asked again: a RING_ENTER the dead one never
     * answered (-EPIPE) said nothing about what this one does. */
    q->no_enter = false;
    int r = blk_queue_format(q);
    if (r == 0)
        r = blk_queue_send_setup(h);
    /* Parked requests are older than any in the table; the table in
     * position order from the oldest position it can hold. */
    for (unsigned i = 0; i < q->parked_count && r == 0; i++)
        r = push_again(h, &q->parked[i]);
    uint64_t slots = q->mask + 1;
    uint64_t from = q->position > slots ? q->position - slots : 0;
    for (uint64_t p = from; p < q->position && r == 0; p++)
        if (q->sent[p & q->mask].request_id == p)
            r = push_again(h, &q->sent[p & q->mask]);
    if (r == 0)
        ipc_blk_queue_kick(h);
    return r;
}
