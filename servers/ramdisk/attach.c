/* REGISTER_BUFFER and RING_SETUP: the client's frames pinned and mapped
 * into the ramdisk (a buffer of up to MICA_MSG_MAX_CAPS frames back to back, two ring
 * frames), checked before anything is mapped, released when the handle closes. */
#include <mica/bootinfo.h>
#include <mica/cap.h>
#include <mica/errno.h>

#include "ramdisk_private.h"

/* DMA: the frames are pinned, and pinning is for memory a device may use. */
#define BUFFER_RIGHTS (MICA_RIGHT_READ | MICA_RIGHT_WRITE | MICA_RIGHT_DMA)

static int decode_register(const struct ramdisk *rd, const struct ramdisk_handle *h,
                           const struct ipc_msg *m, uint64_t bytes[MICA_MSG_MAX_CAPS])
{
    if (blk_message_short(m->info, BLK_MSG_REGISTER_BUFFER))
        return -MICA_EINVAL;
    if (h->buffer.frame_count)
        return -MICA_EBUSY;
    uint64_t total = 0;
    for (unsigned i = 0; i < MICA_MSGINFO_CAPS(m->info); i++) {
        long size = blk_frame_bytes(rd->inbox.slots[i], RAMDISK_BUFFER_MAX_BYTES, BUFFER_RIGHTS, 0);
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
    long pinned = blk_inbox_take_pinned_all(&rd->inbox, b->frames, b->frame_count);
    for (unsigned i = 0; i < b->frame_count; i++)
        b->bytes += bytes[i];
    /* Mapped through the pins: the client's revoke cannot unmap them. */
    b->base = pinned < 0 ? 0 : blk_map_frames(b->frames, bytes, b->frame_count);
    if (!b->base) {
        ramdisk_buffer_release(b);
        blk_reply_error(r, pinned < 0 ? (int)pinned : -MICA_EFAULT);
        return;
    }
    blk_reply_word(rd->ipc, r, BLK_REGISTER_REPLY_W_BYTES, b->bytes);
}

void ramdisk_buffer_release(struct ramdisk_buffer *b)
{
    blk_unmap_frames(b->base, b->bytes);
    blk_drop_all(b->frames, b->frame_count);
    *b = (struct ramdisk_buffer){ 0 };
}

void ramdisk_ring_setup(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r)
{
    /* Signal-only, badged with this handle's bit of the doorbell word. */
    int err = blk_ring_pair_setup(&h->queue, &rd->inbox, m->info, RAMDISK_RING_MAX_BYTES,
                                  rd->doorbells, 1ull << ramdisk_handle_index(rd, h));
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    blk_ring_pair_reply(&h->queue, rd->ipc, r);
    /* The ring is empty: this arms the wakeup the client's first submit rings. */
    ramdisk_queue_serve(rd, h);
}
