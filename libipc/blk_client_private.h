/* What the block client's files share: how a reply's status is read, and
 * the release of a handle's buffer and rings when it closes. */
#ifndef LIBIPC_BLK_CLIENT_PRIVATE_H
#define LIBIPC_BLK_CLIENT_PRIVATE_H
#include <mica/blk_client.h>
#include <mica/cap.h>
#include <mica/ipc.h>

/* The kernel's error (server gone, bad cap) or the server's status word. */
static inline long blk_reply_status(const struct ipc_msg *m)
{
    return m->badge < 0 ? m->badge : (long)m->w[BLK_REPLY_W_STATUS];
}

/* A reply that must carry exactly one cap, received into `slot`: its status
 * (-MICA_EPROTO for a success without the cap). On failure the slot is
 * emptied and freed, so the caller only keeps it on 0. */
static inline long blk_reply_take_cap(const struct ipc_msg *m, long slot)
{
    long status = blk_reply_status(m);
    unsigned caps = m->badge < 0 ? 0 : MICA_MSGINFO_CAPS(m->info);
    if (status == 0 && caps != 1)
        status = -MICA_EPROTO;
    if (status < 0) {
        if (caps)
            mica_sys_cap_delete(0, slot);
        ipc_slot_free(slot);
    }
    return status;
}

void blk_buffer_release(struct ipc_blk_handle *h);
void blk_queue_release(struct ipc_blk_queue *q);

#endif
