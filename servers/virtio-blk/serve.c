/* Serve mode's receive loop: client messages on the endpoint init granted;
 * a late interrupt that ends a receive is acknowledged and otherwise ignored
 * (requests wait for their own completions in vblk_finish). */
#include <mica/errno.h>
#include <mica/rt_string.h>

#include <mica/blk_server_caps.h>

#include "serve.h"

static void dispatch(struct vblk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    if (label == BLK_LABEL(BLK_MSG_OPEN)) {
        vblk_serve_open(s, m, r);
        return;
    }
    struct vblk_handle *h = (struct vblk_handle *)(void *)blk_handle_lookup(&s->table, (uint64_t)m->badge);
    if (!h) {
        blk_reply_error(r, -MICA_EBADF);
        return;
    }
    switch (label) {
    case BLK_LABEL(BLK_MSG_CLOSE):
        blk_handle_close(&s->table, &h->common);
        break;
    case BLK_LABEL(BLK_MSG_FSTAT):
        vblk_serve_fstat(s, r);
        break;
    case BLK_LABEL(BLK_MSG_DIRECT_RUN): /* runs to the end before the next receive */
        vblk_direct_run(s, h, m, r);
        break;
    default: /* reads, writes, flushes; decode_blk_request refuses the rest */
        vblk_serve_io(s, h, m, r);
        break;
    }
}

int vblk_serve(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
               struct mica_ipc_buffer *ipc)
{
    const char *what;
    s->d = d;
    s->endpoint = endpoint;
    s->ipc = ipc;
    snprintf(s->name, sizeof s->name, "vblk%u", unit);
    s->limits = (struct blk_device_limits){
        .block_count = d->capacity / (d->blk_size / VBLK_SECTOR_SIZE),
        .block_size = d->blk_size,
        .max_transfer = d->blk_size > VBLK_SERVE_MAX_TRANSFER ? d->blk_size
                                                               : VBLK_SERVE_MAX_TRANSFER,
        .read_only = d->read_only,
    };
    blk_handle_table_init(&s->table, s->handles, sizeof s->handles[0], VBLK_MAX_HANDLES, endpoint,
                          &blk_handle_ipc_caps);
    long err = dma_alloc(&s->bounce, s->limits.max_transfer, &what);
    if (err < 0)
        return (int)err;
    ipc_set_recv_slots(0, 0); /* the message path takes no caps */
    struct ipc_msg m = ipc_recv(endpoint);
    for (;;) {
        if (m.badge < 0)
            return (int)m.badge;
        if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION) {
            vblk_interrupt_ack(d);
            m = ipc_recv(endpoint);
            continue;
        }
        struct blk_reply r = BLK_REPLY_OK;
        dispatch(s, &m, &r);
        m = ipc_reply_recv(endpoint, MICA_MSGINFO(0, r.words, r.caps), r.w[0], r.w[1], r.w[2],
                           r.w[3]);
    }
}
