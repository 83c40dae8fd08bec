/* REGISTER_BUFFER in serve mode: the client's frames are pinned (so its
 * revoke or exit cannot return them to the allocator while the device may
 * still write them), never mapped; frame_info gives each one's physical
 * address (they must have the DMA right) and the device reads and writes
 * them there. A request's range
 * of the buffer becomes the pieces of it in each frame. */
#include <mica/cap.h>
#include <mica/errno.h>

#include "serve.h"

#define BUFFER_RIGHTS (MICA_RIGHT_READ | MICA_RIGHT_WRITE | MICA_RIGHT_DMA)

static int decode_register(const struct vblk_server *s, const struct vblk_handle *h,
                           const struct ipc_msg *m, struct vblk_extent extents[MICA_MSG_MAX_CAPS])
{
    if (blk_message_short(m->info, BLK_MSG_REGISTER_BUFFER))
        return -MICA_EINVAL;
    if (h->buffer.frame_count)
        return -MICA_EBUSY;
    for (unsigned i = 0; i < MICA_MSGINFO_CAPS(m->info); i++) {
        uint64_t phys = 0;
        long size = blk_frame_bytes(s->inbox.slots[i], UINT32_MAX, BUFFER_RIGHTS, &phys);
        if (size < 0)
            return (int)size;
        extents[i] = (struct vblk_extent){ phys, (uint64_t)size };
    }
    return 0;
}

void vblk_register_buffer(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                          struct blk_reply *r)
{
    struct vblk_extent extents[MICA_MSG_MAX_CAPS];
    int err = decode_register(s, h, m, extents);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    struct vblk_buffer *b = &h->buffer;
    b->frame_count = MICA_MSGINFO_CAPS(m->info);
    b->bytes = 0;
    long pinned = blk_inbox_take_pinned_all(&s->inbox, b->frames, b->frame_count);
    for (unsigned i = 0; i < b->frame_count; i++) {
        b->extents[i] = extents[i];
        b->bytes += extents[i].len;
    }
    if (pinned < 0) {
        vblk_buffer_release(b);
        blk_reply_error(r, (int)pinned);
        return;
    }
    blk_reply_word(s->ipc, r, BLK_REGISTER_REPLY_W_BYTES, b->bytes);
}

unsigned vblk_buffer_extents(const struct vblk_buffer *b, uint64_t offset, uint64_t length,
                             struct vblk_extent out[MICA_MSG_MAX_CAPS])
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->frame_count && length; i++) {
        const struct vblk_extent *e = &b->extents[i];
        if (offset >= e->len) {
            offset -= e->len;
            continue;
        }
        uint64_t take = e->len - offset < length ? e->len - offset : length;
        out[n++] = (struct vblk_extent){ e->phys + offset, take };
        length -= take;
        offset = 0;
    }
    return n;
}

void vblk_buffer_release(struct vblk_buffer *b)
{
    blk_drop_all(b->frames, b->frame_count);
    *b = (struct vblk_buffer){ 0 };
}
