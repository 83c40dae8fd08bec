/* The driver side of a virtio 1.x split virtqueue (descriptor table, available
 * ring, used ring) in memory the caller provides, with the caller's physical
 * addresses. Everything read back from the device is checked in virtq_get_used. */

#ifndef MICA_VIRTQ_H
#define MICA_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Layouts and flag values from the virtio 1.x specification (2.7, split virtqueues). */
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY 1u
#define VIRTQ_MAX_SIZE 32768u
#define VIRTQ_DESC_ALIGN 16u
#define VIRTQ_AVAIL_ALIGN 2u
#define VIRTQ_USED_ALIGN 4u

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_used_elem {
    uint32_t id;
    uint32_t len; /* bytes the device wrote into the chain */
};

_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc is 16 bytes");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem is 8 bytes");

/* Where each part of the ring lies inside one region (bytes from its start):
 * desc[size], then avail {flags, idx, ring[size], used_event}, then (aligned to
 * VIRTQ_USED_ALIGN) used {flags, idx, ring[size], avail_event}. */
struct virtq_layout {
    size_t avail_offset;
    size_t used_offset;
    size_t total;
};

/* False if size is not a power of two in 1..VIRTQ_MAX_SIZE. */
bool virtq_layout(uint16_t size, struct virtq_layout *layout);

/* Driver-private record per descriptor; never shared with the device, so a
 * device that scribbles on the descriptor table cannot corrupt the free list. */
struct virtq_slot {
    uint64_t token;         /* caller's cookie for a chain head */
    uint32_t device_writes; /* bytes the device may write into the chain (head only) */
    uint16_t next_free;
    uint16_t chain_len;     /* descriptors in the chain (head only); 0 when not a head */
};

struct virtq {
    uint16_t size;
    bool event_idx; /* VIRTIO_F_EVENT_IDX negotiated */
    bool broken;    /* the device returned something impossible; sticky */
    struct virtq_desc *desc;
    uint8_t *avail; /* flags, idx, ring[], used_event: accessed through virtq.c helpers */
    uint8_t *used;
    uint64_t desc_phys, avail_phys, used_phys;
    struct virtq_slot *slots; /* size entries */
    uint16_t free_head;
    uint16_t num_free;
    uint16_t avail_shadow;   /* next avail idx; master copy, never re-read */
    uint16_t published;      /* avail idx the device was last told about */
    uint16_t last_used;      /* next used idx to consume */
};

/* One piece of a request: a physically contiguous range. */
struct virtq_buf {
    uint64_t phys;
    uint32_t len;
    bool device_writes;
};

/* Formats region (layout.total bytes, VIRTQ_DESC_ALIGN aligned, at physical
 * address region_phys) and slots[size]. Returns 0 or -MICA_EINVAL. */
int virtq_init(struct virtq *q, uint16_t size, bool event_idx, void *region, uint64_t region_phys,
               struct virtq_slot *slots);

/* Links bufs into one chain and puts it in the available ring (not yet
 * visible to the device: see virtq_publish). -MICA_EAGAIN when fewer than
 * count descriptors are free, -MICA_EINVAL for count 0 or above the size. */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned count, uint64_t token);

/* Makes every added chain visible to the device; true if the device asked to
 * be notified (then write QueueNotify, after a `fence w,o`). */
bool virtq_publish(struct virtq *q);

/* 1 and the chain's token and written length, 0 when nothing is used, or
 * -MICA_EPROTO when the device returned an impossible entry (sticky). */
int virtq_get_used(struct virtq *q, uint64_t *token, uint32_t *written);
/* Whether virtq_get_used has anything to say: a used entry not yet taken,
 * or a broken queue (whose error it reports). Reads used->idx only. */
bool virtq_used_pending(struct virtq *q);

/* Interrupt suppression: before sleeping, ask for an interrupt at the next
 * used entry; true if the ring is still empty (safe to sleep). */
bool virtq_arm_interrupt(struct virtq *q);
void virtq_disarm_interrupt(struct virtq *q);

static inline unsigned virtq_free_descriptors(const struct virtq *q)
{
    return q->num_free;
}

/* The virtio rule for event suppression: notify if new_idx passed event_idx
 * since old_idx (all mod 2^16). */
static inline bool virtq_need_event(uint16_t event_idx, uint16_t new_idx, uint16_t old_idx)
{
    return (uint16_t)(new_idx - event_idx - 1u) < (uint16_t)(new_idx - old_idx);
}

#endif
