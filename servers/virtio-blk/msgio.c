/* READ, WRITE and FSYNC on the message path. Each passes decode_blk_request,
 * the one place serve mode checks a client's request, before the device sees
 * it; the data moves between the IPC buffer and a DMA bounce page. */
#include <mica/rt_string.h>

#include "serve.h"

static int device_io(struct vblk_server *s, const struct blk_request *req)
{
    struct vblk_dev *d = s->d;
    struct vblk_xfer x;
    uint64_t sector = req->lba * (s->limits.block_size / VBLK_SECTOR_SIZE);
    uint8_t *data = (uint8_t *)&s->ipc->msg[BLK_MSG_DATA_WORD];
    int err;
    switch (req->op) {
    case BLK_OP_READ:
        err = vblk_start_rw(d, &x, VBLK_T_IN, sector, s->bounce.phys, req->length);
        break;
    case BLK_OP_WRITE:
        memcpy(s->bounce.va, data, req->length);
        err = vblk_start_rw(d, &x, VBLK_T_OUT, sector, s->bounce.phys, req->length);
        break;
    default:
        err = vblk_start_flush(d, &x);
        break;
    }
    if (!err)
        err = vblk_finish(d, &x);
    if (!err && req->op == BLK_OP_READ)
        memcpy(data, s->bounce.va, req->length);
    return err;
}

void vblk_serve_io(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                   struct blk_reply *r)
{
    struct blk_wire_request wire;
    struct blk_handle_state state = { .writable = h->common.writable, .buffer_bytes = 0 };
    struct blk_request req;
    blk_wire_from_message(m->info, m->w, &wire);
    int err = decode_blk_request(&s->limits, &state, &wire, &req);
    if (!err)
        err = device_io(s, &req);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    if (req.op != BLK_OP_FLUSH)
        blk_reply_word(s->ipc, r, BLK_RW_REPLY_W_BYTES, req.length);
    if (req.op == BLK_OP_READ)
        r->words = BLK_MSG_DATA_WORD + req.length / 8u;
}
