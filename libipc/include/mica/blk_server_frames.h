/* Client frames in a block server (code in libipc/blkserver/): the check
 * on a frame cap a client sent, pinning it, mapping frames back to back, and the
 * queued path's ring pair attached from RING_SETUP's caps. */
#ifndef MICA_BLK_SERVER_FRAMES_H
#define MICA_BLK_SERVER_FRAMES_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_reply.h>
#include <mica/blk_server_caps.h>
#include <mica/spsc_ring.h>

/* Size of a RAM frame cap that has every right in `rights`, at most limit
 * bytes; -MICA_EFAULT for anything else. With MICA_RIGHT_DMA in rights,
 * *phys gets its physical address (phys may be NULL when not wanted). */
long blk_frame_bytes(long slot, uint64_t limit, unsigned rights, uint64_t *phys);
/* Maps frames[0..count) read-write back to back at a fresh address; NULL on
 * failure, with nothing left mapped or reserved (the frames stay the caller's). */
uint8_t *blk_map_frames(const long *frames, const uint64_t *bytes, unsigned count);
/* Undoes blk_map_frames (NULL: nothing mapped); before the caps are dropped. */
void blk_unmap_frames(uint8_t *base, uint64_t bytes);
/* A pin (frame_pin) of the frame cap in inbox slot i, checked already
 * (blk_frame_bytes with MICA_RIGHT_DMA), in a new slot; the received copy is
 * deleted. A copy is derived from the client's cap, so the client's revoke or
 * exit (init revokes what its quota paid for) would delete it, and the
 * frame's memory would go back to the allocator under our mapping or the
 * device's DMA; the pin is ours alone and keeps the frame until we drop it.
 * Returns the slot or a negative error. */
long blk_inbox_take_pinned(struct blk_inbox *inbox, unsigned i);
/* blk_inbox_take_pinned for inbox slots 0..count (REGISTER_BUFFER's frames)
 * into pins[], 0 where a pin failed; 0 or the first failure's error. */
long blk_inbox_take_pinned_all(struct blk_inbox *inbox, long *pins, unsigned count);
/* Deletes the cap of every non-zero slot of slots[0..count) (if a revoke
 * left any), frees the slot and zeroes it. */
void blk_drop_all(long *slots, unsigned count);

/* A handle's queued path, server side: it consumes submissions and produces
 * completions; both rings live in the client's frames, mapped here. */
struct blk_ring_pair {
    bool ready;
    struct spsc_consumer submissions;
    struct spsc_producer completions;
    long frames[2]; /* submission ring, completion ring */
    uint8_t *regions[2];
    uint64_t region_bytes[2];
    long wakeup;   /* the client's notification: signalled when it armed */
    long doorbell; /* our minted signal-only cap the client signals */
};

/* RING_SETUP: checks the message's caps in the inbox (-MICA_EINVAL short or
 * no signalling notification, -MICA_EBUSY a second time, -MICA_EFAULT frames
 * that are not RAM we may map read-write and pin (DMA), at most max_bytes
 * each), pins them (blk_inbox_take_pinned), maps and attaches the rings (spsc_ring_validate inside is the ring's
 * trust boundary: -MICA_EPROTO) and mints the doorbell from `doorbells` with
 * `badge`. 0, or the code with nothing kept. */
int blk_ring_pair_setup(struct blk_ring_pair *q, struct blk_inbox *inbox, uint64_t info,
                        uint64_t max_bytes, long doorbells, uint64_t badge);
/* The client is gone: its notification copy we kept was revoked with the
 * client's quota when it exited (the rings, pinned, are still mapped, so this
 * only tells the server to close the handle and drop the pins). */
bool blk_ring_pair_client_gone(const struct blk_ring_pair *q);
/* After the server moved entries: signals the client's notification once
 * if it armed for completions or for submission space (either may be why
 * it sleeps; docs/rings.md). */
void blk_ring_pair_wake(struct blk_ring_pair *q);
/* The same question, the request taken: true if the caller must now signal
 * q->wakeup (blk_ring_pair_wake does both). */
bool blk_ring_pair_wake_needed(struct blk_ring_pair *q);
/* RING_SETUP's answer: both capacities and the doorbell cap. */
void blk_ring_pair_reply(const struct blk_ring_pair *q, struct mica_ipc_buffer *ipc,
                         struct blk_reply *r);
/* Unmaps the rings, drops the frames and the client's notification, revokes
 * the doorbell; the pair is zeroed (not ready). */
void blk_ring_pair_release(struct blk_ring_pair *q);

#endif
