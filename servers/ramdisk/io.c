/* Reads, writes and flushes from every path. Each request passes
 * decode_blk_request, the one place the ramdisk checks a client's request,
 * before a byte moves; a refused request touches nothing. */
#include <mica/rt_string.h>

#include "ramdisk_private.h"

static struct blk_handle_state handle_state(const struct ramdisk_handle *h)
{
    return (struct blk_handle_state){ .writable = h->common.writable, .buffer_bytes = h->buffer.bytes };
}

/* The device's DMA, for a disk made of RAM: one copy between the storage
 * and wherever the request's data lives. */
static void execute(struct ramdisk *rd, struct ramdisk_handle *h, const struct blk_request *req)
{
    uint8_t *disk = rd->storage + req->lba * rd->limits.block_size;
    uint8_t *data = req->via == BLK_VIA_MESSAGE ? (uint8_t *)&rd->ipc->msg[BLK_MSG_DATA_WORD]
                                                : h->buffer.base + req->buffer_offset;
    switch (req->op) {
    case BLK_OP_READ:
        memcpy(data, disk, req->length);
        break;
    case BLK_OP_WRITE:
        memcpy(disk, data, req->length);
        break;
    case BLK_OP_FLUSH: /* RAM has no volatile cache: acknowledged data is already "stable" */
        break;
    }
}

void ramdisk_message_io(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r)
{
    struct blk_wire_request wire;
    struct blk_handle_state state = handle_state(h);
    struct blk_request req;
    blk_wire_from_message(m->info, m->w, &wire);
    int err = decode_blk_request(&rd->limits, &state, &wire, &req);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    execute(rd, h, &req);
    if (req.op != BLK_OP_FLUSH)
        blk_reply_word(rd->ipc, r, BLK_RW_REPLY_W_BYTES, req.length);
    /* A message-path read's data is already in place in the IPC buffer. */
    if (req.via == BLK_VIA_MESSAGE && req.op == BLK_OP_READ)
        r->words = BLK_MSG_DATA_WORD + req.length / 8u;
}

void ramdisk_ring_io(struct ramdisk *rd, struct ramdisk_handle *h, const struct blk_submission *taken,
                     unsigned n, struct blk_completion *done)
{
    struct blk_handle_state state = handle_state(h);
    for (unsigned i = 0; i < n; i++) {
        struct blk_wire_request wire;
        struct blk_request req;
        blk_wire_from_submission(&taken[i], &wire);
        int err = decode_blk_request(&rd->limits, &state, &wire, &req);
        if (!err)
            execute(rd, h, &req);
        done[n - 1 - i] = (struct blk_completion){ .request_id = wire.request_id,
                                                   .status = err,
                                                   .bytes = err ? 0 : req.length };
    }
}
