/* The ramdisk's storage and its receive loop: one endpoint for every client
 * message and one bound notification for every handle's ring doorbell, so a
 * single ipc_recv waits for both. */
#include <mica/rt_string.h>

#include <mica/bootinfo.h>
#include <mica/cap.h>
#include <mica/errno.h>

#include "ramdisk_private.h"

int ramdisk_init(struct ramdisk *rd, const struct ramdisk_config *config, long endpoint)
{
    memset(rd, 0, sizeof *rd);
    if (config->size_bytes == 0 || config->size_bytes % MICA_PAGE_SIZE != 0)
        return -MICA_EINVAL;
    snprintf(rd->name, sizeof rd->name, "%s", config->name);
    rd->limits = (struct blk_device_limits){
        .block_count = config->size_bytes / RAMDISK_BLOCK_SIZE,
        .block_size = RAMDISK_BLOCK_SIZE,
        .max_transfer = RAMDISK_MAX_TRANSFER,
        .read_only = config->read_only,
    };
    rd->endpoint = endpoint;
    long err;
    /* Fresh frames are zeroed by the kernel: a new ramdisk reads as zeros. */
    rd->storage = ipc_frame_map_new(config->size_bytes / MICA_PAGE_SIZE,
                                    MICA_RIGHT_READ | MICA_RIGHT_WRITE, &rd->storage_frame, &err);
    if (!rd->storage)
        return (int)err;
    long doorbells = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (doorbells < 0)
        return (int)doorbells;
    rd->doorbells = doorbells;
    blk_handle_table_init(&rd->table, rd->handles, sizeof rd->handles[0], RAMDISK_MAX_HANDLES,
                          endpoint, &blk_handle_ipc_caps);
    return blk_inbox_init(&rd->inbox);
}

int ramdisk_bind(struct ramdisk *rd, long thread)
{
    return (int)mica_sys_ntfn_bind(rd->doorbells, thread);
}

void ramdisk_handle_close(struct ramdisk *rd, struct ramdisk_handle *h)
{
    blk_ring_pair_release(&h->queue);
    ramdisk_buffer_release(&h->buffer);
    blk_handle_close(&rd->table, &h->common);
}

static void dispatch(struct ramdisk *rd, const struct ipc_msg *m, struct blk_reply *r)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    if (label == BLK_LABEL(BLK_MSG_OPEN)) {
        ramdisk_open(rd, m, r);
        return;
    }
    struct blk_handle *found = blk_handle_lookup(&rd->table, (uint64_t)m->badge);
    struct ramdisk_handle *h = found ? ramdisk_handle(found) : 0;
    if (!h) {
        blk_reply_error(r, -MICA_EBADF);
        return;
    }
    switch (label) {
    case BLK_LABEL(BLK_MSG_CLOSE): /* cannot fail: status 0 */
        ramdisk_handle_close(rd, h);
        break;
    case BLK_LABEL(BLK_MSG_FSTAT):
        ramdisk_fstat(rd, r);
        break;
    case BLK_LABEL(BLK_MSG_REGISTER_BUFFER):
        ramdisk_register_buffer(rd, h, m, r);
        break;
    case BLK_LABEL(BLK_MSG_RING_SETUP):
        ramdisk_ring_setup(rd, h, m, r);
        break;
    case BLK_LABEL(BLK_MSG_DIRECT_RUN): /* runs to the end before the next receive */
        ramdisk_direct_run(rd, h, m, r);
        break;
    default: /* reads, writes, flushes, and labels decode_blk_request refuses */
        ramdisk_message_io(rd, h, m, r);
        break;
    }
}

int ramdisk_serve(struct ramdisk *rd, struct mica_ipc_buffer *ipc)
{
    rd->ipc = ipc;
    blk_inbox_reset(&rd->inbox, rd->ipc, 0);
    struct ipc_msg m = ipc_recv(rd->endpoint);
    for (;;) {
        if (m.badge < 0)
            return (int)m.badge;
        if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION) {
            /* The word is the OR of the badges of the doorbells rung. */
            ramdisk_doorbells(rd, (uint64_t)m.badge);
            /* A client may send this label too, with caps: empty the inbox,
             * or every later REGISTER_BUFFER and RING_SETUP finds it full. */
            blk_inbox_reset(&rd->inbox, rd->ipc, MICA_MSGINFO_CAPS(m.info));
            m = ipc_recv(rd->endpoint);
            continue;
        }
        struct blk_reply r = BLK_REPLY_OK;
        dispatch(rd, &m, &r);
        blk_inbox_reset(&rd->inbox, rd->ipc, MICA_MSGINFO_CAPS(m.info));
        m = ipc_reply_recv(rd->endpoint, MICA_MSGINFO(0, r.words, r.caps), r.w[0], r.w[1], r.w[2],
                           r.w[3]);
    }
}
