/* Serve mode: the block protocol (docs/block-protocol.md) for one virtio
 * disk, registered with init's name service as disk.vblk<n>, on the
 * block-server framework (mica/blk_server.h). The framework hands each
 * request to the device engine with a tag; the device's completions are
 * reported back in the order it finished them, many in flight at once. */
#ifndef VBLK_SERVE_H
#define VBLK_SERVE_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_server.h>

#include "vblk.h"

/* Requests in flight per handle (fstat's queue_depth), the queue-depth
 * parameter: by default as deep as a depth-32 client asks, at most every
 * tag the queued path has; a client's limit (client-requests, half the
 * tags) still leaves the rest to the others. */
#define VBLK_HANDLE_DEPTH_DEFAULT 32u
#define VBLK_HANDLE_DEPTH_MAX (BLK_SERVER_MAX_TAGS - BLK_SERVER_CALL_RESERVE)
/* Bytes one buffer or ring request may move (max_transfer); the engine
 * splits it into device requests by SEG_MAX/SIZE_MAX. A client's buffer
 * is DMA memory the device reads and writes in place, so a long request
 * costs the server no more than a short one: 1 MiB, so that an op of up
 * to that much is one request, one tag and one completion (cut at 64 KiB
 * it was sixteen of each, and as many wakeups as the device's completions
 * happened to come apart). */
#define VBLK_SERVE_MAX_TRANSFER (1024u * 1024u)

_Static_assert(BLK_SERVER_MAX_TAGS <= VBLK_XFERS_MAX, "every tag's transfer fits the engine");
_Static_assert(VBLK_HANDLE_DEPTH_DEFAULT <= VBLK_HANDLE_DEPTH_MAX, "the default depth is allowed");
_Static_assert(BLK_SERVER_IRQ_BADGE == VBLK_IRQ_BADGE, "the interrupt's bit is the framework's");

struct vblk_server {
    struct vblk_dev *d;
    unsigned queue_depth; /* per handle, 1..VBLK_HANDLE_DEPTH_MAX: set before vblk_serve */
    char name[BLK_SERIAL_MAX]; /* "vblk0", for log lines */
    struct dma_region bounce;  /* the framework's bounce buffers, one per tag */
    struct vblk_xfer x[BLK_SERVER_MAX_TAGS];
    struct blk_server server;
};

/* serve.c: limits, bounce buffers, then the framework's loop (returns the
 * receive's error, or the device's when it broke the queue). */
int vblk_serve(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
               struct mica_ipc_buffer *ipc);

#endif
