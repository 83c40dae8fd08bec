/* Block client, zero-copy path: the buffer registered once per handle (the
 * concatenation of up to MICA_MSG_MAX_CAPS frames) and the requests that
 * name a range of it instead of carrying data. The frames are remembered,
 * so that a recovery registers the same memory with a restarted server. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>

#include "blk_client_private.h"

long ipc_blk_buffer_register(struct ipc_blk_handle *h, const long *frames, unsigned count)
{
    uint64_t caps[MICA_MSG_MAX_CAPS];
    if (count > MICA_MSG_MAX_CAPS)
        return -MICA_EINVAL;
    for (unsigned i = 0; i < count; i++)
        caps[i] = (uint64_t)frames[i];
    struct ipc_msg m = ipc_call_words(h->ep, BLK_LABEL(BLK_MSG_REGISTER_BUFFER), 0, 0, caps, count);
    long status = blk_reply_status(&m);
    if (status < 0)
        return status;
    h->buffer_bytes = m.w[BLK_REGISTER_REPLY_W_BYTES];
    /* Kept for a restarted server (a recovery registers them again). */
    for (unsigned i = 0; i < count; i++)
        h->reopen.frames[i] = frames[i];
    h->reopen.frame_count = count;
    return (long)h->buffer_bytes;
}

long ipc_blk_buffer_create(struct ipc_blk_handle *h, uint64_t pages, unsigned frames)
{
    if (h->buffer_bytes || h->buffer_frame_count)
        return -MICA_EBUSY;
    if (frames == 0 || frames > MICA_MSG_MAX_CAPS || pages == 0 || pages % frames)
        return -MICA_EINVAL;
    /* One reservation, so the frames sit back to back as the server sees them. */
    uint64_t base = ipc_vaddr_reserve(pages);
    if (!base)
        return -MICA_ENOMEM;
    h->buffer = (uint8_t *)(uintptr_t)base;
    h->buffer_pages = pages;
    uint64_t per_frame = pages / frames;
    long r = 0;
    for (unsigned i = 0; i < frames && r >= 0; i++) {
        long frame = ipc_obj_create(MICA_CAP_FRAME, per_frame);
        if (frame < 0) {
            r = frame;
            break;
        }
        h->buffer_frames[h->buffer_frame_count++] = frame;
        r = mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, frame,
                                (long)(base + i * per_frame * MICA_PAGE_SIZE),
                                MICA_RIGHT_READ | MICA_RIGHT_WRITE, MICA_SLOT_QUOTA);
    }
    if (r >= 0)
        r = ipc_blk_buffer_register(h, h->buffer_frames, frames);
    if (r < 0)
        blk_buffer_release(h);
    return r;
}

void blk_buffer_release(struct ipc_blk_handle *h)
{
    /* Deleting a frame cap also removes its mapping. */
    for (unsigned i = 0; i < h->buffer_frame_count; i++)
        ipc_cap_drop(h->buffer_frames[i]);
    if (h->buffer)
        ipc_vaddr_release((uint64_t)(uintptr_t)h->buffer, h->buffer_pages);
    h->buffer_frame_count = 0;
    h->buffer = 0;
    h->buffer_pages = 0;
    h->buffer_bytes = 0;
    h->reopen.frame_count = 0;
}

static long buffer_io(struct ipc_blk_handle *h, enum blk_msg msg, uint64_t offset, uint64_t length,
                      uint64_t buffer_offset);

/* The slow path, as in blk_client.c. */
static BLK_COLD long buffer_io_again(struct ipc_blk_handle *h, long error, enum blk_msg msg,
                                     uint64_t offset, uint64_t length, uint64_t buffer_offset)
{
    return blk_recover(h, error) == 0 ? buffer_io(h, msg, offset, length, buffer_offset) : error;
}

static long buffer_io(struct ipc_blk_handle *h, enum blk_msg msg, uint64_t offset, uint64_t length,
                      uint64_t buffer_offset)
{
    uint64_t info = MICA_MSGINFO(BLK_LABEL(msg), BLK_BRW_W_BUFFER_OFFSET + 1, 0);
    struct ipc_msg m = ipc_call(h->ep, info, offset, length, buffer_offset, 0);
    if (m.badge < 0)
        return buffer_io_again(h, m.badge, msg, offset, length, buffer_offset);
    long status = blk_reply_status(&m);
    return status < 0 ? status : (long)m.w[BLK_RW_REPLY_W_BYTES];
}

long ipc_blk_read_buffer(struct ipc_blk_handle *h, uint64_t offset, uint64_t length,
                         uint64_t buffer_offset)
{
    return buffer_io(h, BLK_MSG_READ_BUFFER, offset, length, buffer_offset);
}

long ipc_blk_write_buffer(struct ipc_blk_handle *h, uint64_t offset, uint64_t length,
                          uint64_t buffer_offset)
{
    return buffer_io(h, BLK_MSG_WRITE_BUFFER, offset, length, buffer_offset);
}
