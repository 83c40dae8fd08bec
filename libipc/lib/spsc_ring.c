/* SPSC ring operations. Each side keeps its own index privately and trusts
 * nothing it reads back from shared memory: the peer's index is checked on
 * every load, and the geometry was checked once by spsc_ring_validate. */

#include <mica/abi/errno.h>
#include <mica/spsc_ring.h>

_Static_assert((uint64_t)SPSC_RING_MAX_CAPACITY * SPSC_RING_MAX_ENTRY_SIZE <=
                   SIZE_MAX - SPSC_RING_HEADER_SIZE,
               "a region size always fits in size_t");
_Static_assert(SPSC_RING_MAX_CAPACITY <= (uint32_t)INT32_MAX, "counts are returned as int");

static bool is_power_of_two(uint32_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

/* The one rule for indices: the producer is never behind the consumer and
 * never more than a full ring ahead (u32 wrap-around is fine). */
static bool indices_consistent(uint32_t producer_index, uint32_t consumer_index, uint32_t capacity)
{
    return (uint32_t)(producer_index - consumer_index) <= capacity;
}

static bool geometry_valid(uint32_t capacity, uint32_t entry_size)
{
    return is_power_of_two(capacity) && capacity <= SPSC_RING_MAX_CAPACITY && entry_size != 0 &&
           entry_size <= SPSC_RING_MAX_ENTRY_SIZE && entry_size % SPSC_RING_ENTRY_ALIGN == 0;
}

size_t spsc_ring_region_size(uint32_t capacity, uint32_t entry_size)
{
    if (!geometry_valid(capacity, entry_size))
        return 0;
    return SPSC_RING_HEADER_SIZE + (size_t)capacity * entry_size;
}

static bool region_aligned(const void *region)
{
    return (uintptr_t)region % SPSC_RING_CACHE_LINE == 0;
}

int spsc_ring_init(void *region, size_t region_size, uint32_t capacity, uint32_t entry_size)
{
    size_t needed = spsc_ring_region_size(capacity, entry_size);
    struct spsc_ring_shared *shared = region;

    if (needed == 0 || region_size < needed || !region_aligned(region))
        return -MICA_EINVAL;

    atomic_store_explicit(&shared->producer_index, 0, memory_order_relaxed);
    atomic_store_explicit(&shared->producer_wants_space, 0, memory_order_relaxed);
    atomic_store_explicit(&shared->consumer_index, 0, memory_order_relaxed);
    atomic_store_explicit(&shared->consumer_wants_data, 0, memory_order_relaxed);
    shared->magic = SPSC_RING_MAGIC;
    shared->version = SPSC_RING_VERSION;
    shared->capacity = capacity;
    shared->entry_size = entry_size;
    /* Handing the region to the peer (an IPC call) orders these stores. */
    return 0;
}

/* Each field is read exactly once: the peer may be rewriting the header while
 * we look, and a value checked must be the value used. */
static uint32_t read_once(const uint32_t *field)
{
    return *(const volatile uint32_t *)field;
}

int spsc_ring_validate(const void *region, size_t region_size, struct spsc_ring_layout *layout)
{
    const struct spsc_ring_shared *shared = region;

    if (region == NULL || !region_aligned(region) || region_size < SPSC_RING_HEADER_SIZE)
        return -MICA_EINVAL;

    uint32_t magic = read_once(&shared->magic);
    uint32_t version = read_once(&shared->version);
    uint32_t capacity = read_once(&shared->capacity);
    uint32_t entry_size = read_once(&shared->entry_size);

    if (magic != SPSC_RING_MAGIC || version != SPSC_RING_VERSION)
        return -MICA_EINVAL;
    size_t needed = spsc_ring_region_size(capacity, entry_size);
    if (needed == 0 || needed > region_size)
        return -MICA_EINVAL;

    /* Relaxed: attaching only needs a consistent snapshot; ordering with the
     * entries comes from the acquire loads done by every later operation. */
    uint32_t producer_index =
        atomic_load_explicit(&((struct spsc_ring_shared *)shared)->producer_index, memory_order_relaxed);
    uint32_t consumer_index =
        atomic_load_explicit(&((struct spsc_ring_shared *)shared)->consumer_index, memory_order_relaxed);
    if (!indices_consistent(producer_index, consumer_index, capacity))
        return -MICA_EPROTO;

    layout->capacity = capacity;
    layout->entry_size = entry_size;
    layout->producer_index = producer_index;
    layout->consumer_index = consumer_index;
    return 0;
}

static int attach_view(struct spsc_ring_view *view, void *region, size_t region_size,
                       uint32_t expected_entry_size, struct spsc_ring_layout *layout)
{
    int err = spsc_ring_validate(region, region_size, layout);

    if (err < 0)
        return err;
    if (layout->entry_size != expected_entry_size)
        return -MICA_EINVAL;
    view->shared = region;
    view->capacity = layout->capacity;
    view->entry_size = layout->entry_size;
    view->peer_broke_protocol = false;
    return 0;
}

int spsc_producer_attach(struct spsc_producer *producer, void *region, size_t region_size,
                         uint32_t expected_entry_size)
{
    struct spsc_ring_layout layout;
    int err = attach_view(&producer->ring, region, region_size, expected_entry_size, &layout);

    if (err < 0)
        return err;
    producer->produced = layout.producer_index;
    producer->seen_consumed = layout.consumer_index;
    return 0;
}

int spsc_consumer_attach(struct spsc_consumer *consumer, void *region, size_t region_size,
                         uint32_t expected_entry_size)
{
    struct spsc_ring_layout layout;
    int err = attach_view(&consumer->ring, region, region_size, expected_entry_size, &layout);

    if (err < 0)
        return err;
    consumer->consumed = layout.consumer_index;
    consumer->seen_produced = layout.producer_index;
    return 0;
}

/* Load-acquire of producer_index; partner: the store-release in
 * spsc_ring_try_push. After it, the entries up to the loaded index are
 * visible. Returns false, and breaks the ring, if the index is impossible. */
static bool refresh_seen_produced(struct spsc_consumer *consumer)
{
    struct spsc_ring_view *ring = &consumer->ring;
    uint32_t produced = atomic_load_explicit(&ring->shared->producer_index, memory_order_acquire);

    if (!indices_consistent(produced, consumer->consumed, ring->capacity)) {
        ring->peer_broke_protocol = true;
        return false;
    }
    consumer->seen_produced = produced;
    return true;
}

/* Load-acquire of consumer_index; partner: the store-release in
 * spsc_ring_try_pop. After it, the consumer has finished reading every slot
 * below the loaded index, so the producer may overwrite them. */
static bool refresh_seen_consumed(struct spsc_producer *producer)
{
    struct spsc_ring_view *ring = &producer->ring;
    uint32_t consumed = atomic_load_explicit(&ring->shared->consumer_index, memory_order_acquire);

    if (!indices_consistent(producer->produced, consumed, ring->capacity)) {
        ring->peer_broke_protocol = true;
        return false;
    }
    producer->seen_consumed = consumed;
    return true;
}

static uint8_t *slot_address(const struct spsc_ring_view *ring, uint32_t index)
{
    return spsc_ring_slot(ring, index, ring->entry_size);
}

/* A plain loop rather than memcpy: the library must not depend on a C library.
 * Slots are 8-byte aligned, so whole words are used when the caller's buffer
 * is aligned too. */
static inline void copy_entry(void *dst, const void *src, size_t size)
{
    if ((uintptr_t)dst % SPSC_RING_ENTRY_ALIGN == 0 && (uintptr_t)src % SPSC_RING_ENTRY_ALIGN == 0) {
        uint64_t *d = dst;
        const uint64_t *s = src;
        /* One entry of two words (a block completion): no loop at all. */
        if (size == 2 * sizeof(uint64_t)) {
            uint64_t w0 = s[0], w1 = s[1];
            d[0] = w0;
            d[1] = w1;
            return;
        }
        size_t words = size / sizeof(uint64_t), i = 0;
        /* Four words a turn: a batch of small entries is mostly loop overhead otherwise. */
        for (; i + 4 <= words; i += 4) {
            uint64_t w0 = s[i], w1 = s[i + 1], w2 = s[i + 2], w3 = s[i + 3];
            d[i] = w0;
            d[i + 1] = w1;
            d[i + 2] = w2;
            d[i + 3] = w3;
        }
        for (; i < words; i++)
            d[i] = s[i];
    } else {
        uint8_t *d = dst;
        const uint8_t *s = src;
        for (size_t i = 0; i < size; i++)
            d[i] = s[i];
    }
}

/* The slots of n entries from ring index `first`: at most two runs, since
 * the slots wrap around once at most. Slot addresses come from private
 * geometry only, like slot_address. */
static void span_of(const struct spsc_ring_view *ring, uint32_t first, uint32_t n, struct spsc_span *span)
{
    uint32_t slot = first & (ring->capacity - 1);
    uint32_t before_wrap = ring->capacity - slot < n ? ring->capacity - slot : n;
    span->run[0] = slot_address(ring, first);
    span->count[0] = before_wrap;
    span->run[1] = ring->shared->entries;
    span->count[1] = n - before_wrap;
}

int spsc_ring_try_push(struct spsc_producer *producer, const void *entry)
{
    struct spsc_ring_view *ring = &producer->ring;

    if (ring->peer_broke_protocol)
        return -MICA_EPROTO;
    if (producer->produced - producer->seen_consumed == ring->capacity) {
        if (!refresh_seen_consumed(producer))
            return -MICA_EPROTO;
        if (producer->produced - producer->seen_consumed == ring->capacity)
            return -MICA_EAGAIN;
    }

    copy_entry(slot_address(ring, producer->produced), entry, ring->entry_size);
    producer->produced++;
    /* Store-release of producer_index; partner: the load-acquire in
     * refresh_seen_produced. Publishes the entry written above. */
    atomic_store_explicit(&ring->shared->producer_index, producer->produced, memory_order_release);
    return 0;
}

static int read_oldest(struct spsc_consumer *consumer, void *entry)
{
    struct spsc_ring_view *ring = &consumer->ring;

    if (ring->peer_broke_protocol)
        return -MICA_EPROTO;
    if (consumer->seen_produced == consumer->consumed) {
        if (!refresh_seen_produced(consumer))
            return -MICA_EPROTO;
        if (consumer->seen_produced == consumer->consumed)
            return -MICA_EAGAIN;
    }
    copy_entry(entry, slot_address(ring, consumer->consumed), ring->entry_size);
    return 0;
}

int spsc_ring_try_pop(struct spsc_consumer *consumer, void *entry)
{
    int err = read_oldest(consumer, entry);

    if (err < 0)
        return err;
    consumer->consumed++;
    /* Store-release of consumer_index; partner: the load-acquire in
     * refresh_seen_consumed. The slot was copied out above, before the
     * producer can see it as free. */
    atomic_store_explicit(&consumer->ring.shared->consumer_index, consumer->consumed,
                          memory_order_release);
    return 0;
}

/* Spans (spsc_ring.h): the batches below are these plus a copy. */
static inline int reserve_span(struct spsc_producer *producer, uint32_t count, struct spsc_span *span)
{
    struct spsc_ring_view *ring = &producer->ring;

    if (ring->peer_broke_protocol)
        return -MICA_EPROTO;
    uint32_t free = ring->capacity - (producer->produced - producer->seen_consumed);
    if (free < count) {
        if (!refresh_seen_consumed(producer))
            return -MICA_EPROTO;
        free = ring->capacity - (producer->produced - producer->seen_consumed);
    }
    uint32_t n = free < count ? free : count;
    span_of(ring, producer->produced, n, span);
    return (int)n;
}

static inline void publish(struct spsc_producer *producer, uint32_t n)
{
    struct spsc_ring_view *ring = &producer->ring;
    uint32_t free = ring->capacity - (producer->produced - producer->seen_consumed);
    producer->produced += n < free ? n : free;
    /* Store-release of producer_index; partner: the load-acquire in
     * refresh_seen_produced. Publishes the slots written in place. */
    atomic_store_explicit(&ring->shared->producer_index, producer->produced, memory_order_release);
}

static inline int peek_span(struct spsc_consumer *consumer, uint32_t max, struct spsc_span *span)
{
    struct spsc_ring_view *ring = &consumer->ring;

    if (ring->peer_broke_protocol)
        return -MICA_EPROTO;
    uint32_t ready = consumer->seen_produced - consumer->consumed;
    if (ready < max) {
        if (!refresh_seen_produced(consumer))
            return -MICA_EPROTO;
        ready = consumer->seen_produced - consumer->consumed;
    }
    uint32_t n = ready < max ? ready : max;
    span_of(ring, consumer->consumed, n, span);
    return (int)n;
}

static inline void release(struct spsc_consumer *consumer, uint32_t n)
{
    uint32_t ready = consumer->seen_produced - consumer->consumed;
    consumer->consumed += n < ready ? n : ready;
    /* Store-release of consumer_index; partner: the load-acquire in
     * refresh_seen_consumed. The caller has read the slots in place, before
     * the producer can see them as free. */
    atomic_store_explicit(&consumer->ring.shared->consumer_index, consumer->consumed,
                          memory_order_release);
}

int spsc_ring_reserve_span(struct spsc_producer *producer, uint32_t count, struct spsc_span *span)
{
    return reserve_span(producer, count, span);
}

void spsc_ring_publish(struct spsc_producer *producer, uint32_t n)
{
    publish(producer, n);
}

int spsc_ring_peek_span(struct spsc_consumer *consumer, uint32_t max, struct spsc_span *span)
{
    return peek_span(consumer, max, span);
}

void spsc_ring_release(struct spsc_consumer *consumer, uint32_t n)
{
    release(consumer, n);
}

/* A batch is a span copied: reserve, copy in, publish; peek, copy out,
 * release. One index store for the whole batch either way. */
int spsc_ring_push_batch(struct spsc_producer *producer, const void *entries, uint32_t count)
{
    struct spsc_span span;
    int n = reserve_span(producer, count, &span);
    if (n <= 0)
        return n;
    size_t head = (size_t)span.count[0] * producer->ring.entry_size;
    copy_entry(span.run[0], entries, head);
    if (span.count[1]) /* the part past the wrap, mostly none */
        copy_entry(span.run[1], (const uint8_t *)entries + head, (size_t)span.count[1] * producer->ring.entry_size);
    publish(producer, (uint32_t)n);
    return n;
}

int spsc_ring_pop_batch(struct spsc_consumer *consumer, void *entries, uint32_t max)
{
    struct spsc_span span;
    int n = peek_span(consumer, max, &span);
    if (n <= 0)
        return n;
    size_t head = (size_t)span.count[0] * consumer->ring.entry_size;
    copy_entry(entries, span.run[0], head);
    if (span.count[1]) /* the part past the wrap, mostly none */
        copy_entry((uint8_t *)entries + head, span.run[1], (size_t)span.count[1] * consumer->ring.entry_size);
    release(consumer, (uint32_t)n);
    return n;
}

int spsc_ring_peek(struct spsc_consumer *consumer, void *entry)
{
    return read_oldest(consumer, entry);
}

int spsc_ring_count(struct spsc_consumer *consumer)
{
    if (consumer->ring.peer_broke_protocol || !refresh_seen_produced(consumer))
        return -MICA_EPROTO;
    return (int)(consumer->seen_produced - consumer->consumed);
}

int spsc_ring_free_space(struct spsc_producer *producer)
{
    if (producer->ring.peer_broke_protocol || !refresh_seen_consumed(producer))
        return -MICA_EPROTO;
    return (int)(producer->ring.capacity - (producer->produced - producer->seen_consumed));
}

/* Take a wakeup request: only the side that clears a set flag signals, so one
 * request yields at most one notification from this side. */
static bool take_request(_Atomic uint32_t *flag)
{
    return atomic_load_explicit(flag, memory_order_relaxed) != 0 &&
           atomic_exchange_explicit(flag, 0, memory_order_relaxed) != 0;
}

bool spsc_ring_consumer_notify_needed(struct spsc_producer *producer)
{
    /* Full fence; partner: the fence in spsc_ring_arm_data_notification.
     * Orders our producer_index store before the consumer_wants_data load, so
     * either we see the request or the consumer sees our entries. */
    atomic_thread_fence(memory_order_seq_cst);
    return take_request(&producer->ring.shared->consumer_wants_data);
}

bool spsc_ring_producer_notify_needed(struct spsc_consumer *consumer)
{
    /* Full fence; partner: the fence in spsc_ring_arm_space_notification.
     * Orders our consumer_index store before the producer_wants_space load. */
    atomic_thread_fence(memory_order_seq_cst);
    return take_request(&consumer->ring.shared->producer_wants_space);
}

bool spsc_ring_arm_data_notification(struct spsc_consumer *consumer)
{
    struct spsc_ring_shared *shared = consumer->ring.shared;

    if (consumer->ring.peer_broke_protocol)
        return false;
    atomic_store_explicit(&shared->consumer_wants_data, 1, memory_order_relaxed);
    /* Full fence; partner: the fence in spsc_ring_consumer_notify_needed.
     * Orders the request store before the producer_index re-check. */
    atomic_thread_fence(memory_order_seq_cst);
    if (!refresh_seen_produced(consumer) || consumer->seen_produced != consumer->consumed) {
        /* Withdraw: a notification may still arrive; waiters tolerate that. */
        atomic_store_explicit(&shared->consumer_wants_data, 0, memory_order_relaxed);
        return false;
    }
    return true;
}

bool spsc_ring_armed_and_empty(struct spsc_consumer *consumer)
{
    /* The flag first: a producer that pushed and then took it has cleared
     * it, so a set flag read here means its signal is still to come for any
     * entry the index load below misses (the handshake's own fences order
     * the producer's side; this side changes nothing). */
    return !consumer->ring.peer_broke_protocol &&
           atomic_load_explicit(&consumer->ring.shared->consumer_wants_data, memory_order_acquire) != 0 &&
           refresh_seen_produced(consumer) && consumer->seen_produced == consumer->consumed;
}

bool spsc_ring_arm_space_notification(struct spsc_producer *producer)
{
    struct spsc_ring_shared *shared = producer->ring.shared;

    if (producer->ring.peer_broke_protocol)
        return false;
    atomic_store_explicit(&shared->producer_wants_space, 1, memory_order_relaxed);
    /* Full fence; partner: the fence in spsc_ring_producer_notify_needed.
     * Orders the request store before the consumer_index re-check. */
    atomic_thread_fence(memory_order_seq_cst);
    if (!refresh_seen_consumed(producer) ||
        producer->produced - producer->seen_consumed != producer->ring.capacity) {
        atomic_store_explicit(&shared->producer_wants_space, 0, memory_order_relaxed);
        return false;
    }
    return true;
}
