/* OPEN and FSTAT for serve mode: OPEN's words are checked in
 * decode_blk_open before a handle is made; FSTAT reports the device as negotiated. */
#include <mica/errno.h>
#include <mica/rt_string.h>

#include "serve.h"

void vblk_serve_open(struct vblk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    bool writable;
    struct blk_handle *h;
    int err = decode_blk_open(&s->limits, m->info, m->w, &writable);
    if (!err)
        err = blk_handle_open(&s->table, writable, &h);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    blk_reply_word(s->ipc, r, BLK_OPEN_REPLY_W_HANDLE, blk_handle_badge_of(&s->table, h));
    s->ipc->send_caps[0] = (uint64_t)h->endpoint;
    r->caps = 1;
}

void vblk_serve_fstat(struct vblk_server *s, struct blk_reply *r)
{
    const struct vblk_dev *d = s->d;
    bool cache = (d->features & (1ull << VBLK_F_FLUSH)) != 0;
    struct blk_stat st = {
        .size_bytes = d->capacity * VBLK_SECTOR_SIZE,
        .block_size = s->limits.block_size,
        .flags = (s->limits.read_only ? BLK_STAT_READ_ONLY : 0u) | (cache ? BLK_STAT_FLUSH : 0u),
        .max_transfer = s->limits.max_transfer,
        .queue_depth = 1, /* one request at a time in serve mode */
    };
    /* "(none)" is our log's word for no serial; the protocol's is empty. */
    if (strcmp(d->serial, "(none)") != 0)
        snprintf(st.serial, sizeof st.serial, "%s", d->serial);
    snprintf(st.model, sizeof st.model, "virtio-blk");
    blk_reply_stat(s->ipc, r, &st);
}
