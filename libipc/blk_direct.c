/* Block client: DIRECT_RUN, asking the server to run a request mix on its
 * own device and report what it measured (mica/blk_direct.h). */
#include <mica/blk_direct.h>
#include <mica/errno.h>

#include "blk_client_private.h"

int ipc_blk_direct_run(struct ipc_blk_handle *h, const struct blk_direct_mix *mix,
                       struct blk_direct_result *out)
{
    const uint64_t words[BLK_DIRECT_WORDS] = {
        [BLK_DIRECT_W_PATTERN] = mix->pattern,
        [BLK_DIRECT_W_BLOCK_SIZE] = mix->block_size,
        [BLK_DIRECT_W_QUEUE_DEPTH] = mix->queue_depth,
        [BLK_DIRECT_W_OPS] = mix->ops,
        [BLK_DIRECT_W_SEED] = mix->seed,
    };
    struct ipc_msg m =
        ipc_call_words(h->ep, BLK_LABEL(BLK_MSG_DIRECT_RUN), words, BLK_DIRECT_WORDS, 0, 0);
    long status = blk_reply_status(&m);
    if (status < 0)
        return (int)status;
    if (MICA_MSGINFO_WORDS(m.info) < BLK_DIRECT_REPLY_WORDS)
        return -MICA_EPROTO;
    uint64_t reply[BLK_DIRECT_REPLY_WORDS];
    for (unsigned i = 0; i < BLK_DIRECT_REPLY_WORDS; i++)
        reply[i] = ipc_msg_word(&m, i);
    blk_direct_result_from_words(reply, out);
    return 0;
}
