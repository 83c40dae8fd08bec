/* What the ramdisk's files share: the reply being built, and the functions
 * each concept's file offers the dispatcher in ramdisk.c. */
#ifndef RAMDISK_PRIVATE_H
#define RAMDISK_PRIVATE_H
#include <mica/blk_handle_badge.h>
#include <mica/ipc.h>

#include "ramdisk.h"

/* Handle badges are encoded as mica/blk_handle_badge.h describes. */
_Static_assert(RAMDISK_MAX_HANDLES <= (1u << BLK_BADGE_INDEX_BITS), "index fits the badge");

/* A reply: register words here, words past them straight in the serving
 * thread's IPC buffer (reply_word), and caps named in its send_caps. */
struct ramdisk_reply {
    uint64_t w[MICA_MSG_REG_WORDS];
    unsigned words;
    unsigned caps;
};

static inline void reply_word(struct ramdisk *rd, struct ramdisk_reply *r, unsigned i, uint64_t v)
{
    if (i < MICA_MSG_REG_WORDS)
        r->w[i] = v;
    else
        rd->ipc->msg[i] = v;
    if (r->words < i + 1)
        r->words = i + 1;
}

static inline void reply_error(struct ramdisk_reply *r, int err)
{
    r->w[BLK_REPLY_W_STATUS] = (uint64_t)(int64_t)err;
    r->words = BLK_REPLY_W_STATUS + 1;
    r->caps = 0;
}

/* handles.c */
struct ramdisk_handle *ramdisk_handle_lookup(struct ramdisk *rd, uint64_t badge);
int ramdisk_handle_open(struct ramdisk *rd, bool writable, struct ramdisk_handle **opened);
void ramdisk_handle_close(struct ramdisk_handle *h);
/* Revokes first: the client's copies of a cap we minted derive from ours. */
void ramdisk_revoke_and_drop(long slot);
unsigned ramdisk_handle_index(const struct ramdisk *rd, const struct ramdisk_handle *h);
uint64_t ramdisk_handle_badge(const struct ramdisk *rd, const struct ramdisk_handle *h);

/* inbox.c */
int ramdisk_inbox_init(struct ramdisk *rd);
/* Keeps the cap received in position i; its slot is replaced by an empty one. */
long ramdisk_inbox_take(struct ramdisk *rd, unsigned i);
/* Deletes the received caps nobody took and names the slots for the next receive. */
void ramdisk_inbox_reset(struct ramdisk *rd, unsigned received);

/* control.c: OPEN, FSTAT */
void ramdisk_open(struct ramdisk *rd, const struct ipc_msg *m, struct ramdisk_reply *r);
void ramdisk_fstat(struct ramdisk *rd, struct ramdisk_reply *r);
/* A message with fewer words or caps than BLK_MSG_LIST names for it. */
bool ramdisk_message_short(const struct ipc_msg *m, enum blk_msg msg);

/* attach.c: the client's frames, REGISTER_BUFFER and RING_SETUP */
void ramdisk_register_buffer(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                             struct ramdisk_reply *r);
void ramdisk_ring_setup(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct ramdisk_reply *r);
void ramdisk_buffer_release(struct ramdisk_buffer *b);
void ramdisk_queue_release(struct ramdisk_queue *q);

/* io.c: every read, write and flush, after decode_blk_request */
void ramdisk_message_io(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct ramdisk_reply *r);
struct blk_completion ramdisk_ring_io(struct ramdisk *rd, struct ramdisk_handle *h,
                                      const struct blk_submission *s);

/* queue.c */
void ramdisk_queue_serve(struct ramdisk *rd, struct ramdisk_handle *h);
void ramdisk_doorbells(struct ramdisk *rd, uint64_t word);

#endif
