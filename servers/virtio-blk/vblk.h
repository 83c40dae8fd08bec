/* The virtio-blk device as the rest of the server sees it: one virtqueue,
 * the negotiated features and limits, and transfers (read, write, flush,
 * GET_ID) that the engine in io.c splits into requests and keeps in flight
 * until the queue or the request pool is full. */
#ifndef VBLK_VBLK_H
#define VBLK_VBLK_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/virtio_blk_req.h>
#include <mica/virtq.h>

#include "dma.h"
#include "mmio.h"

#define VBLK_QUEUE_MAX 256u  /* larger QueueNumMax values are cut to this */
#define VBLK_REQS 64u        /* requests in flight: headers and status bytes in one page */
#define VBLK_CHAIN_MAX 18u   /* descriptors per request: header, 16 data, status */
#define VBLK_XFERS_MAX 64u   /* transfers in progress at once */

/* What we ask for; the rest (EVENT_IDX, INDIRECT_DESC, ...) we do without. */
#define VBLK_WANTED_FEATURES                                                          \
    ((1ull << VBLK_F_VERSION_1) | (1ull << VBLK_F_SIZE_MAX) | (1ull << VBLK_F_SEG_MAX) | \
     (1ull << VBLK_F_BLK_SIZE) | (1ull << VBLK_F_FLUSH) | (1ull << VBLK_F_RO))

/* Block config offsets, virtio 1.x 5.2.4. */
#define VBLK_CFG_CAPACITY 0u
#define VBLK_CFG_SIZE_MAX 8u
#define VBLK_CFG_SEG_MAX 12u
#define VBLK_CFG_BLK_SIZE 20u

/* The interrupt's bit in the word of the notification bound to our thread;
 * serve mode gives the low bits to the rings' doorbells, one per handle. */
#define VBLK_IRQ_BADGE (1ull << 62)

struct vblk_xfer {
    uint32_t type;            /* VBLK_T_IN, _OUT, _FLUSH or _GET_ID */
    struct blk_extent extent; /* data (vblk_start_rw), or the GET_ID buffer */
    struct vblk_cursor cursor;
    uint64_t lba;
    bool active;     /* started and not yet fully completed */
    bool built;      /* every request of it is in the queue */
    unsigned pending; /* its requests the device has not returned */
    int err;         /* first error of any of its requests */
};

struct vblk_dev {
    struct vmmio mmio;
    long irq, ep;
    long irq_ntfn; /* the interrupt's notification, bound to our thread */
    uint64_t offered, features;
    uint64_t capacity; /* 512-byte sectors */
    uint32_t blk_size;
    bool read_only;
    struct vblk_limits limits;
    struct virtq q;
    struct virtq_slot slots[VBLK_QUEUE_MAX];
    struct dma_region ring, reqs;
    struct vblk_xfer *owner[VBLK_REQS]; /* NULL: request memory free */
    uint8_t free_reqs[VBLK_REQS];       /* the free requests, a stack */
    unsigned free_req_count;
    /* Transfers with requests still to queue, oldest first (a ring). */
    struct vblk_xfer *unbuilt[VBLK_XFERS_MAX];
    unsigned unbuilt_head, unbuilt_count;
    unsigned active_count; /* transfers started and not yet retired */
    /* Transfers whose last request came back (or that ended without one),
     * in that order, until vblk_poll retires them... */
    struct vblk_xfer *ended[VBLK_XFERS_MAX];
    unsigned ended_count;
    /* ...into this list: those the last vblk_poll retired, in that order,
     * so a caller finds what finished without looking at every transfer. */
    struct vblk_xfer *retired[VBLK_XFERS_MAX];
    unsigned retired_count;
    char serial[VBLK_ID_BYTES + 1];
    /* Counters for the direct-mode report. */
    uint64_t requests;
    unsigned in_flight, max_in_flight;
};

/* Bring-up (device.c): transport, features, queue 0, interrupt, config,
 * serial. 0, or -1 after one error line. */
int vblk_open(struct vblk_dev *d, uintptr_t regs, long irq, long ep);

/* bringup.c: checks init's grants (the DMA quota at least dma_bytes), opens
 * the device, caps each data descriptor at segment_cap bytes (0: no cap),
 * logs its facts and tells init the features. 0, or -1 after an error line. */
int vblk_bring_up(struct vblk_dev *d, uint64_t dma_bytes, uint64_t segment_cap);

/* The engine (io.c): no request out, no transfer in progress. */
void vblk_engine_init(struct vblk_dev *d);
/* Starting a transfer only queues it; vblk_wait runs the
 * device until at least one request completes. A write to a read-only device
 * is refused here with -MICA_EROFS before anything is queued. */
int vblk_start_rw(struct vblk_dev *d, struct vblk_xfer *x, uint32_t type, uint64_t lba,
                  uint64_t phys, uint64_t bytes);
/* The same over `count` physically contiguous extents in order (a client
 * buffer made of several frames); extents[] must stay put until x is done. */
int vblk_start_extents(struct vblk_dev *d, struct vblk_xfer *x, uint32_t type, uint64_t lba,
                       const struct blk_extent *extents, unsigned count);
int vblk_start_flush(struct vblk_dev *d, struct vblk_xfer *x);
int vblk_start_get_id(struct vblk_dev *d, struct vblk_xfer *x, uint64_t id_phys);
/* 0, or a negative code when the device broke the queue protocol. */
int vblk_wait(struct vblk_dev *d);
/* What vblk_wait does without sleeping, for a caller with its own receive
 * (serve mode): takes every completion, retires the transfers that ended
 * (retired[], in the order they ended), queues more requests, and
 * returns how many requests completed (or the broken queue's code). */
int vblk_poll(struct vblk_dev *d);
/* Queues what the transfers started since can (they only enlist) and
 * tells the device; vblk_wait and vblk_poll do it too. */
void vblk_kick(struct vblk_dev *d);
/* Some transfer is still in progress. */
bool vblk_busy(const struct vblk_dev *d);
/* Before sleeping: asks for an interrupt at the next completion; false if
 * one already came or a transfer ended waiting for its retirement (poll
 * again instead of sleeping). */
bool vblk_arm_interrupt(struct vblk_dev *d);
/* Starts nothing; waits until x is done and returns its result. */
int vblk_finish(struct vblk_dev *d, struct vblk_xfer *x);
/* Acknowledges an interrupt that ended a receive outside vblk_wait, so the
 * line is unmasked again. */
void vblk_interrupt_ack(struct vblk_dev *d);

#endif
