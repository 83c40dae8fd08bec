/* What the block client's files share: how a reply's status is read, and
 * the release of a handle's buffer and rings when it closes. */
#ifndef LIBIPC_BLK_CLIENT_PRIVATE_H
#define LIBIPC_BLK_CLIENT_PRIVATE_H
#include <mica/blk_client.h>
#include <mica/ipc.h>

/* The kernel's error (server gone, bad cap) or the server's status word. */
static inline long blk_reply_status(const struct ipc_msg *m)
{
    return m->badge < 0 ? m->badge : (long)m->w[BLK_REPLY_W_STATUS];
}

void blk_buffer_release(struct ipc_blk_handle *h);
void blk_queue_release(struct ipc_blk_queue *q);

#endif
