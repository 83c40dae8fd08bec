/* What the block-server framework does with capabilities (code in
 * libipc/blkserver/): the handle caps the handle table mints and
 * revokes, and the inbox, the empty slots a received message's caps land in.
 * A handler that keeps a cap takes its slot; whatever is left is deleted
 * before the next receive, so a client cannot fill the server's cspace with
 * caps it sends unasked. */
#ifndef MICA_BLK_SERVER_CAPS_H
#define MICA_BLK_SERVER_CAPS_H
#include <mica/blk_handle_table.h>
#include <mica/blk_reply.h>
#include <mica/blk_request.h>
#include <mica/ipc.h>
#include <mica/abi/ipc_abi.h>

/* Mints WRITE|GRANT (GRANT: REGISTER_BUFFER and RING_SETUP carry caps);
 * revoking first ends every copy a client kept. */
extern const struct blk_handle_caps blk_handle_ipc_caps;
/* Revokes the caps derived from slot, then drops it; 0 is no cap. */
void blk_revoke_and_drop(long slot);

struct blk_inbox {
    long slots[MICA_MSG_MAX_CAPS];
};

int blk_inbox_init(struct blk_inbox *inbox);
/* Keeps the cap received in position i; its slot is replaced by an empty one. */
long blk_inbox_take(struct blk_inbox *inbox, unsigned i);
/* Deletes the received caps nobody took and names the slots in ipc (the
 * serving thread's buffer) for the next receive. */
void blk_inbox_reset(struct blk_inbox *inbox, struct mica_ipc_buffer *ipc, unsigned received);

#endif
