/* READ, WRITE and FSYNC on the message path, READ_BUFFER and WRITE_BUFFER on
 * the zero-copy path. Each passes decode_blk_request, the one place serve
 * mode checks a client's request, before the device sees it; then the
 * transfer starts, the caller's reply is saved in its slot, and the answer
 * goes when the device completes (vblk_call_done). Message-path data moves
 * between the IPC buffer and the slot's bounce buffer, the only bytes the
 * server copies (counted in copied[]); zero-copy data only ever moves
 * between the device and the client's frames. */
#include <mica/errno.h>
#include <mica/rt_string.h>

#include "serve.h"

static uint8_t *bounce(struct vblk_server *s, const struct vblk_slot *slot)
{
    return s->bounce.va + (uint64_t)(slot - s->slots) * VBLK_BOUNCE_BYTES;
}

static uint8_t *message_data(struct vblk_server *s)
{
    return (uint8_t *)&s->ipc->msg[BLK_MSG_DATA_WORD];
}

static int start(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                 struct vblk_slot **started)
{
    struct blk_wire_request wire;
    struct blk_handle_state state = { .writable = h->common.writable,
                                      .buffer_bytes = h->buffer.bytes };
    struct blk_request req;
    blk_wire_from_message(m->info, m->w, &wire);
    int err = decode_blk_request(&s->limits, &state, &wire, &req);
    if (err)
        return err;
    struct vblk_slot *slot = vblk_slot_claim(s, h, req.via);
    if (!slot)
        return -MICA_EAGAIN;
    slot->req = req;
    if (req.via == BLK_VIA_MESSAGE && req.op == BLK_OP_WRITE) {
        memcpy(bounce(s, slot), message_data(s), req.length);
        s->copied[BLK_VIA_MESSAGE] += req.length;
    }
    err = vblk_slot_start(s, slot);
    if (err)
        return err;
    *started = slot;
    return 0;
}

bool vblk_serve_io(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                   struct blk_reply *r)
{
    struct vblk_slot *slot;
    int err = start(s, h, m, &slot);
    if (!err)
        err = (int)ipc_reply_save(slot->reply);
    /* A reply that cannot be saved (no caller: a send, not a call) is
     * answered by nobody; the transfer runs to its end regardless. */
    if (err) {
        blk_reply_error(r, err);
        return false;
    }
    return true;
}

void vblk_call_done(struct vblk_server *s, struct vblk_slot *slot)
{
    const struct blk_request *req = &slot->req;
    struct blk_reply r = BLK_REPLY_OK;
    if (slot->x.err) {
        blk_reply_error(&r, slot->x.err);
    } else if (req->op != BLK_OP_FLUSH) {
        blk_reply_word(s->ipc, &r, BLK_RW_REPLY_W_BYTES, req->length);
        if (req->via == BLK_VIA_MESSAGE && req->op == BLK_OP_READ) {
            memcpy(message_data(s), bounce(s, slot), req->length);
            s->copied[BLK_VIA_MESSAGE] += req->length;
            r.words = BLK_MSG_DATA_WORD + req->length / 8u;
        }
    }
    /* A caller that went away took its reply with it: the slot is empty, the
     * send fails, and nothing else is touched. */
    ipc_reply_send(slot->reply, MICA_MSGINFO(0, r.words, 0), r.w[0], r.w[1], r.w[2], r.w[3]);
}
