/* Block client: PARTITION, one entry of the disk's partition list
 * (docs/block-protocol.md, "Partitions"). */
#include <string.h>

#include <mica/abi/errno.h>

#include "blk_client_private.h"

int ipc_blk_partition(struct ipc_blk_handle *h, unsigned index, struct blk_partition *out)
{
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_PARTITION), 1, 0), index, 0,
                                0, 0);
    long status = blk_reply_status(&m);
    if (status < 0)
        return (int)status;
    if (MICA_MSGINFO_WORDS(m.info) < BLK_PARTITION_REPLY_W_INFO + BLK_PARTITION_WORDS)
        return -MICA_EPROTO;
    uint64_t words[BLK_PARTITION_WORDS];
    for (unsigned i = 0; i < BLK_PARTITION_WORDS; i++)
        words[i] = ipc_msg_word(&m, BLK_PARTITION_REPLY_W_INFO + i);
    memcpy(out, words, sizeof *out);
    out->name[BLK_PART_NAME_MAX - 1] = 0;
    return 0;
}
