/* Split virtqueue, driver side: descriptor free list in private memory, chain
 * publication with release ordering, notification and interrupt suppression
 * (flags or event idx), and the one check of what the device hands back. */

#include <mica/abi/errno.h>
#include <mica/virtq.h>

/* Offsets inside the avail and used areas (virtio 1.x, 2.7.6 and 2.7.8). */
#define RING_FLAGS 0u
#define RING_IDX 2u
#define RING_ENTRIES 4u

static uint16_t *avail_field(struct virtq *q, size_t offset)
{
    return (uint16_t *)(void *)(q->avail + offset);
}

static uint16_t *avail_entry(struct virtq *q, uint16_t slot)
{
    return avail_field(q, RING_ENTRIES + 2u * slot);
}

/* used_event lives after the avail ring; avail_event after the used ring. */
static uint16_t *used_event(struct virtq *q)
{
    return avail_field(q, RING_ENTRIES + 2u * q->size);
}

static uint16_t *used_field(struct virtq *q, size_t offset)
{
    return (uint16_t *)(void *)(q->used + offset);
}

static struct virtq_used_elem *used_entry(struct virtq *q, uint16_t slot)
{
    return (struct virtq_used_elem *)(void *)(q->used + RING_ENTRIES + 8u * slot);
}

static uint16_t *avail_event(struct virtq *q)
{
    return used_field(q, RING_ENTRIES + 8u * q->size);
}

bool virtq_layout(uint16_t size, struct virtq_layout *layout)
{
    size_t avail_bytes, used_bytes;

    if (size == 0 || size > VIRTQ_MAX_SIZE || (size & (size - 1u)) != 0)
        return false;
    avail_bytes = RING_ENTRIES + 2u * size + 2u;
    used_bytes = RING_ENTRIES + 8u * size + 2u;
    layout->avail_offset = sizeof(struct virtq_desc) * size;
    layout->used_offset = (layout->avail_offset + avail_bytes + VIRTQ_USED_ALIGN - 1u) &
                          ~(size_t)(VIRTQ_USED_ALIGN - 1u);
    layout->total = layout->used_offset + used_bytes;
    return true;
}

int virtq_init(struct virtq *q, uint16_t size, bool event_idx, void *region, uint64_t region_phys,
               struct virtq_slot *slots)
{
    struct virtq_layout layout;
    uint8_t *bytes = region;

    if (!virtq_layout(size, &layout) || ((uintptr_t)region % VIRTQ_DESC_ALIGN) != 0 ||
        (region_phys % VIRTQ_DESC_ALIGN) != 0)
        return -MICA_EINVAL;
    for (size_t i = 0; i < layout.total; i++)
        bytes[i] = 0;
    q->size = size;
    q->event_idx = event_idx;
    q->broken = false;
    q->desc = region;
    q->avail = bytes + layout.avail_offset;
    q->used = bytes + layout.used_offset;
    q->desc_phys = region_phys;
    q->avail_phys = region_phys + layout.avail_offset;
    q->used_phys = region_phys + layout.used_offset;
    q->slots = slots;
    for (uint16_t i = 0; i < size; i++) {
        slots[i].token = 0;
        slots[i].device_writes = 0;
        slots[i].chain_len = 0;
        slots[i].next_free = (uint16_t)(i + 1u);
    }
    q->free_head = 0;
    q->num_free = size;
    q->avail_shadow = 0;
    q->published = 0;
    q->last_used = 0;
    /* Interrupts stay off until a waiter arms them. */
    *avail_field(q, RING_FLAGS) = event_idx ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT;
    *used_event(q) = (uint16_t)(q->last_used - 1u);
    return 0;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned count, uint64_t token)
{
    uint16_t head = q->free_head, index = head, last = head;
    uint32_t device_writes = 0;

    if (count == 0 || count > q->size)
        return -MICA_EINVAL;
    if (count > q->num_free)
        return -MICA_EAGAIN;
    for (unsigned i = 0; i < count; i++) {
        struct virtq_desc *d = &q->desc[index];

        d->addr = bufs[i].phys;
        d->len = bufs[i].len;
        d->flags = (uint16_t)((bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0u) |
                              (i + 1u < count ? VIRTQ_DESC_F_NEXT : 0u));
        d->next = q->slots[index].next_free;
        if (bufs[i].device_writes)
            device_writes += bufs[i].len;
        last = index;
        index = q->slots[index].next_free;
    }
    q->desc[last].next = 0;
    q->free_head = index;
    q->num_free = (uint16_t)(q->num_free - count);
    q->slots[head].token = token;
    q->slots[head].chain_len = (uint16_t)count;
    q->slots[head].device_writes = device_writes;
    *avail_entry(q, q->avail_shadow & (q->size - 1u)) = head;
    q->avail_shadow++;
    return 0;
}

bool virtq_publish(struct virtq *q)
{
    uint16_t old = q->published, now = q->avail_shadow;

    /* Store-release: descriptors and avail entries are visible before the new
     * index. Partner: the device's load-acquire of avail->idx (in the host
     * tests, fake_device_next_avail). */
    __atomic_store_n(avail_field(q, RING_IDX), now, __ATOMIC_RELEASE);
    q->published = now;
    /* Full fence: our idx store must be ordered before reading the device's
     * suppression word. Partner: the fence the device puts between writing
     * avail_event / used flags and re-reading avail->idx (fake_device_set_notify). */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (q->event_idx)
        return virtq_need_event(__atomic_load_n(avail_event(q), __ATOMIC_RELAXED), now, old);
    return (__atomic_load_n(used_field(q, RING_FLAGS), __ATOMIC_RELAXED) &
            VIRTQ_USED_F_NO_NOTIFY) == 0;
}

/* The boundary for device-written data: used idx, id and len are checked
 * against private state before anything is trusted. */
static int decode_used(struct virtq *q, uint16_t used_idx, struct virtq_used_elem elem,
                       uint64_t *token, uint32_t *written)
{
    struct virtq_slot *head;
    uint16_t outstanding = (uint16_t)(q->published - q->last_used);

    if ((uint16_t)(used_idx - q->last_used) > outstanding || elem.id >= q->size)
        return -MICA_EPROTO;
    head = &q->slots[elem.id];
    if (head->chain_len == 0 || elem.len > head->device_writes)
        return -MICA_EPROTO;
    *token = head->token;
    *written = elem.len;
    return 0;
}

static void free_chain(struct virtq *q, uint16_t head)
{
    struct virtq_slot *slot = &q->slots[head];
    uint16_t count = slot->chain_len, index = head;

    /* Walk the private next_free links set in virtq_add, never desc[].next,
     * which the device could have rewritten. */
    for (uint16_t i = 1; i < count; i++)
        index = q->slots[index].next_free;
    q->slots[index].next_free = q->free_head;
    q->free_head = head;
    q->num_free = (uint16_t)(q->num_free + count);
    slot->chain_len = 0;
    slot->device_writes = 0;
}

int virtq_get_used(struct virtq *q, uint64_t *token, uint32_t *written)
{
    struct virtq_used_elem elem, *shared;
    uint16_t used_idx;
    int err;

    if (q->broken)
        return -MICA_EPROTO;
    /* Load-acquire: the used element is read only after the index that
     * covers it. Partner: the device's store-release of used->idx
     * (fake_device_complete in the host tests). */
    used_idx = __atomic_load_n(used_field(q, RING_IDX), __ATOMIC_ACQUIRE);
    if (used_idx == q->last_used)
        return 0;
    /* Copy once: the device cannot change the entry between check and use. */
    shared = used_entry(q, q->last_used & (q->size - 1u));
    elem.id = __atomic_load_n(&shared->id, __ATOMIC_RELAXED);
    elem.len = __atomic_load_n(&shared->len, __ATOMIC_RELAXED);
    err = decode_used(q, used_idx, elem, token, written);
    if (err != 0) {
        q->broken = true;
        return err;
    }
    free_chain(q, (uint16_t)elem.id);
    q->last_used++;
    return 1;
}

bool virtq_used_pending(struct virtq *q)
{
    /* Load-acquire as in virtq_get_used: an entry seen here is readable there. */
    return q->broken || __atomic_load_n(used_field(q, RING_IDX), __ATOMIC_ACQUIRE) != q->last_used;
}

bool virtq_arm_interrupt(struct virtq *q)
{
    if (q->event_idx)
        __atomic_store_n(used_event(q), q->last_used, __ATOMIC_RELAXED);
    else
        __atomic_store_n(avail_field(q, RING_FLAGS), 0, __ATOMIC_RELAXED);
    /* Full fence: the request is visible before we look at used->idx again.
     * Partner: the fence the device puts between writing used->idx and
     * reading used_event / avail flags (fake_device_complete). */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return __atomic_load_n(used_field(q, RING_IDX), __ATOMIC_ACQUIRE) == q->last_used;
}

void virtq_disarm_interrupt(struct virtq *q)
{
    if (!q->event_idx)
        __atomic_store_n(avail_field(q, RING_FLAGS), VIRTQ_AVAIL_F_NO_INTERRUPT, __ATOMIC_RELAXED);
    /* With event idx, the stale used_event simply never matches again soon;
     * virtio allows spurious interrupts, and waiters re-check the ring. */
}
