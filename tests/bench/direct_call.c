/* The direct-run bench program's client side (direct_call.h): one name
 * lookup, then plain calls with BLK_DIRECT_LABEL. */
#include "direct_call.h"

#include <string.h>

#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/cap.h>
#include <mica/scheme.h>
#include <mica/syscall.h>

long direct_lookup(const char *name)
{
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    long r = ipc_scheme_lookup(name, strlen(name), slot);
    if (r < 0) {
        ipc_slot_free(slot);
        return r;
    }
    return slot;
}

int direct_call(long ep, const struct blk_direct_mix *mix, struct blk_direct_result *out)
{
    const uint64_t words[BLK_DIRECT_WORDS] = {
        [BLK_DIRECT_W_PATTERN] = mix->pattern,
        [BLK_DIRECT_W_BLOCK_SIZE] = mix->block_size,
        [BLK_DIRECT_W_QUEUE_DEPTH] = mix->queue_depth,
        [BLK_DIRECT_W_OPS] = mix->ops,
        [BLK_DIRECT_W_SEED] = mix->seed,
    };
    struct ipc_msg m = ipc_call_words(ep, BLK_DIRECT_LABEL, words, BLK_DIRECT_WORDS, 0, 0);
    long status = m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
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

void direct_forget(long ep)
{
    mica_sys_cap_delete(0, ep);
    ipc_slot_free(ep);
}
