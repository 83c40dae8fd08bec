/* Serve mode: the block protocol (docs/block-protocol.md) for one virtio
 * disk, registered with init's name service as disk.vblk<n>. One receive
 * waits for client messages, the device's interrupt and every ring's
 * doorbell; requests of every path go to the device and are answered when
 * it completes them, many in flight at once. */
#ifndef VBLK_SERVE_H
#define VBLK_SERVE_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_handle_table.h>
#include <mica/blk_protocol.h>
#include <mica/blk_reply.h>
#include <mica/blk_request.h>
#include <mica/blk_server_frames.h>
#include <mica/ipc.h>
#include <mica/ipc_abi.h>

#include "vblk.h"

#define VBLK_MAX_HANDLES 16u
/* Requests in flight across all handles; each owns a bounce buffer for the
 * message path and a slot for its caller's saved reply. */
#define VBLK_SERVE_SLOTS 48u
/* Slots the queued path leaves free for message and buffer calls, one per
 * handle, so rings that keep the device busy cannot starve a caller. */
#define VBLK_CALL_RESERVE VBLK_MAX_HANDLES
/* Requests in flight per handle (fstat's queue_depth): one client cannot
 * take every slot from the others. */
#define VBLK_HANDLE_DEPTH 8u
/* Bytes one buffer or ring request may move (max_transfer); the engine
 * splits it into device requests by SEG_MAX/SIZE_MAX. */
#define VBLK_SERVE_MAX_TRANSFER (64u * 1024u)
/* One bounce buffer holds any message-path transfer, whole sectors. */
#define VBLK_BOUNCE_BYTES ((BLK_MSG_DATA_MAX + VBLK_SECTOR_SIZE - 1u) / VBLK_SECTOR_SIZE * VBLK_SECTOR_SIZE)
#define VBLK_RING_MAX_BYTES (1024u * 1024u) /* one mapped ring frame at most */

_Static_assert(VBLK_MAX_HANDLES < 62, "doorbell bits stay below VBLK_IRQ_BADGE");
_Static_assert(VBLK_SERVE_SLOTS > VBLK_CALL_RESERVE, "the queued path gets slots too");
_Static_assert(VBLK_SERVE_SLOTS <= VBLK_XFERS_MAX, "every slot's transfer fits the engine");

/* A registered buffer: the client's frames, never mapped here; the device
 * reaches them by physical address. */
struct vblk_buffer {
    long frames[MICA_MSG_MAX_CAPS];
    struct vblk_extent extents[MICA_MSG_MAX_CAPS]; /* physical address and size of each */
    unsigned frame_count;
    uint64_t bytes;
};

struct vblk_handle {
    struct blk_handle common; /* open, draining, writable, generation, endpoint */
    struct vblk_buffer buffer;
    struct blk_ring_pair queue;
    unsigned in_flight;       /* slots this handle holds */
    unsigned ring_in_flight;  /* of them, ring submissions: completion slots they are owed */
    unsigned max_in_flight;
    bool pushed;              /* completions pushed since the client was last considered for a wakeup */
    uint64_t requests[3];     /* started, by enum blk_data_path */
};

/* One request in flight. */
struct vblk_slot {
    bool busy;
    struct vblk_xfer x;
    struct vblk_extent extents[MICA_MSG_MAX_CAPS]; /* its range of the buffer */
    struct vblk_handle *h;
    struct blk_request req;
    long reply; /* the caller's saved reply (message and buffer paths) */
};

struct vblk_server {
    struct vblk_dev *d;
    char name[BLK_SERIAL_MAX]; /* "vblk0", for log lines */
    struct blk_device_limits limits;
    struct dma_region bounce;  /* VBLK_SERVE_SLOTS bounce buffers, slot i's at i * VBLK_BOUNCE_BYTES */
    long endpoint;             /* unbadged: receive, and the source of handle mints */
    struct mica_ipc_buffer *ipc;
    struct blk_inbox inbox;
    struct blk_handle_table table; /* over handles[] */
    struct vblk_handle handles[VBLK_MAX_HANDLES];
    struct vblk_slot slots[VBLK_SERVE_SLOTS];
    unsigned in_flight, max_in_flight;
    unsigned first_ring; /* where vblk_queue_serve_all starts this time */
    /* Data bytes the server itself copied, by enum blk_data_path: only the
     * message path has any (its bounce buffers); the others stay 0. */
    uint64_t copied[3];
};

static inline struct vblk_handle *vblk_handle(struct blk_handle *h)
{
    return (struct vblk_handle *)(void *)h;
}

static inline unsigned vblk_handle_index(const struct vblk_server *s, const struct vblk_handle *h)
{
    return blk_handle_index(&s->table, &h->common);
}

/* serve.c: limits, bounce buffers, then receive forever (returns the
 * receive's error, or the device's when it broke the queue). */
int vblk_serve(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
               struct mica_ipc_buffer *ipc);

/* control.c: OPEN, CLOSE, FSTAT */
void vblk_serve_open(struct vblk_server *s, const struct ipc_msg *m, struct blk_reply *r);
void vblk_serve_close(struct vblk_server *s, struct vblk_handle *h);
void vblk_serve_fstat(struct vblk_server *s, struct blk_reply *r);
/* A closed handle whose last request completed gives its frames back. */
void vblk_handle_drained(struct vblk_server *s, struct vblk_handle *h);

/* direct_run.c: DIRECT_RUN, the request mix on the device with no IPC. It
 * waits for the device itself (vblk_wait): what is in flight finishes
 * first, and the next vblk_settle answers it and serves every ring. */
void vblk_direct_run(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                     struct blk_reply *r);

/* slots.c: requests in flight */
/* A free slot for h, or NULL: h at VBLK_HANDLE_DEPTH, or no slot free
 * (for the ring path: none beyond VBLK_CALL_RESERVE). */
struct vblk_slot *vblk_slot_claim(struct vblk_server *s, struct vblk_handle *h,
                                  enum blk_data_path via);
/* Starts the device transfer of a decoded request; 0 or the engine's error
 * (the slot is given back then). */
int vblk_slot_start(struct vblk_server *s, struct vblk_slot *slot);
/* Takes the device's completions and answers them in the order the device
 * finished them, serves the rings, queues what they started; 0, or the
 * broken queue's code. */
int vblk_settle(struct vblk_server *s);

/* msgio.c: READ, WRITE, FSYNC, READ_BUFFER, WRITE_BUFFER after
 * decode_blk_request. True when the reply was saved for later. */
bool vblk_serve_io(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                   struct blk_reply *r);
/* The answer to a call whose transfer is done. */
void vblk_call_done(struct vblk_server *s, struct vblk_slot *slot);

/* buffer.c: REGISTER_BUFFER; a request's range as device extents */
void vblk_register_buffer(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                          struct blk_reply *r);
unsigned vblk_buffer_extents(const struct vblk_buffer *b, uint64_t offset, uint64_t length,
                             struct vblk_extent out[MICA_MSG_MAX_CAPS]);
void vblk_buffer_release(struct vblk_buffer *b);

/* queue.c: RING_SETUP, the rings' submissions and completions */
void vblk_ring_setup(struct vblk_server *s, struct vblk_handle *h, const struct ipc_msg *m,
                     struct blk_reply *r);
void vblk_queue_serve(struct vblk_server *s, struct vblk_handle *h);
/* Every ring: after a doorbell (whichever bit rang) and after completions
 * freed slots a ring may have been waiting for. */
void vblk_queue_serve_all(struct vblk_server *s);
void vblk_ring_done(struct vblk_server *s, struct vblk_slot *slot);

#endif
