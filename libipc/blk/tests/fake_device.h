/* The device side of a split virtqueue for host tests: reads available chains
 * and writes used entries exactly as a virtio device would, with the
 * acquire/release partners of libipc/blk/virtq.c. Physical address = host pointer. */

#ifndef FAKE_DEVICE_H
#define FAKE_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include <mica/virtq.h>

struct fake_device {
    struct virtq_desc *desc;
    uint8_t *avail;
    uint8_t *used;
    uint16_t size;
    bool event_idx;
    uint16_t next_avail; /* next avail idx to take */
    uint16_t used_idx;   /* next used idx to publish */
};

void fake_device_attach(struct fake_device *dev, const struct virtq *q);
/* 1 and the next available head, or 0 when the ring is empty. */
int fake_device_next_avail(struct fake_device *dev, uint16_t *head);
/* The chain starting at head, as buffers; returns how many (at most max). */
unsigned fake_device_chain(const struct fake_device *dev, uint16_t head, struct virtq_buf *out,
                           unsigned max);
/* Publishes a used entry; true if the driver asked for an interrupt. */
bool fake_device_complete(struct fake_device *dev, uint16_t head, uint32_t written);
/* Asks for (or stops asking for) notifications. */
void fake_device_set_notify(struct fake_device *dev, bool wanted);
/* Raw access for hostile-device tests. */
void fake_device_put_used(struct fake_device *dev, uint16_t slot, uint32_t id, uint32_t len);
void fake_device_set_used_idx(struct fake_device *dev, uint16_t idx);

static inline void *fake_phys_to_ptr(uint64_t phys)
{
    return (void *)(uintptr_t)phys;
}

#endif
