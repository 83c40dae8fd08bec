/* Single-producer/single-consumer ring in memory shared by two processes that
 * do not trust each other: the block queued path's submission and completion
 * rings. Layout, memory-ordering pairs and the wakeup protocol: docs/rings.md. */

#ifndef MICA_SPSC_RING_H
#define MICA_SPSC_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPSC_RING_CACHE_LINE 64
#define SPSC_RING_MAGIC 0x474e5252u /* "RRNG" in little-endian memory */
#define SPSC_RING_VERSION 1u
/* Limits keep every index difference and region size far from overflow. */
#define SPSC_RING_MAX_CAPACITY (1u << 20)
#define SPSC_RING_MAX_ENTRY_SIZE 4096u
/* Entries stay 8-byte aligned, so u64 fields in them need no unaligned access. */
#define SPSC_RING_ENTRY_ALIGN 8u

/*
 * The shared header. Indices are free-running u32 counts (never masked in
 * memory); slot = index & (capacity - 1). Each index lives on a cache line
 * written by one side only, so the two sides do not fight over a line.
 */
struct spsc_ring_shared {
    /* Written by the producer; read by the consumer. */
    _Alignas(SPSC_RING_CACHE_LINE) _Atomic uint32_t producer_index;
    /* Set by the producer when it sleeps on a full ring; cleared by whichever
     * side sees it first once space exists. */
    _Atomic uint32_t producer_wants_space;

    /* Written by the consumer; read by the producer. */
    _Alignas(SPSC_RING_CACHE_LINE) _Atomic uint32_t consumer_index;
    /* Set by the consumer when it sleeps on an empty ring; cleared by whichever
     * side sees it first once data exists. */
    _Atomic uint32_t consumer_wants_data;

    /* Written once by spsc_ring_init, before the region is shared. */
    _Alignas(SPSC_RING_CACHE_LINE) uint32_t magic;
    uint32_t version;
    uint32_t capacity;   /* entries; a power of two */
    uint32_t entry_size; /* bytes; a multiple of SPSC_RING_ENTRY_ALIGN */

    /* The entries follow the header, capacity * entry_size bytes. */
    _Alignas(SPSC_RING_CACHE_LINE) uint8_t entries[];
};

_Static_assert(offsetof(struct spsc_ring_shared, producer_index) == 0, "producer line");
_Static_assert(offsetof(struct spsc_ring_shared, consumer_index) == SPSC_RING_CACHE_LINE,
               "consumer line");
_Static_assert(offsetof(struct spsc_ring_shared, magic) == 2 * SPSC_RING_CACHE_LINE,
               "geometry line");
_Static_assert(offsetof(struct spsc_ring_shared, entries) == 3 * SPSC_RING_CACHE_LINE,
               "entries start");
_Static_assert(sizeof(struct spsc_ring_shared) == 3 * SPSC_RING_CACHE_LINE, "header size");

#define SPSC_RING_HEADER_SIZE (sizeof(struct spsc_ring_shared))

/* What spsc_ring_validate found; safe to use because it was checked. */
struct spsc_ring_layout {
    uint32_t capacity;
    uint32_t entry_size;
    uint32_t producer_index;
    uint32_t consumer_index;
};

/* One side's private view. Geometry is copied here when attaching, so a peer
 * that rewrites the shared header later cannot move our accesses. */
struct spsc_ring_view {
    struct spsc_ring_shared *shared;
    uint32_t capacity;
    uint32_t entry_size;
    /* Sticky: once the peer has published an impossible index, every later
     * call fails with -MICA_EPROTO instead of trusting it again. */
    bool peer_broke_protocol;
};

struct spsc_producer {
    struct spsc_ring_view ring;
    uint32_t produced;      /* master copy of producer_index; never re-read */
    uint32_t seen_consumed; /* last checked consumer_index; refreshed when full */
};

struct spsc_consumer {
    struct spsc_ring_view ring;
    uint32_t consumed;      /* master copy of consumer_index; never re-read */
    uint32_t seen_produced; /* last checked producer_index; refreshed when empty */
};

/* Bytes a region needs for this geometry, or 0 if the geometry is invalid. */
size_t spsc_ring_region_size(uint32_t capacity, uint32_t entry_size);

/* Formats a region the caller owns (before sharing it): empty ring, no
 * notification requested. Returns 0 or -MICA_EINVAL. */
int spsc_ring_init(void *region, size_t region_size, uint32_t capacity, uint32_t entry_size);

/* The trust boundary for a region a peer may have written: magic, version,
 * capacity a power of two within limits, entry size within limits, entries
 * inside region_size, indices no further apart than capacity. Returns 0 and
 * fills *layout, or -MICA_EINVAL / -MICA_EPROTO. */
int spsc_ring_validate(const void *region, size_t region_size, struct spsc_ring_layout *layout);

/* Validate, then take one role. expected_entry_size guards against a peer
 * that formatted the ring for a different record type. */
int spsc_producer_attach(struct spsc_producer *producer, void *region, size_t region_size,
                         uint32_t expected_entry_size);
int spsc_consumer_attach(struct spsc_consumer *consumer, void *region, size_t region_size,
                         uint32_t expected_entry_size);

/* Copies entry_size bytes in and publishes them. 0, or -MICA_EAGAIN when the
 * ring is full (nothing written), or -MICA_EPROTO. */
int spsc_ring_try_push(struct spsc_producer *producer, const void *entry);
/* Where the entry of position `index` lies, for entries of entry_size
 * bytes (the ring's own, or a caller's constant equal to it). */
static inline uint8_t *spsc_ring_slot(const struct spsc_ring_view *ring, uint32_t index, size_t entry_size)
{
    return ring->shared->entries + (size_t)(index & (ring->capacity - 1)) * entry_size;
}

/* For a producer that writes a run of entries in place and publishes them
 * once: the free slots by the last look at the consumer's index (0 for a
 * broken ring, or one that looks full: try_push decides those). Entry k of
 * the run goes to spsc_ring_slot(ring, produced + k, ...). */
static inline uint32_t spsc_ring_room_fast(const struct spsc_producer *producer)
{
    if (__builtin_expect(producer->ring.peer_broke_protocol, 0))
        return 0;
    return producer->ring.capacity - (producer->produced - producer->seen_consumed);
}

/* Publishes the n entries written after what was produced (n within what
 * spsc_ring_room_fast gave): one store-release. */
static inline void spsc_ring_publish_fast(struct spsc_producer *producer, uint32_t n)
{
    producer->produced += n;
    atomic_store_explicit(&producer->ring.shared->producer_index, producer->produced,
                          memory_order_release);
}

/* Consumer: true when the ring holds nothing by a fresh look at the
 * producer's index (a load-acquire, as the pops make), so an empty poll
 * costs no call; false when it holds entries or is broken (the next pop
 * says which). */
static inline bool spsc_ring_empty_fast(const struct spsc_consumer *consumer)
{
    if (consumer->seen_produced != consumer->consumed || consumer->ring.peer_broke_protocol)
        return false;
    return atomic_load_explicit(&consumer->ring.shared->producer_index, memory_order_acquire) ==
           consumer->consumed;
}

/* try_push's common case made inline for a hot path, for callers that
 * know the entry size they attached with (entry_size, a constant there, so
 * the copy is a few word stores; the entry 8-byte aligned): written and
 * published in place while the ring has room by the last look at the
 * consumer's index. False, with nothing written, for a ring that looks
 * full or is broken: try_push decides those. No call on its way, so a
 * caller's fast path can stay a leaf. */
static inline bool spsc_ring_push_sized_fast(struct spsc_producer *producer, const void *entry,
                                             size_t entry_size)
{
    if (__builtin_expect(spsc_ring_room_fast(producer) == 0, 0))
        return false;
    typedef uint64_t __attribute__((may_alias)) word;
    const word *from = entry;
    word *to = (word *)(void *)spsc_ring_slot(&producer->ring, producer->produced, entry_size);
    for (size_t i = 0; i < entry_size / sizeof(word); i++)
        to[i] = from[i];
    /* As in try_push: publishes the entry written above. */
    spsc_ring_publish_fast(producer, 1);
    return true;
}

/* try_push made inline for a hot path: the fast case above, else try_push. */
static inline int spsc_ring_push_sized(struct spsc_producer *producer, const void *entry,
                                       size_t entry_size)
{
    if (spsc_ring_push_sized_fast(producer, entry, entry_size))
        return 0;
    return spsc_ring_try_push(producer, entry);
}
/* Copies the oldest entry out and frees its slot. 0, or -MICA_EAGAIN when
 * empty, or -MICA_EPROTO. The copy is private: decode it, not the slot. */
int spsc_ring_try_pop(struct spsc_consumer *consumer, void *entry);
/* Batches: one index publication (one store-release) for the whole batch.
 * push_batch copies in and publishes the first n of `count` entries that fit
 * and returns n (0 when full); pop_batch copies out up to `max` of the oldest
 * entries, frees their slots and returns how many (0 when empty). Entries
 * are entry_size bytes each, back to back. Or -MICA_EPROTO. */
int spsc_ring_push_batch(struct spsc_producer *producer, const void *entries, uint32_t count);
int spsc_ring_pop_batch(struct spsc_consumer *consumer, void *entries, uint32_t max);
/* In place: the slots of n entries, back to back in at most two runs (the
 * second from the ring's start, after the wrap). */
struct spsc_span {
    uint8_t *run[2];
    uint32_t count[2];
};
/* Producer: up to `count` free slots to write in place, then publish:
 * returns n (0 when full) and their span, or -MICA_EPROTO. */
int spsc_ring_reserve_span(struct spsc_producer *producer, uint32_t count, struct spsc_span *span);
/* Publishes the first n of the slots reserve_span gave (one store-release). */
void spsc_ring_publish(struct spsc_producer *producer, uint32_t n);
/* Consumer: up to `max` of the oldest entries in place, nothing copied and
 * nothing freed: returns n (0 when empty) and their span, or -MICA_EPROTO.
 * The producer can still write those slots (a hostile one would), so the
 * caller reads each entry exactly once, into private memory, and decodes
 * only that copy. */
int spsc_ring_peek_span(struct spsc_consumer *consumer, uint32_t max, struct spsc_span *span);
/* Frees the n oldest entries (at most what peek_span gave) when the
 * caller has read them: one store-release. */
void spsc_ring_release(struct spsc_consumer *consumer, uint32_t n);
/* Like try_pop without freeing the slot. */
int spsc_ring_peek(struct spsc_consumer *consumer, void *entry);
/* Entries ready for the consumer, or -MICA_EPROTO. */
int spsc_ring_count(struct spsc_consumer *consumer);
/* Free slots for the producer, or -MICA_EPROTO. */
int spsc_ring_free_space(struct spsc_producer *producer);

/*
 * Notifications (docs/rings.md): a side about to sleep arms its flag, and
 * sleeps only if the arm call returns true; the other side, after a batch of
 * pushes or pops, asks whether a notification is needed and sends one only
 * then. Each arm/needed pair is a store -> full fence -> load handshake, so
 * one of the two always sees the other and no wakeup is lost.
 */
/* Producer, after pushing: true if the consumer asked to be woken (the flag
 * is consumed: the caller must now signal). */
bool spsc_ring_consumer_notify_needed(struct spsc_producer *producer);
/* Consumer, after popping: true if the producer asked to be woken. */
bool spsc_ring_producer_notify_needed(struct spsc_consumer *consumer);
/* Consumer, on an empty ring: true if still empty after asking, so sleeping
 * is safe; false if data arrived meanwhile (request withdrawn) or the ring is
 * broken (the next pop reports it). */
bool spsc_ring_arm_data_notification(struct spsc_consumer *consumer);
/* Producer, on a full ring: true if still full after asking. */
bool spsc_ring_arm_space_notification(struct spsc_producer *producer);
/* Consumer: true while the data notification it armed is still asked for
 * (the producer has not taken it) and the ring is still empty, so nothing
 * can come before the producer's signal; false otherwise, and for a broken
 * ring (the next call that reads it reports that). Arms and takes nothing. */
bool spsc_ring_armed_and_empty(struct spsc_consumer *consumer);

#endif
