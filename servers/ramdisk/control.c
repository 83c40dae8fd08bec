/* OPEN and FSTAT: the messages that manage a handle rather than move
 * data. OPEN is the block servers' shared one (blk_serve_open). */
#include <mica/rt_string.h>

#include "ramdisk_private.h"

static void close_unheld(void *server, struct blk_handle *h)
{
    ramdisk_handle_close(server, ramdisk_handle(h));
}

void ramdisk_open(struct ramdisk *rd, const struct ipc_msg *m, struct blk_reply *r)
{
    struct blk_open_server s = { &rd->table, rd->name, &rd->limits, rd->ipc, close_unheld, rd };
    blk_serve_open(&s, m, r);
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
