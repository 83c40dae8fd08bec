/* A call on a synchronous driver, run and answered in the receive loop's
 * turn with no tag: shared by the calls of every path (requests.c) and
 * made inline where the path is known (the zero-copy path in server.c).
 * The zero-copy call's decode is here too: an asynchronous driver's
 * zero-copy call (requests.c) shares it. */
#ifndef BLK_SERVER_CALL_SYNC_H
#define BLK_SERVER_CALL_SYNC_H
#include <mica/blk_request_decode.h>

#include "blk_server_private.h"
#include "windows.h"

/* Where a message-path request's data lies: the IPC buffer's data words. */
static inline uint8_t *message_data(struct blk_server *s)
{
    return (uint8_t *)&s->ipc->msg[BLK_MSG_DATA_WORD];
}

/* A call that succeeded: the bytes moved, and a message-path read's data
 * (already at BLK_MSG_DATA_WORD) as the reply's words. */
static inline void answer_ok(struct blk_server *s, const struct blk_request *req, struct blk_reply *r)
{
    if (req->op == BLK_OP_FLUSH)
        return;
    blk_reply_word(s->ipc, r, BLK_RW_REPLY_W_BYTES, req->length);
    if (req->via == BLK_VIA_MESSAGE && req->op == BLK_OP_READ)
        r->words = BLK_MSG_DATA_WORD + req->length / 8u;
}

/* A checked call on a synchronous driver: done here, answered by the
 * loop's reply, no tag. */
static inline void run_call_sync(struct blk_server *s, struct blk_server_handle *h,
                                 const struct blk_request *req, struct blk_reply *r)
{
    uint8_t *data = req->via == BLK_VIA_BUFFER ? h->buffer.base + req->buffer_offset : message_data(s);
    int err = req->via == BLK_VIA_WINDOW ? blk_server_window_run(s, h, req, data)
                                         : blk_server_run_now(s, h, req, data);
    /* A synchronous driver's device work is done, its answer not sent. */
    blk_server_fault_at(s, BLK_FAULT(PROC_FAULT_DMA));
    h->requests[req->via]++;
    if (err)
        blk_reply_error(r, err);
    else
        answer_ok(s, req, r);
}

/* A READ_BUFFER or WRITE_BUFFER message decoded against h with the
 * zero-copy path's checks inline (every driver's zero-copy call): 0 and
 * *req, or the refusal. */
static inline __attribute__((always_inline)) int
blk_server_decode_buffer_call(struct blk_server *s, struct blk_server_handle *h, const struct ipc_msg *m,
                              struct blk_request *req)
{
    struct blk_wire_request wire;
    struct blk_handle_state state = { .writable = h->common.writable, .buffer_bytes = h->buffer.bytes };
    /* Before the words are read: they stay out of registers the slow
     * path would have to save. */
    blk_server_fault_at(s, BLK_FAULT_REQUEST);
    blk_wire_from_buffer_message(m->info, m->w, &wire);
    return decode_blk_request_inline(&h->view, &state, &wire, req);
}

/* READ_BUFFER and WRITE_BUFFER on a synchronous driver, the zero-copy
 * path, answered by the loop's reply: the same checks as every call's,
 * inline with the path known, so the decode carries no other path's
 * branches; and inline in the receive loop (server.c), so the call costs
 * no frame of its own. */
static inline __attribute__((always_inline)) void
blk_server_buffer_call_sync(struct blk_server *s, struct blk_server_handle *h, const struct ipc_msg *m,
                            struct blk_reply *r)
{
    struct blk_request req;
    int err = blk_server_decode_buffer_call(s, h, m, &req);
    if (err)
        blk_reply_error(r, err);
    else
        run_call_sync(s, h, &req, r);
}

#endif
