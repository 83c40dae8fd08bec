/* A block server's reply being built: register words here, words past them
 * straight in the serving thread's IPC buffer, caps named in its send_caps. */
#ifndef MICA_BLK_REPLY_H
#define MICA_BLK_REPLY_H
#include <stdint.h>

#include <mica/blk_protocol.h>
#include <mica/abi/ipc_abi.h>

struct blk_reply {
    uint64_t w[MICA_MSG_REG_WORDS];
    unsigned words;
    unsigned caps;
};

/* A reply of status 0 and nothing else yet. */
#define BLK_REPLY_OK ((struct blk_reply){ .words = BLK_REPLY_W_STATUS + 1 })

static inline void blk_reply_word(struct mica_ipc_buffer *ipc, struct blk_reply *r, unsigned i,
                                  uint64_t v)
{
    if (i < MICA_MSG_REG_WORDS)
        r->w[i] = v;
    else
        ipc->msg[i] = v;
    if (r->words < i + 1)
        r->words = i + 1;
}

static inline void blk_reply_error(struct blk_reply *r, int err)
{
    r->w[BLK_REPLY_W_STATUS] = (uint64_t)(int64_t)err;
    r->words = BLK_REPLY_W_STATUS + 1;
    r->caps = 0;
}

/* FSTAT's answer: the words of *st from BLK_FSTAT_REPLY_W_STAT. */
static inline void blk_reply_stat(struct mica_ipc_buffer *ipc, struct blk_reply *r,
                                  const struct blk_stat *st)
{
    uint64_t words[BLK_STAT_WORDS];
    __builtin_memcpy(words, st, sizeof words);
    for (unsigned i = 0; i < BLK_STAT_WORDS; i++)
        blk_reply_word(ipc, r, BLK_FSTAT_REPLY_W_STAT + i, words[i]);
}

#endif
