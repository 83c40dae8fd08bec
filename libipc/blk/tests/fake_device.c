/* A virtio device's view of a split virtqueue for the host tests: takes
 * chains from the available ring, completes them in any order. */

#include "fake_device.h"

#define RING_FLAGS 0u
#define RING_IDX 2u
#define RING_ENTRIES 4u

static uint16_t *u16_at(uint8_t *base, unsigned offset)
{
    return (uint16_t *)(void *)(base + offset);
}

void fake_device_attach(struct fake_device *dev, const struct virtq *q)
{
    dev->desc = fake_phys_to_ptr(q->desc_phys);
    dev->avail = fake_phys_to_ptr(q->avail_phys);
    dev->used = fake_phys_to_ptr(q->used_phys);
    dev->size = q->size;
    dev->event_idx = q->event_idx;
    dev->next_avail = 0;
    dev->used_idx = 0;
}

int fake_device_next_avail(struct fake_device *dev, uint16_t *head)
{
    /* Load-acquire; partner: the store-release of avail->idx in virtq_publish. */
    uint16_t idx = __atomic_load_n(u16_at(dev->avail, RING_IDX), __ATOMIC_ACQUIRE);

    if (idx == dev->next_avail)
        return 0;
    *head = *u16_at(dev->avail, RING_ENTRIES + 2u * (dev->next_avail & (dev->size - 1u)));
    dev->next_avail++;
    return 1;
}

unsigned fake_device_chain(const struct fake_device *dev, uint16_t head, struct virtq_buf *out,
                           unsigned max)
{
    unsigned n = 0;
    uint16_t index = head;

    while (n < max) {
        const struct virtq_desc *d = &dev->desc[index];

        out[n].phys = d->addr;
        out[n].len = d->len;
        out[n].device_writes = (d->flags & VIRTQ_DESC_F_WRITE) != 0;
        n++;
        if ((d->flags & VIRTQ_DESC_F_NEXT) == 0)
            break;
        index = d->next;
    }
    return n;
}

bool fake_device_complete(struct fake_device *dev, uint16_t head, uint32_t written)
{
    uint16_t old = dev->used_idx;

    fake_device_put_used(dev, old & (dev->size - 1u), head, written);
    dev->used_idx++;
    /* Store-release; partner: the load-acquire of used->idx in virtq_get_used. */
    __atomic_store_n(u16_at(dev->used, RING_IDX), dev->used_idx, __ATOMIC_RELEASE);
    /* Full fence; partner: the fence in virtq_arm_interrupt. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (dev->event_idx) {
        uint16_t event = __atomic_load_n(u16_at(dev->avail, RING_ENTRIES + 2u * dev->size),
                                         __ATOMIC_RELAXED);
        return virtq_need_event(event, dev->used_idx, old);
    }
    return (__atomic_load_n(u16_at(dev->avail, RING_FLAGS), __ATOMIC_RELAXED) &
            VIRTQ_AVAIL_F_NO_INTERRUPT) == 0;
}

void fake_device_set_notify(struct fake_device *dev, bool wanted)
{
    if (dev->event_idx)
        __atomic_store_n(u16_at(dev->used, RING_ENTRIES + 8u * dev->size),
                         wanted ? dev->next_avail : (uint16_t)(dev->next_avail - 1u),
                         __ATOMIC_RELAXED);
    else
        __atomic_store_n(u16_at(dev->used, RING_FLAGS), wanted ? 0 : VIRTQ_USED_F_NO_NOTIFY,
                         __ATOMIC_RELAXED);
    /* Full fence; partner: the fence in virtq_publish. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void fake_device_put_used(struct fake_device *dev, uint16_t slot, uint32_t id, uint32_t len)
{
    struct virtq_used_elem *e = (struct virtq_used_elem *)(void *)(dev->used + RING_ENTRIES + 8u * slot);

    __atomic_store_n(&e->id, id, __ATOMIC_RELAXED);
    __atomic_store_n(&e->len, len, __ATOMIC_RELAXED);
}

void fake_device_set_used_idx(struct fake_device *dev, uint16_t idx)
{
    __atomic_store_n(u16_at(dev->used, RING_IDX), idx, __ATOMIC_RELEASE);
}
