/* Serve mode: the block protocol's message path over IPC (docs/block-protocol.md)
 * for one virtio disk, registered with init's name service as disk.vblk<n>.
 * Requests are served one at a time, each waiting for its device completion. */
#ifndef VBLK_SERVE_H
#define VBLK_SERVE_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_handle_table.h>
#include <mica/blk_protocol.h>
#include <mica/blk_reply.h>
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
    struct blk_handle common; /* open, writable, generation, endpoint */
};

struct vblk_server {
    struct vblk_dev *d;
    char name[BLK_SERIAL_MAX]; /* "vblk0", for log lines */
    struct blk_device_limits limits;
    struct dma_region bounce; /* device side of every message-path transfer */
    long endpoint;            /* unbadged: receive, and the source of handle mints */
    struct mica_ipc_buffer *ipc;
    struct blk_handle_table table; /* over handles[] */
    struct vblk_handle handles[VBLK_MAX_HANDLES];
};

/* serve.c: limits from the device, the bounce page, then receive forever
 * (returns the receive error). */
int vblk_serve(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
               struct mica_ipc_buffer *ipc);

/* control.c: OPEN, FSTAT */
void vblk_serve_open(struct vblk_server *s, const struct ipc_msg *m, struct blk_reply *r);
void vblk_serve_fstat(struct vblk_server *s, struct blk_reply *r);

/* direct_run.c: DIRECT_RUN, the request mix on the device with no IPC */
void vblk_direct_run(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                     struct blk_reply *r);

/* msgio.c: READ, WRITE, FSYNC, after decode_blk_request */
void vblk_serve_io(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                   struct blk_reply *r);

#endif
