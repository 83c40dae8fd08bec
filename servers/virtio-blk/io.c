/* The request engine: transfers become virtio-blk requests (split by
 * SEG_MAX/SIZE_MAX through vblk_next_request), as many in flight as the
 * queue and the request pool allow; completions come from the used ring
 * (checked by virtq_get_used) after the interrupt's bound notification. */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/syscall.h>

#include "vblk.h"

#define STATUS_OFFSET 1024u /* status bytes after the 64 16-byte headers */
#define STATUS_UNSET 0xffu   /* a status the device never wrote reads as a protocol error */

_Static_assert(VBLK_REQS * sizeof(struct vblk_header) <= STATUS_OFFSET, "headers fit");

static struct vblk_req_mem req_mem(struct vblk_dev *d, unsigned i)
{
    return (struct vblk_req_mem){
        (struct vblk_header *)(void *)(d->reqs.va + i * sizeof(struct vblk_header)),
        d->reqs.phys + i * sizeof(struct vblk_header), d->reqs.phys + STATUS_OFFSET + i };
}

static volatile uint8_t *status_byte(struct vblk_dev *d, unsigned i)
{
    return d->reqs.va + STATUS_OFFSET + i;
}

void vblk_engine_init(struct vblk_dev *d)
{
    for (unsigned i = 0; i < VBLK_REQS; i++) {
        d->owner[i] = 0;
        d->free_reqs[i] = (uint8_t)(VBLK_REQS - 1u - i); /* request 0 is taken first */
    }
    d->free_req_count = VBLK_REQS;
    d->unbuilt_head = d->unbuilt_count = 0;
    d->active_count = d->ended_count = d->retired_count = 0;
}

/* A free request's memory, or -1: a stack, so taking and returning one
 * costs the same however many are out. */
static int take_request(struct vblk_dev *d)
{
    return d->free_req_count ? d->free_reqs[--d->free_req_count] : -1;
}

static void return_request(struct vblk_dev *d, unsigned r)
{
    d->owner[r] = 0;
    d->free_reqs[d->free_req_count++] = (uint8_t)r;
}

/* x joins the transfers in progress, at the back of those still to queue. */
static int enlist(struct vblk_dev *d, struct vblk_xfer *x, uint32_t type)
{
    if (d->active_count == VBLK_XFERS_MAX)
        return -MICA_EBUSY;
    x->type = type;
    x->active = true;
    x->built = false;
    x->pending = 0;
    x->err = 0;
    d->unbuilt[(d->unbuilt_head + d->unbuilt_count++) % VBLK_XFERS_MAX] = x;
    d->active_count++;
    return 0;
}

int vblk_start_extents(struct vblk_dev *d, struct vblk_xfer *x, uint32_t type, uint64_t lba,
                       const struct blk_extent *extents, unsigned count)
{
    if (type == VBLK_T_OUT && d->read_only)
        return -MICA_EROFS;
    uint64_t bytes = 0;
    for (unsigned i = 0; i < count; i++)
        bytes += extents[i].len; /* pieces of any size: vblk_next_request trims to sectors */
    if (bytes == 0 || bytes % VBLK_SECTOR_SIZE || lba > d->capacity || bytes / VBLK_SECTOR_SIZE > d->capacity - lba)
        return -MICA_EINVAL;
    x->lba = lba;
    vblk_cursor_init(&x->cursor, type, lba, extents, count);
    return enlist(d, x, type);
}

int vblk_start_rw(struct vblk_dev *d, struct vblk_xfer *x, uint32_t type, uint64_t lba,
                  uint64_t phys, uint64_t bytes)
{
    x->extent = (struct blk_extent){ phys, bytes };
    return vblk_start_extents(d, x, type, lba, &x->extent, 1);
}

int vblk_start_flush(struct vblk_dev *d, struct vblk_xfer *x)
{
    /* Without FLUSH the device has no volatile cache to flush (5.2.6.2). */
    if (!(d->features & (1ull << VBLK_F_FLUSH))) {
        *x = (struct vblk_xfer){ .type = VBLK_T_FLUSH };
        return 0;
    }
    return enlist(d, x, VBLK_T_FLUSH);
}

int vblk_start_get_id(struct vblk_dev *d, struct vblk_xfer *x, uint64_t id_phys)
{
    x->extent = (struct blk_extent){ id_phys, VBLK_ID_BYTES };
    return enlist(d, x, VBLK_T_GET_ID);
}

/* x's last request came back, or it has none left to queue and none out:
 * it waits in ended[] for vblk_poll. Once per transfer: after it nothing
 * of x is queued (built) or out (pending). */
static void note_if_ended(struct vblk_dev *d, struct vblk_xfer *x)
{
    if (x->built && x->pending == 0)
        d->ended[d->ended_count++] = x;
}

/* Builds x's next request into chain (pump calls it only while x has one);
 * descriptor count, or a negative code when the limits cannot carry it. */
static int build(struct vblk_dev *d, struct vblk_xfer *x, const struct vblk_req_mem *m,
                 struct virtq_buf *chain, unsigned chain_max)
{
    if (x->type == VBLK_T_FLUSH)
        return (int)vblk_build_flush(m, chain);
    if (x->type == VBLK_T_GET_ID)
        return (int)vblk_build_get_id(m, x->extent.phys, chain);
    uint32_t bytes;
    return vblk_next_request(&x->cursor, &d->limits, m, chain, chain_max, &bytes);
}

/* Queues requests while descriptors and request memory last, the oldest
 * transfer's first; true if any. A transfer leaves the line here and only
 * here, once all of it is queued or one of its requests failed, so the
 * line holds each active unbuilt transfer once and never more than
 * VBLK_XFERS_MAX. */
static bool pump(struct vblk_dev *d)
{
    unsigned chain_max = d->q.size < VBLK_CHAIN_MAX ? d->q.size : VBLK_CHAIN_MAX;
    bool added = false;
    while (d->unbuilt_count) {
        struct vblk_xfer *x = d->unbuilt[d->unbuilt_head];
        while (!x->built) {
            if (x->err) { /* one of its requests failed: queue no more of it */
                x->built = true;
                note_if_ended(d, x);
                break;
            }
            if (virtq_free_descriptors(&d->q) < chain_max)
                return added;
            int r = take_request(d);
            if (r < 0)
                return added;
            struct vblk_req_mem m = req_mem(d, (unsigned)r);
            struct virtq_buf chain[VBLK_CHAIN_MAX];
            int n = build(d, x, &m, chain, chain_max);
            if (n <= 0) {
                return_request(d, (unsigned)r);
                if (n < 0 && !x->err)
                    x->err = n;
                x->built = true;
                note_if_ended(d, x);
                break;
            }
            /* Its last request: it leaves the line now, not after one more
             * build that finds nothing. */
            if (x->type == VBLK_T_FLUSH || x->type == VBLK_T_GET_ID || vblk_cursor_done(&x->cursor))
                x->built = true;
            *status_byte(d, (unsigned)r) = STATUS_UNSET;
            if (virtq_add(&d->q, chain, (unsigned)n, (uint64_t)r) < 0) {
                return_request(d, (unsigned)r);
                x->err = -MICA_EIO; /* cannot happen: descriptors were counted */
                x->built = true;
                note_if_ended(d, x);
                break;
            }
            d->owner[r] = x;
            x->pending++;
            d->requests++;
            if (++d->in_flight > d->max_in_flight)
                d->max_in_flight = d->in_flight;
            added = true;
        }
        d->unbuilt_head = (d->unbuilt_head + 1u) % VBLK_XFERS_MAX;
        d->unbuilt_count--;
    }
    return added;
}

static void retire_finished(struct vblk_dev *d)
{
    for (unsigned i = 0; i < d->ended_count; i++) {
        struct vblk_xfer *x = d->ended[i];
        x->active = false;
        d->retired[i] = x;
    }
    d->active_count -= d->ended_count;
    d->retired_count = d->ended_count;
    d->ended_count = 0;
}

static void complete(struct vblk_dev *d, unsigned r, uint32_t written)
{
    struct vblk_xfer *x = d->owner[r];
    int err = vblk_status_to_errno(*status_byte(d, r));
    return_request(d, r);
    d->in_flight--;
    if (written == 0 && !err)
        err = -MICA_EPROTO; /* the status byte itself was not counted as written */
    /* A transfer still in line stops queueing at its first error, when
     * pump reaches it (only pump ends a transfer's line: see there). */
    if (err && !x->err)
        x->err = err;
    x->pending--;
    note_if_ended(d, x);
}

/* Takes every used entry; count, or a negative code for a broken ring. */
static int reap(struct vblk_dev *d)
{
    int count = 0;
    for (;;) {
        uint64_t token;
        uint32_t written;
        int r = virtq_get_used(&d->q, &token, &written);
        if (r < 0)
            return r;
        if (r == 0)
            return count;
        if (token >= VBLK_REQS || !d->owner[token])
            return -MICA_EPROTO;
        complete(d, (unsigned)token, written);
        count++;
    }
}

void vblk_interrupt_ack(struct vblk_dev *d)
{
    vmmio_interrupt_ack(&d->mmio);
    mica_sys_irq_ack(d->irq);
}

/* Waits on the notification itself, not the endpoint: a client whose
 * request is being served holds our pending reply, which a receive would
 * drop, and other clients stay queued on the endpoint until we get to them. */
static void sleep_for_interrupt(struct vblk_dev *d)
{
    ntfn_wait(d->irq_ntfn);
    vblk_interrupt_ack(d);
}

void vblk_kick(struct vblk_dev *d)
{
    /* Nothing waits to be queued: pump's frame (a chain on the stack, the
     * saved registers) is not worth setting up, which a poll with nothing
     * new would otherwise pay at every wakeup. */
    if (d->unbuilt_count && pump(d) && virtq_publish(&d->q))
        vmmio_notify(&d->mmio, 0);
}

static __attribute__((noinline)) int poll_used(struct vblk_dev *d)
{
    int n = reap(d);
    if (n < 0)
        return n;
    retire_finished(d);
    if (n > 0)
        virtq_disarm_interrupt(&d->q);
    vblk_kick(d);
    return n;
}

int vblk_poll(struct vblk_dev *d)
{
    /* Nothing came back and nothing ended: nothing to retire. */
    if (!d->ended_count && !virtq_used_pending(&d->q)) {
        d->retired_count = 0;
        vblk_kick(d);
        return 0;
    }
    return poll_used(d);
}

bool vblk_busy(const struct vblk_dev *d)
{
    return d->active_count != 0;
}

bool vblk_arm_interrupt(struct vblk_dev *d)
{
    /* A transfer that ended in vblk_kick (its last request came back
     * before the rest of it was known to be queued) has no interrupt to
     * come: it is retired by the next poll, not slept on. */
    return d->ended_count == 0 && virtq_arm_interrupt(&d->q);
}

int vblk_wait(struct vblk_dev *d)
{
    vblk_kick(d);
    for (;;) {
        int n = vblk_poll(d);
        if (n != 0 || d->retired_count != 0)
            return n < 0 ? n : 0;
        if (!vblk_busy(d))
            return 0;
        if (vblk_arm_interrupt(d))
            sleep_for_interrupt(d);
    }
}

int vblk_finish(struct vblk_dev *d, struct vblk_xfer *x)
{
    while (x->active) {
        int r = vblk_wait(d);
        if (r < 0)
            return r;
    }
    return x->err;
}
