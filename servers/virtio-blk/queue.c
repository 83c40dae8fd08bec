/* The queued path in serve mode. A submission is taken only when a slot is
 * free for it (within the handle's depth, beyond the reserve for calls) and
 * a completion slot is free that no request in flight is owed, so a
 * completion never has to be dropped and a full completion ring holds the
 * submissions back. Each taken submission becomes a device transfer into
 * the registered buffer; its completion is pushed when the device finishes
 * it, so completions come back in the device's order. Wakeups follow
 * docs/rings.md: only when the client armed one. */
#include <mica/errno.h>
#include <mica/log.h>

#include "serve.h"

void vblk_ring_setup(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                     struct blk_reply *r)
{
    /* Signal-only, badged with this handle's bit of the bound notification's word. */
    int err = blk_ring_pair_setup(&h->queue, &s->inbox, m->info, VBLK_RING_MAX_BYTES,
                                  s->d->irq_ntfn, 1ull << vblk_handle_index(s, h));
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    blk_ring_pair_reply(&h->queue, s->ipc, r);
    /* The loop serves every ring after this: the empty ring arms its wakeup. */
}

static void ring_broken(struct vblk_server *s, struct vblk_handle *h)
{
    ipc_log_warn("%s: handle %u broke the ring protocol; closed", s->name, vblk_handle_index(s, h));
    vblk_serve_close(s, h);
}

/* The client exited (its notification copy went with its quota). Its rings
 * and buffer are pinned, so touching them would be safe, but nobody reads
 * them: the handle closes, and its pins go once the device has finished
 * with the requests in flight (vblk_handle_drained). */
static bool client_gone(struct vblk_server *s, struct vblk_handle *h)
{
    if (!blk_ring_pair_client_gone(&h->queue))
        return false;
    ipc_log_warn("%s: handle %u: the client is gone; closed", s->name,
                 vblk_handle_index(s, h));
    vblk_serve_close(s, h);
    return true;
}

static bool push(struct vblk_server *s, struct vblk_handle *h, const struct blk_completion *c)
{
    /* Cannot be full: a free completion slot was kept for every request taken. */
    if (spsc_ring_try_push(&h->queue.completions, c) != 0) {
        ring_broken(s, h);
        return false;
    }
    h->pushed = true;
    return true;
}

/* Decodes one submission and starts it; a refused one completes at once. */
static bool take(struct vblk_server *s, struct vblk_handle *h, struct vblk_slot *slot,
                 const struct blk_submission *sub)
{
    struct blk_wire_request wire;
    struct blk_handle_state state = { .writable = h->common.writable,
                                      .buffer_bytes = h->buffer.bytes };
    blk_wire_from_submission(sub, &wire);
    int err = decode_blk_request(&s->limits, &state, &wire, &slot->req);
    if (!err)
        err = vblk_slot_start(s, slot);
    if (!err)
        return true;
    return push(s, h, &(struct blk_completion){ .request_id = sub->request_id, .status = err });
}

void vblk_queue_serve(struct vblk_server *s, struct vblk_handle *h)
{
    struct blk_ring_pair *q = &h->queue;
    if (!h->common.open || !q->ready || client_gone(s, h))
        return;
    bool moved = h->pushed;
    h->pushed = false;
    for (;;) {
        int space = spsc_ring_free_space(&q->completions);
        if (space < 0) {
            ring_broken(s, h);
            return;
        }
        if (space == 0) {
            /* The client's next reap rings our doorbell (producer_notify_needed). */
            if (spsc_ring_arm_space_notification(&q->completions))
                break;
            continue;
        }
        /* Every free completion slot is owed, or no request slot: a
         * completion comes first, and every ring is served after it. */
        struct vblk_slot *slot = (unsigned)space > h->ring_in_flight
                                     ? vblk_slot_claim(s, h, BLK_VIA_RING) : 0;
        if (!slot)
            break;
        struct blk_submission sub;
        int r = spsc_ring_try_pop(&q->submissions, &sub);
        if (r == -MICA_EAGAIN) {
            if (spsc_ring_arm_data_notification(&q->submissions))
                break;
            continue;
        }
        if (r < 0 || !take(s, h, slot, &sub)) {
            if (r < 0)
                ring_broken(s, h);
            return;
        }
        moved = true;
    }
    if (moved)
        blk_ring_pair_wake(q);
}

/* Starts one handle further each time, so no ring always comes first to
 * the slots the others' completions free. */
void vblk_queue_serve_all(struct vblk_server *s)
{
    s->first_ring = (s->first_ring + 1u) % VBLK_MAX_HANDLES;
    for (unsigned i = 0; i < VBLK_MAX_HANDLES; i++)
        vblk_queue_serve(s, &s->handles[(s->first_ring + i) % VBLK_MAX_HANDLES]);
}

void vblk_ring_done(struct vblk_server *s, struct vblk_slot *slot)
{
    struct vblk_handle *h = slot->h;
    if (!h->common.open || client_gone(s, h)) /* closed meanwhile: its rings are gone */
        return;
    int err = slot->x.err;
    push(s, h, &(struct blk_completion){ .request_id = slot->req.request_id, .status = err,
                                         .bytes = err ? 0 : slot->req.length });
}
