/* OPEN and FSTAT: the messages that manage a handle rather than move
 * data. OPEN's words pass decode_blk_open before a handle is made; OPEN
 * also closes the handles nobody holds any more. */
#include <mica/rt_string.h>

#include "ramdisk_private.h"

static void close_unheld(void *server, struct blk_handle *h)
{
    ramdisk_handle_close(server, ramdisk_handle(h));
}

/* Handles whose clients are gone are closed first, so a table full of them
 * does not refuse a live client; every handle open now has had its cap
 * delivered, so none is mistaken for abandoned. */
void ramdisk_open(struct ramdisk *rd, const struct ipc_msg *m, struct blk_reply *r)
{
    bool writable;
    struct blk_handle *h;
    blk_reclaim_unheld(&rd->table, rd->name, close_unheld, rd);
    int err = decode_blk_open(&rd->limits, m->info, m->w, &writable);
    if (!err)
        err = blk_handle_open(&rd->table, writable, &h);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    blk_reply_word(rd->ipc, r, BLK_OPEN_REPLY_W_HANDLE, blk_handle_badge_of(&rd->table, h));
    rd->ipc->send_caps[0] = (uint64_t)h->endpoint;
    r->caps = 1;
}

void ramdisk_fstat(struct ramdisk *rd, struct blk_reply *r)
{
    struct blk_stat st = {
        .size_bytes = rd->limits.block_count * rd->limits.block_size,
        .block_size = rd->limits.block_size,
        .flags = rd->limits.read_only ? BLK_STAT_READ_ONLY : 0u, /* RAM: nothing to flush */
        .max_transfer = rd->limits.max_transfer,
        .queue_depth = RAMDISK_QUEUE_DEPTH,
    };
    memcpy(st.serial, rd->name, sizeof st.serial);
    snprintf(st.model, sizeof st.model, "ramdisk");
    blk_reply_stat(rd->ipc, r, &st);
}
