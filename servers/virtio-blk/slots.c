/* Requests in flight: a slot per request (its transfer, its range of the
 * client's buffer, its saved reply), claimed within the handle's depth and,
 * for rings, beyond the reserve left for calls; answered in the order the
 * device finished them; a closed handle is drained before its frames go. */
#include <mica/errno.h>

#include "serve.h"

static uint32_t device_type(enum blk_opcode op)
{
    return op == BLK_OP_READ ? VBLK_T_IN : op == BLK_OP_WRITE ? VBLK_T_OUT : VBLK_T_FLUSH;
}

struct vblk_slot *vblk_slot_claim(struct vblk_server *s, struct vblk_handle *h,
                                  enum blk_data_path via)
{
    unsigned reserve = via == BLK_VIA_RING ? VBLK_CALL_RESERVE : 0;
    if (h->in_flight >= VBLK_HANDLE_DEPTH || s->in_flight + reserve >= VBLK_SERVE_SLOTS)
        return 0;
    for (unsigned i = 0; i < VBLK_SERVE_SLOTS; i++) {
        struct vblk_slot *slot = &s->slots[i];
        if (!slot->busy) {
            slot->h = h;
            return slot;
        }
    }
    return 0;
}

static uint64_t bounce_phys(const struct vblk_server *s, const struct vblk_slot *slot)
{
    return s->bounce.phys + (uint64_t)(slot - s->slots) * VBLK_BOUNCE_BYTES;
}

int vblk_slot_start(struct vblk_server *s, struct vblk_slot *slot)
{
    const struct blk_request *req = &slot->req;
    struct vblk_handle *h = slot->h;
    uint64_t sector = req->lba * (s->limits.block_size / VBLK_SECTOR_SIZE);
    unsigned count = 1;
    int err;
    if (req->op == BLK_OP_FLUSH) {
        err = vblk_start_flush(s->d, &slot->x);
    } else {
        if (req->via == BLK_VIA_MESSAGE)
            slot->extents[0] = (struct vblk_extent){ bounce_phys(s, slot), req->length };
        else
            count = vblk_buffer_extents(&h->buffer, req->buffer_offset, req->length, slot->extents);
        err = vblk_start_extents(s->d, &slot->x, device_type(req->op), sector, slot->extents, count);
    }
    if (err)
        return err;
    slot->busy = true;
    h->requests[req->via]++;
    if (req->via == BLK_VIA_RING)
        h->ring_in_flight++;
    if (++h->in_flight > h->max_in_flight)
        h->max_in_flight = h->in_flight;
    if (++s->in_flight > s->max_in_flight)
        s->max_in_flight = s->in_flight;
    return 0;
}

/* The done slot the device finished first, or NULL. */
static struct vblk_slot *first_done(struct vblk_server *s)
{
    struct vblk_slot *first = 0;
    for (unsigned i = 0; i < VBLK_SERVE_SLOTS; i++) {
        struct vblk_slot *slot = &s->slots[i];
        if (slot->busy && !slot->x.active && (!first || slot->x.done_seq < first->x.done_seq))
            first = slot;
    }
    return first;
}

static void release(struct vblk_server *s, struct vblk_slot *slot)
{
    struct vblk_handle *h = slot->h;
    slot->busy = false;
    slot->h = 0;
    s->in_flight--;
    if (slot->req.via == BLK_VIA_RING)
        h->ring_in_flight--;
    /* The last completion of a closed handle: nothing of its frames is in use. */
    if (--h->in_flight == 0 && h->common.draining)
        vblk_handle_drained(s, h);
}

/* Answers every slot whose transfer is done, in the device's order. */
static void finish_done(struct vblk_server *s)
{
    struct vblk_slot *slot;
    while ((slot = first_done(s)) != 0) {
        if (slot->req.via == BLK_VIA_RING)
            vblk_ring_done(s, slot);
        else
            vblk_call_done(s, slot);
        release(s, slot);
    }
}

int vblk_settle(struct vblk_server *s)
{
    int n = vblk_poll(s->d);
    if (n < 0)
        return n;
    finish_done(s);
    /* Slots came free: rings that stopped for want of one go on; what
     * they started goes to the device before we sleep. */
    vblk_queue_serve_all(s);
    vblk_kick(s->d);
    return 0;
}
