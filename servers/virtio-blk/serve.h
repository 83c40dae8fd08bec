/* Serve mode: the block protocol's message path over IPC (docs/block-protocol.md)
 * for one virtio disk, registered with init's name service as disk.vblk<n>.
 * Requests are served one at a time, each waiting for its device completion. */
#ifndef VBLK_SERVE_H
#define VBLK_SERVE_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_protocol.h>
#include <mica/blk_request.h>
#include <mica/ipc.h>
#include <mica/ipc_abi.h>

#include "vblk.h"

#define VBLK_MAX_HANDLES 16u
/* The message path carries at most BLK_MSG_DATA_MAX bytes (one 4 KiB page);
 * one bounce buffer of that size holds any message-path transfer, whatever
 * the block size. */
#define VBLK_SERVE_MAX_TRANSFER BLK_MSG_DATA_MAX

struct vblk_handle {
    bool open;
    bool writable;
    uint64_t generation; /* bumped at every open: a stale badge never matches */
    long endpoint;       /* minted badged cap; the client's copies derive from it */
};

struct vblk_server {
    struct vblk_dev *d;
    char name[BLK_SERIAL_MAX]; /* "vblk0", for log lines */
    struct blk_device_limits limits;
    struct dma_region bounce; /* device side of every message-path transfer */
    long endpoint;            /* unbadged: receive, and the source of handle mints */
    struct mica_ipc_buffer *ipc;
    struct vblk_handle handles[VBLK_MAX_HANDLES];
};

/* A reply: register words, words past them straight in the IPC buffer, caps. */
struct vblk_reply {
    uint64_t w[MICA_MSG_REG_WORDS];
    unsigned words;
    unsigned caps;
};

static inline void vblk_reply_word(struct vblk_server *s, struct vblk_reply *r, unsigned i,
                                   uint64_t v)
{
    if (i < MICA_MSG_REG_WORDS)
        r->w[i] = v;
    else
        s->ipc->msg[i] = v;
    if (r->words < i + 1)
        r->words = i + 1;
}

static inline void vblk_reply_error(struct vblk_reply *r, int err)
{
    r->w[BLK_REPLY_W_STATUS] = (uint64_t)(int64_t)err;
    r->words = BLK_REPLY_W_STATUS + 1;
    r->caps = 0;
}

/* serve.c: limits from the device, the bounce page, then receive forever
 * (returns the receive error). */
int vblk_serve(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
               struct mica_ipc_buffer *ipc);

/* handles.c */
struct vblk_handle *vblk_handle_lookup(struct vblk_server *s, uint64_t badge);
int vblk_handle_open(struct vblk_server *s, bool writable, struct vblk_handle **opened);
void vblk_handle_close(struct vblk_handle *h);
uint64_t vblk_handle_badge(const struct vblk_server *s, const struct vblk_handle *h);

/* control.c: OPEN, FSTAT */
void vblk_serve_open(struct vblk_server *s, const struct ipc_msg *m, struct vblk_reply *r);
void vblk_serve_fstat(struct vblk_server *s, struct vblk_reply *r);

/* msgio.c: READ, WRITE, FSYNC, after decode_blk_request */
void vblk_serve_io(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                   struct vblk_reply *r);

#endif
