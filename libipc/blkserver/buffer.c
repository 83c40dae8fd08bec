/* REGISTER_BUFFER: the client's frames, checked before anything is kept,
 * then pinned (so its revoke or exit cannot return them to the allocator
 * while the server or a device still uses them). A driver without dma gets
 * them mapped back to back; a dma driver never sees them mapped, only each
 * frame's physical range, and a request's range becomes the pieces of it
 * in each frame. Pins need a sentinel (handles.c), so that they go when the
 * client dies, and count against the client's buffer limit. */
#include <mica/cap.h>
#include <mica/abi/errno.h>

#include "blk_server_private.h"

/* DMA: the frames are pinned, and pinning is for memory a device may use. */
#define BUFFER_RIGHTS (MICA_RIGHT_READ | MICA_RIGHT_WRITE | MICA_RIGHT_DMA)

static int decode_register(const struct blk_server *s, const struct blk_server_handle *h,
                           const struct ipc_msg *m, struct blk_extent extents[MICA_MSG_MAX_CAPS])
{
    if (blk_message_short(m->info, BLK_MSG_REGISTER_BUFFER))
        return -MICA_EINVAL;
    if (h->buffer.frame_count)
        return -MICA_EBUSY;
    uint64_t limit = s->c.dma ? UINT32_MAX : s->c.buffer_max_bytes, total = 0;
    for (unsigned i = 0; i < MICA_MSGINFO_CAPS(m->info); i++) {
        uint64_t phys = 0;
        long size = blk_frame_bytes(s->inbox.slots[i], limit, BUFFER_RIGHTS, &phys);
        if (size < 0)
            return (int)size;
        extents[i] = (struct blk_extent){ phys, (uint64_t)size };
        total += (uint64_t)size;
    }
    if (!s->c.dma && total > s->c.buffer_max_bytes)
        return -MICA_EFAULT;
    if (!h->sentinel)
        return -MICA_EPERM;
    return blk_server_client_may_pin(s, h->client, total) ? 0 : -MICA_ENOMEM;
}

static void register_buffer(struct blk_server *s, struct blk_server_handle *h,
                            const struct ipc_msg *m, struct blk_reply *r)
{
    struct blk_extent extents[MICA_MSG_MAX_CAPS];
    int err = decode_register(s, h, m, extents);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    struct blk_server_buffer *b = &h->buffer;
    uint64_t bytes[MICA_MSG_MAX_CAPS];
    b->frame_count = MICA_MSGINFO_CAPS(m->info);
    b->bytes = 0;
    long pinned = blk_inbox_take_pinned_all(&s->inbox, b->frames, b->frame_count);
    for (unsigned i = 0; i < b->frame_count; i++) {
        b->extents[i] = extents[i];
        bytes[i] = extents[i].len;
        b->bytes += extents[i].len;
    }
    if (pinned == 0 && !s->c.dma) {
        /* Mapped through the pins: the client's revoke cannot unmap them. */
        b->base = blk_map_frames(b->frames, bytes, b->frame_count);
        if (!b->base)
            pinned = -MICA_EFAULT;
    }
    if (pinned < 0) {
        blk_server_buffer_release(b);
        blk_reply_error(r, (int)pinned);
        return;
    }
    h->client->buffer_bytes += b->bytes;
    blk_reply_word(s->ipc, r, BLK_REGISTER_REPLY_W_BYTES, b->bytes);
}

/* A worker reads the buffer at each batch's start: not while it changes. */
void blk_server_register_buffer(struct blk_server *s, struct blk_server_handle *h,
                                const struct ipc_msg *m, struct blk_reply *r)
{
    bool worker = h->worker != 0;
    if (worker)
        blk_server_handle_lock(h);
    register_buffer(s, h, m, r);
    if (worker)
        blk_server_handle_unlock(h);
}

void blk_server_buffer_release(struct blk_server_buffer *b)
{
    blk_unmap_frames(b->base, b->bytes);
    blk_drop_all(b->frames, b->frame_count);
    *b = (struct blk_server_buffer){ 0 };
}
