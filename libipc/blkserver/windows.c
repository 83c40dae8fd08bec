/* Window requests (windows.h). */
#include <mica/abi/errno.h>
#include <mica/ipc.h>

#include "blk_server_private.h"
#include "windows.h"

uint32_t blk_server_window_max(const struct blk_server_config *c)
{
    const struct blk_device_limits *l = &c->limits;
    if (c->memory && !c->dma)
        return l->max_transfer;
    uint32_t staged = BLK_MSG_DATA_MAX < l->max_transfer ? BLK_MSG_DATA_MAX : l->max_transfer;
    return staged - staged % l->block_size;
}

int blk_server_window_move(long reply, enum blk_opcode op, uint8_t *at, uint32_t length)
{
    unsigned direction = op == BLK_OP_READ ? MICA_WINDOW_TO_CALLER : MICA_WINDOW_FROM_CALLER;
    long r = ipc_window_copy(reply, direction | MICA_WINDOW_WHOLE, at, length);
    return r < 0 ? (int)r : 0;
}

int blk_server_window_run(struct blk_server *s, struct blk_server_handle *h,
                          const struct blk_request *req, uint8_t *staging)
{
    if (s->c.memory) {
        uint64_t block = req->lba + h->first_block;
        return blk_server_window_move(0, req->op, s->c.memory + block * s->c.limits.block_size,
                                      req->length);
    }
    int err = 0;
    if (req->op == BLK_OP_WRITE)
        err = blk_server_window_move(0, req->op, staging, req->length);
    if (!err)
        err = blk_server_run_now(s, h, req, staging);
    if (!err && req->op == BLK_OP_READ)
        err = blk_server_window_move(0, req->op, staging, req->length);
    return err;
}
