/* What the ramdisk's files share: the functions each concept's file offers
 * the dispatcher in ramdisk.c (replies are mica/blk_reply.h's). */
#ifndef RAMDISK_PRIVATE_H
#define RAMDISK_PRIVATE_H
#include <mica/blk_handle_badge.h>
#include <mica/blk_reply.h>
#include <mica/ipc.h>

#include "ramdisk.h"

/* Handle badges are encoded as mica/blk_handle_badge.h describes. */
_Static_assert(RAMDISK_MAX_HANDLES <= (1u << BLK_BADGE_INDEX_BITS), "index fits the badge");

/* The handle of a table entry, and its index (its doorbell bit). */
static inline struct ramdisk_handle *ramdisk_handle(struct blk_handle *h)
{
    return (struct ramdisk_handle *)(void *)h;
}

static inline unsigned ramdisk_handle_index(const struct ramdisk *rd, const struct ramdisk_handle *h)
{
    return blk_handle_index(&rd->table, &h->common);
}

/* ramdisk.c: releases the buffer and the queue, then the handle's cap. */
void ramdisk_handle_close(struct ramdisk *rd, struct ramdisk_handle *h);

/* control.c: OPEN, FSTAT */
void ramdisk_open(struct ramdisk *rd, const struct ipc_msg *m, struct blk_reply *r);
void ramdisk_fstat(struct ramdisk *rd, struct blk_reply *r);

/* attach.c: the client's frames, REGISTER_BUFFER and RING_SETUP */
void ramdisk_register_buffer(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                             struct blk_reply *r);
void ramdisk_ring_setup(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r);
void ramdisk_buffer_release(struct ramdisk_buffer *b);

/* io.c: every read, write and flush, after decode_blk_request. ring_io
 * executes a batch of n submissions and writes their completions into
 * done[] last-first (queue.c says why). */
void ramdisk_message_io(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r);
void ramdisk_ring_io(struct ramdisk *rd, struct ramdisk_handle *h, const struct blk_submission *taken,
                     unsigned n, struct blk_completion *done);

/* direct_run.c: DIRECT_RUN, the request mix as memcpy with no IPC */
void ramdisk_direct_run(struct ramdisk *rd, struct ramdisk_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r);

/* queue.c */
void ramdisk_queue_serve(struct ramdisk *rd, struct ramdisk_handle *h);
void ramdisk_doorbells(struct ramdisk *rd, uint64_t word);

#endif
