/* The queued path, server side: take submissions while a completion slot is
 * free for each, execute them, publish the batch's completions last-first,
 * and sleep only after arming a wakeup (docs/rings.md). Completing a batch
 * in reverse is deliberate: every client meets out-of-order completion here,
 * on the simplest device, before it meets it on a real one. */
#include <mica/errno.h>
#include <mica/log.h>

#include "ramdisk_private.h"

static void ring_broken(struct ramdisk *rd, struct ramdisk_handle *h)
{
    ipc_log_warn("%s: handle %u broke the ring protocol; closed", rd->name,
                 ramdisk_handle_index(rd, h));
    ramdisk_handle_close(rd, h);
}

void ramdisk_queue_serve(struct ramdisk *rd, struct ramdisk_handle *h)
{
    struct blk_ring_pair *q = &h->queue;
    /* The client exited (its notification copy went with it): the pinned
     * rings are still mapped, but nobody reads them; the pins go now. */
    if (blk_ring_pair_client_gone(q)) {
        ipc_log_warn("%s: handle %u: the client is gone; closed", rd->name,
                     ramdisk_handle_index(rd, h));
        ramdisk_handle_close(rd, h);
        return;
    }
    struct blk_submission taken[RAMDISK_QUEUE_DEPTH];
    struct blk_completion done[RAMDISK_QUEUE_DEPTH];
    for (;;) {
        int space = spsc_ring_free_space(&q->completions);
        if (space < 0) {
            ring_broken(rd, h);
            return;
        }
        if (space == 0) {
            /* The client's next reap rings our doorbell (producer_notify_needed). */
            if (spsc_ring_arm_space_notification(&q->completions))
                return;
            continue;
        }
        unsigned limit = (unsigned)space < RAMDISK_QUEUE_DEPTH ? (unsigned)space : RAMDISK_QUEUE_DEPTH;
        /* One index publication per batch on each ring (docs/rings.md). */
        int got = spsc_ring_pop_batch(&q->submissions, taken, limit);
        if (got < 0) {
            ring_broken(rd, h);
            return;
        }
        unsigned n = (unsigned)got;
        ramdisk_ring_io(rd, h, taken, n, done);
        /* The completion ring had room for `limit`: all n fit. */
        if (n && spsc_ring_push_batch(&q->completions, done, n) != (int)n) {
            ring_broken(rd, h);
            return;
        }
        if (n)
            blk_ring_pair_wake(q);
        if (n == limit)
            continue; /* the ring may hold more */
        if (spsc_ring_arm_data_notification(&q->submissions))
            return;
    }
}

void ramdisk_doorbells(struct ramdisk *rd, uint64_t word)
{
    for (unsigned i = 0; i < RAMDISK_MAX_HANDLES; i++) {
        struct ramdisk_handle *h = &rd->handles[i];
        /* A bit may outlive its handle's ring: then it means nothing. */
        if ((word >> i & 1u) && h->common.open && h->queue.ready)
            ramdisk_queue_serve(rd, h);
    }
}
