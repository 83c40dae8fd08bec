/* REGISTER_BUFFER and RING_SETUP: the client's frames mapped into the
 * ramdisk (a buffer of up to MICA_MSG_MAX_CAPS frames back to back, two ring
 * frames), checked before anything is mapped, released when the handle closes. */
#include <mica/bootinfo.h>
#include <mica/cap.h>
#include <mica/errno.h>

#include "ramdisk_private.h"

#define RW (MICA_RIGHT_READ | MICA_RIGHT_WRITE)

/* Our mapping of client frames goes before the frame caps are dropped, and
 * its addresses are given back for later registrations. */
static void unmap(uint8_t *base, uint64_t bytes)
{
    if (!base)
        return;
    mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)base, (long)(bytes / MICA_PAGE_SIZE));
    ipc_vaddr_release((uint64_t)(uintptr_t)base, bytes / MICA_PAGE_SIZE);
}

/* Size of a RAM frame cap we may map read-write, or -MICA_EFAULT. */
static long frame_bytes(long slot, uint64_t limit)
{
    struct ipc_cap_id id = ipc_cap_identify(slot);
    if (id.type != MICA_CAP_FRAME || (id.rights & RW) != RW)
        return -MICA_EFAULT;
    long bytes = ipc_frame_info(slot).value;
    return bytes <= 0 || (uint64_t)bytes > limit ? -MICA_EFAULT : bytes;
}

/* Maps frames[0..count) back to back at a fresh address; 0 on failure,
 * with nothing left mapped or reserved (the frames stay the caller's). */
static uint8_t *map_frames(const long *frames, const uint64_t *bytes, unsigned count)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < count; i++)
        total += bytes[i];
    uint64_t base = ipc_vaddr_reserve(total / MICA_PAGE_SIZE);
    if (!base)
        return 0;
    uint64_t at = base;
    for (unsigned i = 0; i < count; i++) {
        if (mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, frames[i], (long)at, RW, MICA_SLOT_QUOTA) < 0) {
            unmap((uint8_t *)(uintptr_t)base, total);
            return 0;
        }
        at += bytes[i];
    }
    return (uint8_t *)(uintptr_t)base;
}

static void drop_all(long *slots, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if (slots[i])
            ipc_cap_drop(slots[i]);
        slots[i] = 0;
    }
}

static int decode_register(const struct ramdisk *rd, const struct ramdisk_handle *h,
                           const struct ipc_msg *m, uint64_t bytes[MICA_MSG_MAX_CAPS])
{
    if (blk_message_short(m->info, BLK_MSG_REGISTER_BUFFER))
        return -MICA_EINVAL;
    if (h->buffer.frame_count)
        return -MICA_EBUSY;
    uint64_t total = 0;
    for (unsigned i = 0; i < MICA_MSGINFO_CAPS(m->info); i++) {
        long size = frame_bytes(rd->inbox.slots[i], RAMDISK_BUFFER_MAX_BYTES);
        if (size < 0)
            return (int)size;
        bytes[i] = (uint64_t)size;
        total += bytes[i];
    }
    return total > RAMDISK_BUFFER_MAX_BYTES ? -MICA_EFAULT : 0;
}

void ramdisk_register_buffer(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                             struct blk_reply *r)
{
    uint64_t bytes[MICA_MSG_MAX_CAPS];
    int err = decode_register(rd, h, m, bytes);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    struct ramdisk_buffer *b = &h->buffer;
    b->frame_count = MICA_MSGINFO_CAPS(m->info);
    b->bytes = 0;
    for (unsigned i = 0; i < b->frame_count; i++) {
        b->frames[i] = blk_inbox_take(&rd->inbox, i);
        b->bytes += bytes[i];
    }
    b->base = map_frames(b->frames, bytes, b->frame_count);
    if (!b->base) {
        ramdisk_buffer_release(b);
        blk_reply_error(r, -MICA_EFAULT);
        return;
    }
    blk_reply_word(rd->ipc, r, BLK_REGISTER_REPLY_W_BYTES, b->bytes);
}

void ramdisk_buffer_release(struct ramdisk_buffer *b)
{
    unmap(b->base, b->bytes);
    drop_all(b->frames, b->frame_count);
    *b = (struct ramdisk_buffer){ 0 };
}

static int decode_ring_setup(const struct ramdisk *rd, const struct ramdisk_handle *h,
                             const struct ipc_msg *m, uint64_t bytes[2])
{
    if (blk_message_short(m->info, BLK_MSG_RING_SETUP))
        return -MICA_EINVAL;
    if (h->queue.ready)
        return -MICA_EBUSY;
    struct ipc_cap_id wakeup = ipc_cap_identify(rd->inbox.slots[BLK_RING_SETUP_CAP_CLIENT_NTFN]);
    if (wakeup.type != MICA_CAP_NOTIFICATION || !(wakeup.rights & MICA_RIGHT_WRITE))
        return -MICA_EINVAL;
    long sub = frame_bytes(rd->inbox.slots[BLK_RING_SETUP_CAP_SUBMISSION], RAMDISK_RING_MAX_BYTES);
    long comp = frame_bytes(rd->inbox.slots[BLK_RING_SETUP_CAP_COMPLETION], RAMDISK_RING_MAX_BYTES);
    if (sub < 0 || comp < 0)
        return -MICA_EFAULT;
    bytes[0] = (uint64_t)sub;
    bytes[1] = (uint64_t)comp;
    return 0;
}

/* Maps the two ring frames and attaches to them; spsc_ring_validate, inside
 * attach, is the ring's trust boundary. */
static int attach_rings(struct ramdisk_queue *q, const uint64_t bytes[2])
{
    for (unsigned i = 0; i < 2; i++) {
        q->regions[i] = map_frames(&q->frames[i], &bytes[i], 1);
        if (!q->regions[i])
            return -MICA_EFAULT;
        q->region_bytes[i] = bytes[i];
    }
    if (spsc_consumer_attach(&q->submissions, q->regions[0], bytes[0],
                             sizeof(struct blk_submission)) ||
        spsc_producer_attach(&q->completions, q->regions[1], bytes[1],
                             sizeof(struct blk_completion)))
        return -MICA_EPROTO;
    return 0;
}

void ramdisk_ring_setup(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r)
{
    uint64_t bytes[2];
    int err = decode_ring_setup(rd, h, m, bytes);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    struct ramdisk_queue *q = &h->queue;
    q->frames[0] = blk_inbox_take(&rd->inbox, BLK_RING_SETUP_CAP_SUBMISSION);
    q->frames[1] = blk_inbox_take(&rd->inbox, BLK_RING_SETUP_CAP_COMPLETION);
    q->wakeup = blk_inbox_take(&rd->inbox, BLK_RING_SETUP_CAP_CLIENT_NTFN);
    err = attach_rings(q, bytes);
    if (!err) {
        long doorbell = ipc_slot_alloc();
        err = doorbell < 0 ? (int)doorbell : 0;
        /* Signal-only, badged with this handle's bit of the doorbell word. */
        if (!err)
            err = (int)mica_sys_cap_mint(0, doorbell, rd->doorbells, MICA_RIGHT_WRITE,
                                         (long)(1ull << ramdisk_handle_index(rd, h)));
        if (err && doorbell >= 0)
            ipc_slot_free(doorbell);
        q->doorbell = err ? 0 : doorbell;
    }
    if (err) {
        ramdisk_queue_release(q);
        blk_reply_error(r, err);
        return;
    }
    q->ready = true;
    blk_reply_word(rd->ipc, r, BLK_RING_REPLY_W_SUBMISSION_CAPACITY, q->submissions.ring.capacity);
    blk_reply_word(rd->ipc, r, BLK_RING_REPLY_W_COMPLETION_CAPACITY, q->completions.ring.capacity);
    rd->ipc->send_caps[0] = (uint64_t)q->doorbell;
    r->caps = 1;
    /* The ring is empty: this arms the wakeup the client's first submit rings. */
    ramdisk_queue_serve(rd, h);
}

void ramdisk_queue_release(struct ramdisk_queue *q)
{
    for (unsigned i = 0; i < 2; i++)
        unmap(q->regions[i], q->region_bytes[i]);
    drop_all(q->frames, 2);
    if (q->wakeup)
        ipc_cap_drop(q->wakeup);
    blk_revoke_and_drop(q->doorbell);
    *q = (struct ramdisk_queue){ 0 };
}
