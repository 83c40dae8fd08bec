/* Host tests for libipc/lib/spsc_ring.c: geometry validation against hostile headers,
 * full/empty/wrap-around behaviour, batches, spans and the notification
 * handshake (two threads through small rings: spsc_ring_threads_test.c). */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <mica/blk_ring.h>
#include <mica/abi/errno.h>
#include <mica/spsc_ring.h>

#include "spsc_ring_test_util.h"

static void test_region_size(void **state)
{
    (void)state;
    assert_int_equal(spsc_ring_region_size(8, 32), SPSC_RING_HEADER_SIZE + 256);
    assert_int_equal(spsc_ring_region_size(1, 8), SPSC_RING_HEADER_SIZE + 8);
    assert_int_equal(spsc_ring_region_size(0, 32), 0);
    assert_int_equal(spsc_ring_region_size(12, 32), 0);
    assert_int_equal(spsc_ring_region_size(SPSC_RING_MAX_CAPACITY * 2, 8), 0);
    assert_int_equal(spsc_ring_region_size(8, 0), 0);
    assert_int_equal(spsc_ring_region_size(8, 12), 0);
    assert_int_equal(spsc_ring_region_size(8, SPSC_RING_MAX_ENTRY_SIZE + 8), 0);
}

static void test_init_rejects_small_or_misaligned_region(void **state)
{
    (void)state;
    size_t size = spsc_ring_region_size(8, 32);
    uint8_t *region = alloc_region(size + SPSC_RING_CACHE_LINE);

    assert_int_equal(spsc_ring_init(region, size - 1, 8, 32), -MICA_EINVAL);
    assert_int_equal(spsc_ring_init(region + 8, size, 8, 32), -MICA_EINVAL);
    assert_int_equal(spsc_ring_init(region, size, 8, 32), 0);
    free(region);
}

/* Each case corrupts one field of a valid header; validate must refuse it. */
static void test_validate_rejects_hostile_headers(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(16, 32, &size);
    struct spsc_ring_layout layout;
    struct spsc_consumer consumer;
    struct spsc_producer producer;

    assert_int_equal(spsc_ring_validate(shared, size, &layout), 0);
    assert_int_equal(layout.capacity, 16);
    assert_int_equal(layout.entry_size, 32);

    struct {
        uint32_t *field;
        uint32_t value;
        int expected;
    } cases[] = {
        { &shared->magic, SPSC_RING_MAGIC ^ 1, -MICA_EINVAL },
        { &shared->version, SPSC_RING_VERSION + 1, -MICA_EINVAL },
        { &shared->capacity, 0, -MICA_EINVAL },
        { &shared->capacity, 24, -MICA_EINVAL },
        { &shared->capacity, 32, -MICA_EINVAL },         /* twice the region */
        { &shared->capacity, 0x80000000u, -MICA_EINVAL }, /* region size overflow bait */
        { &shared->entry_size, 0, -MICA_EINVAL },
        { &shared->entry_size, 36, -MICA_EINVAL },
        { &shared->entry_size, 40, -MICA_EINVAL }, /* does not fit */
        { &shared->entry_size, 0xfffffff8u, -MICA_EINVAL },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t saved = *cases[i].field;
        *cases[i].field = cases[i].value;
        assert_int_equal(spsc_ring_validate(shared, size, &layout), cases[i].expected);
        assert_int_equal(spsc_consumer_attach(&consumer, shared, size, 32), cases[i].expected);
        assert_int_equal(spsc_producer_attach(&producer, shared, size, 32), cases[i].expected);
        *cases[i].field = saved;
    }

    /* Indices more than a ring apart, or the consumer ahead of the producer. */
    atomic_store(&shared->producer_index, 17);
    atomic_store(&shared->consumer_index, 0);
    assert_int_equal(spsc_ring_validate(shared, size, &layout), -MICA_EPROTO);
    atomic_store(&shared->producer_index, 5);
    atomic_store(&shared->consumer_index, 6);
    assert_int_equal(spsc_ring_validate(shared, size, &layout), -MICA_EPROTO);
    atomic_store(&shared->producer_index, 21);
    atomic_store(&shared->consumer_index, 5);
    assert_int_equal(spsc_ring_validate(shared, size, &layout), 0);

    /* A region one byte short of the entries, a misaligned one, none at all. */
    assert_int_equal(spsc_ring_validate(shared, size - 1, &layout), -MICA_EINVAL);
    assert_int_equal(spsc_ring_validate((uint8_t *)shared + 8, size - 8, &layout), -MICA_EINVAL);
    assert_int_equal(spsc_ring_validate(NULL, size, &layout), -MICA_EINVAL);
    assert_int_equal(spsc_ring_validate(shared, SPSC_RING_HEADER_SIZE - 1, &layout), -MICA_EINVAL);

    /* The peer formatted the ring for another record type. */
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, 16), -MICA_EINVAL);
    free(shared);
}

static void assert_submission_is(const struct blk_submission *got, uint64_t seq)
{
    struct blk_submission expected = submission_for(seq);

    assert_memory_equal(got, &expected, sizeof(expected));
}

static void test_fill_drain_and_report_full(void **state)
{
    (void)state;
    size_t size;
    void *region = make_ring(8, sizeof(struct blk_submission), &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct blk_submission entry;

    assert_int_equal(spsc_producer_attach(&producer, region, size, sizeof(entry)), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, region, size, sizeof(entry)), 0);

    for (int round = 0; round < 3; round++) {
        uint64_t base = (uint64_t)round * 100;

        assert_int_equal(spsc_ring_try_pop(&consumer, &entry), -MICA_EAGAIN);
        assert_int_equal(spsc_ring_count(&consumer), 0);
        assert_int_equal(spsc_ring_free_space(&producer), 8);
        for (uint64_t i = 0; i < 8; i++) {
            entry = submission_for(base + i);
            assert_int_equal(spsc_ring_try_push(&producer, &entry), 0);
        }
        entry = submission_for(999);
        assert_int_equal(spsc_ring_try_push(&producer, &entry), -MICA_EAGAIN);
        assert_int_equal(spsc_ring_free_space(&producer), 0);
        assert_int_equal(spsc_ring_count(&consumer), 8);

        assert_int_equal(spsc_ring_peek(&consumer, &entry), 0);
        assert_submission_is(&entry, base);
        assert_int_equal(spsc_ring_count(&consumer), 8);

        for (uint64_t i = 0; i < 8; i++) {
            assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
            assert_submission_is(&entry, base + i);
            if (i == 0) {
                /* One slot freed: the rejected push now fits. */
                assert_int_equal(spsc_ring_free_space(&producer), 1);
            }
        }
        assert_int_equal(spsc_ring_try_pop(&consumer, &entry), -MICA_EAGAIN);
        assert_int_equal(spsc_ring_peek(&consumer, &entry), -MICA_EAGAIN);
    }
    free(region);
}

/* spsc_ring_push_sized, the inline push of a known entry size: entries
 * round the wrap point read back in order, a full ring is -EAGAIN with
 * nothing written (the consumer's index is looked at again then, so freed
 * slots are found), and a consumer index that cannot be is -EPROTO, sticky. */
static void test_push_sized(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(4, sizeof(struct blk_completion), &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct blk_completion in, out;

    assert_int_equal(spsc_producer_attach(&producer, shared, size, sizeof in), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, sizeof out), 0);
    for (uint64_t i = 0; i < 10; i++) {
        in = (struct blk_completion){ .request_id = i, .status = -(int32_t)i, .bytes = 512u * (uint32_t)i };
        assert_int_equal(spsc_ring_push_sized(&producer, &in, sizeof in), 0);
        if (i % 3 == 2) /* now and then the ring is full: drain it */
            continue;
        assert_int_equal(spsc_ring_try_pop(&consumer, &out), 0);
        assert_true(out.request_id <= i);
    }
    while (spsc_ring_try_pop(&consumer, &out) == 0)
        ;
    for (uint64_t i = 0; i < 4; i++) {
        in = (struct blk_completion){ .request_id = 100 + i, .status = 0, .bytes = 4096 };
        assert_int_equal(spsc_ring_push_sized(&producer, &in, sizeof in), 0);
    }
    in.request_id = 999;
    assert_int_equal(spsc_ring_push_sized(&producer, &in, sizeof in), -MICA_EAGAIN);
    for (uint64_t i = 0; i < 4; i++) {
        assert_int_equal(spsc_ring_try_pop(&consumer, &out), 0);
        assert_true(out.request_id == 100 + i && out.status == 0 && out.bytes == 4096);
    }
    assert_int_equal(spsc_ring_push_sized(&producer, &in, sizeof in), 0);
    assert_int_equal(spsc_ring_try_pop(&consumer, &out), 0);
    assert_true(out.request_id == 999);

    /* Fill it, then a consumer index past the producer's. */
    for (uint64_t i = 0; i < 4; i++)
        assert_int_equal(spsc_ring_push_sized(&producer, &in, sizeof in), 0);
    atomic_store(&shared->consumer_index, atomic_load(&shared->producer_index) + 1);
    assert_int_equal(spsc_ring_push_sized(&producer, &in, sizeof in), -MICA_EPROTO);
    atomic_store(&shared->consumer_index, atomic_load(&shared->producer_index));
    assert_int_equal(spsc_ring_push_sized(&producer, &in, sizeof in), -MICA_EPROTO);
    free(shared);
}

/* Batches across the wrap point, partial batches on a full or nearly empty
 * ring, batches mixed with single pushes and pops, and hostile indices. */
static void test_batches(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(8, sizeof(struct blk_submission), &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct blk_submission in[12], out[12], one;

    assert_int_equal(spsc_producer_attach(&producer, shared, size, sizeof(one)), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, sizeof(one)), 0);
    uint64_t next_push = 0, next_pop = 0;
    for (int round = 0; round < 20; round++) {
        /* 5 in a batch and one alone, 4 out in a batch and one alone: the
         * ring fills, batches get cut short, and the runs wrap. */
        for (int i = 0; i < 5; i++)
            in[i] = submission_for(next_push + (uint64_t)i);
        int pushed = spsc_ring_push_batch(&producer, in, 5);
        assert_true(pushed >= 0 && pushed <= 5);
        assert_int_equal(pushed, 8 - (int)(next_push - next_pop) < 5 ? 8 - (int)(next_push - next_pop) : 5);
        next_push += (uint64_t)pushed;
        one = submission_for(next_push);
        if (spsc_ring_try_push(&producer, &one) == 0)
            next_push++;
        else
            assert_int_equal(next_push - next_pop, 8);
        int popped = spsc_ring_pop_batch(&consumer, out, 4);
        assert_int_equal(popped, next_push - next_pop < 4 ? (int)(next_push - next_pop) : 4);
        for (int i = 0; i < popped; i++)
            assert_submission_is(&out[i], next_pop + (uint64_t)i);
        next_pop += (uint64_t)popped;
        if (spsc_ring_try_pop(&consumer, &one) == 0)
            assert_submission_is(&one, next_pop++);
    }
    assert_true(next_push > 40);
    while (next_pop < next_push) {
        int popped = spsc_ring_pop_batch(&consumer, out, 12);
        assert_int_equal(popped, (int)(next_push - next_pop));
        for (int i = 0; i < popped; i++)
            assert_submission_is(&out[i], next_pop + (uint64_t)i);
        next_pop += (uint64_t)popped;
    }
    assert_int_equal(spsc_ring_pop_batch(&consumer, out, 12), 0);
    assert_int_equal(spsc_ring_push_batch(&producer, in, 0), 0);

    /* Hostile indices: refused, sticky, nothing copied. */
    atomic_store(&shared->producer_index, (uint32_t)next_push + 9);
    assert_int_equal(spsc_ring_pop_batch(&consumer, out, 12), -MICA_EPROTO);
    assert_int_equal(spsc_ring_try_pop(&consumer, &one), -MICA_EPROTO);
    for (int i = 0; i < 8; i++)
        in[i] = submission_for((uint64_t)i);
    assert_int_equal(spsc_ring_push_batch(&producer, in, 8), 8);
    atomic_store(&shared->consumer_index, (uint32_t)next_push + 100);
    assert_int_equal(spsc_ring_push_batch(&producer, in, 1), -MICA_EPROTO);
    assert_int_equal(spsc_ring_try_push(&producer, &one), -MICA_EPROTO);
    free(shared);
}

/* Entry i of a span, as the in-place callers find it. */
static struct blk_submission *span_entry(const struct spsc_span *span, uint32_t i)
{
    uint8_t *at = i < span->count[0] ? span->run[0] + (size_t)i * sizeof(struct blk_submission)
                                     : span->run[1] + (size_t)(i - span->count[0]) * sizeof(struct blk_submission);
    return (struct blk_submission *)(void *)at;
}

/* Writing and reading in place: spans that wrap, a full and an empty ring,
 * a publish or release of more than was given, hostile indices. */
static void test_spans(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(8, sizeof(struct blk_submission), &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct spsc_span span;
    struct blk_submission one;

    assert_int_equal(spsc_producer_attach(&producer, shared, size, sizeof(one)), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, sizeof(one)), 0);
    uint64_t next_push = 0, next_pop = 0;
    for (int round = 0; round < 20; round++) {
        /* 5 in, 3 out: the ring fills, spans get cut short and wrap. */
        int room = spsc_ring_reserve_span(&producer, 5, &span);
        uint32_t free = 8 - (uint32_t)(next_push - next_pop);
        assert_int_equal(room, free < 5 ? (int)free : 5);
        assert_int_equal(span.count[0] + span.count[1], (uint32_t)room);
        assert_ptr_equal(span.run[0], shared->entries + (next_push % 8) * sizeof(one));
        assert_int_equal(span.count[0], room == 0 ? 0 : (8 - next_push % 8 < (uint64_t)room ? 8 - next_push % 8 : (uint64_t)room));
        for (int i = 0; i < room; i++)
            *span_entry(&span, (uint32_t)i) = submission_for(next_push + (uint64_t)i);
        /* Written, not yet published: the consumer sees none of it. */
        assert_int_equal(spsc_ring_count(&consumer), (int)(next_push - next_pop));
        spsc_ring_publish(&producer, (uint32_t)room);
        next_push += (uint64_t)room;
        assert_int_equal(spsc_ring_count(&consumer), (int)(next_push - next_pop));

        int ready = spsc_ring_peek_span(&consumer, 3, &span);
        assert_int_equal(ready, next_push - next_pop < 3 ? (int)(next_push - next_pop) : 3);
        for (int i = 0; i < ready; i++)
            assert_submission_is(span_entry(&span, (uint32_t)i), next_pop + (uint64_t)i);
        /* Read, not yet released: the producer cannot reuse the slots. */
        assert_int_equal(spsc_ring_free_space(&producer), 8 - (int)(next_push - next_pop));
        spsc_ring_release(&consumer, (uint32_t)ready);
        next_pop += (uint64_t)ready;
        assert_int_equal(spsc_ring_free_space(&producer), 8 - (int)(next_push - next_pop));
    }
    assert_true(next_push > 40);
    /* Steady state: 3 in and 3 out a round, 5 left; 3 more fill it. */
    assert_int_equal(next_push - next_pop, 5);
    assert_int_equal(spsc_ring_reserve_span(&producer, 8, &span), 3);
    spsc_ring_publish(&producer, 3);
    next_push += 3;
    assert_int_equal(spsc_ring_reserve_span(&producer, 1, &span), 0);

    /* A publish or release beyond what was given moves nothing beyond it. */
    assert_int_equal(spsc_ring_count(&consumer), 8);
    assert_int_equal(spsc_ring_peek_span(&consumer, 2, &span), 2);
    spsc_ring_release(&consumer, 100);
    next_pop += 8; /* the release was cut to what the ring held: all 8 */
    assert_int_equal(spsc_ring_count(&consumer), 0);
    assert_int_equal(spsc_ring_peek_span(&consumer, 4, &span), 0);
    assert_int_equal(spsc_ring_reserve_span(&producer, 3, &span), 3);
    spsc_ring_publish(&producer, 100);
    next_push += 8; /* cut to the free slots: all 8 */
    assert_int_equal(spsc_ring_count(&consumer), 8);
    assert_int_equal(atomic_load(&shared->producer_index), (uint32_t)next_push);
    assert_int_equal(atomic_load(&shared->consumer_index), (uint32_t)next_pop);

    /* Hostile indices: refused, sticky. */
    atomic_store(&shared->producer_index, (uint32_t)next_pop + 9);
    assert_int_equal(spsc_ring_peek_span(&consumer, 12, &span), -MICA_EPROTO);
    assert_int_equal(spsc_ring_try_pop(&consumer, &one), -MICA_EPROTO);
    atomic_store(&shared->consumer_index, (uint32_t)next_push + 100);
    assert_int_equal(spsc_ring_reserve_span(&producer, 1, &span), -MICA_EPROTO);
    assert_int_equal(spsc_ring_try_push(&producer, &one), -MICA_EPROTO);
    free(shared);
}

static void test_unaligned_caller_buffers(void **state)
{
    (void)state;
    size_t size;
    void *region = make_ring(4, 16, &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    uint8_t in[17], out[17];

    assert_int_equal(spsc_producer_attach(&producer, region, size, 16), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, region, size, 16), 0);
    for (int i = 0; i < 17; i++)
        in[i] = (uint8_t)(i * 7 + 1);
    memset(out, 0, sizeof(out));
    assert_int_equal(spsc_ring_try_push(&producer, in + 1), 0);
    assert_int_equal(spsc_ring_try_pop(&consumer, out + 1), 0);
    assert_memory_equal(in + 1, out + 1, 16);
    assert_int_equal(out[0], 0);
    free(region);
}

/* The inline helpers of the hot paths: spsc_ring_empty_fast looks at the
 * producer's index again (what was published since the consumer's last
 * look is seen, what was only written is not) and says false for a broken
 * ring; spsc_ring_room_fast is the free slots by the producer's last look
 * at the consumer's index, 0 once the ring is broken; entries written at
 * spsc_ring_slot(produced + k) and published with spsc_ring_publish_fast
 * pop back in order. */
static void test_inline_fast_paths(void **state)
{
    (void)state;
    size_t size;
    void *region = make_ring(4, sizeof(struct blk_completion), &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct blk_completion c;

    assert_int_equal(spsc_producer_attach(&producer, region, size, sizeof c), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, region, size, sizeof c), 0);
    assert_true(spsc_ring_empty_fast(&consumer));
    assert_int_equal(spsc_ring_room_fast(&producer), 4);

    for (uint32_t k = 0; k < 3; k++) {
        struct blk_completion *slot = (struct blk_completion *)(void *)spsc_ring_slot(
            &producer.ring, producer.produced + k, sizeof c);
        *slot = (struct blk_completion){ .request_id = 10 + k, .bytes = 512 };
    }
    assert_true(spsc_ring_empty_fast(&consumer)); /* written, not published */
    spsc_ring_publish_fast(&producer, 3);
    assert_false(spsc_ring_empty_fast(&consumer));
    assert_int_equal(spsc_ring_room_fast(&producer), 1);
    for (uint64_t k = 0; k < 3; k++) {
        assert_int_equal(spsc_ring_try_pop(&consumer, &c), 0);
        assert_int_equal(c.request_id, 10 + k);
    }
    assert_true(spsc_ring_empty_fast(&consumer));
    /* By the last look until the producer looks again. */
    assert_int_equal(spsc_ring_room_fast(&producer), 1);
    assert_int_equal(spsc_ring_free_space(&producer), 4);
    assert_int_equal(spsc_ring_room_fast(&producer), 4);

    /* Broken rings: an impossible index on either side. */
    atomic_store(&((struct spsc_ring_shared *)region)->producer_index, 3u + 5u);
    assert_int_equal(spsc_ring_count(&consumer), -MICA_EPROTO);
    atomic_store(&((struct spsc_ring_shared *)region)->producer_index, 3u);
    assert_false(spsc_ring_empty_fast(&consumer));
    atomic_store(&((struct spsc_ring_shared *)region)->consumer_index, 3u + 5u);
    assert_int_equal(spsc_ring_free_space(&producer), -MICA_EPROTO);
    assert_int_equal(spsc_ring_room_fast(&producer), 0);
    free(region);
}

static void test_indices_wrap_around_u32(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(4, sizeof(struct blk_completion), &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct blk_completion entry;

    atomic_store(&shared->producer_index, UINT32_MAX - 5);
    atomic_store(&shared->consumer_index, UINT32_MAX - 5);
    assert_int_equal(spsc_producer_attach(&producer, shared, size, sizeof(entry)), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, sizeof(entry)), 0);

    uint64_t next_push = 0, next_pop = 0;
    for (int step = 0; step < 40; step++) {
        /* Three pushes, two pops per step: the ring fills, then stays full. */
        for (int i = 0; i < 3; i++) {
            entry = (struct blk_completion){ .request_id = next_push, .status = -(int32_t)next_push,
                                             .bytes = (uint32_t)next_push };
            int err = spsc_ring_try_push(&producer, &entry);
            if (err == 0)
                next_push++;
            else
                assert_int_equal(err, -MICA_EAGAIN);
        }
        for (int i = 0; i < 2; i++) {
            assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
            assert_int_equal(entry.request_id, next_pop);
            assert_int_equal(entry.status, -(int32_t)next_pop);
            next_pop++;
        }
        assert_int_equal(spsc_ring_count(&consumer), (int)(next_push - next_pop));
    }
    assert_true(atomic_load(&shared->producer_index) < 100); /* it did wrap */
    free(shared);
}

/* A producer that publishes an index beyond the ring must not make the
 * consumer read past the region, now or later. */
static void test_hostile_producer_index(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(8, 32, &size);
    struct spsc_consumer consumer;
    struct blk_submission entry;

    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, 32), 0);
    atomic_store(&shared->producer_index, 9);
    assert_int_equal(spsc_ring_count(&consumer), -MICA_EPROTO);
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), -MICA_EPROTO);
    /* Sticky: putting a plausible value back does not restore trust. */
    atomic_store(&shared->producer_index, 1);
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), -MICA_EPROTO);
    assert_false(spsc_ring_arm_data_notification(&consumer));

    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, 32), 0);
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
    atomic_store(&shared->producer_index, 0); /* behind the consumer */
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), -MICA_EPROTO);

    /* Rewriting the geometry after attach changes nothing for us. */
    atomic_store(&shared->producer_index, 0);
    atomic_store(&shared->consumer_index, 0);
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, 32), 0);
    shared->capacity = 1u << 16;
    shared->entry_size = 4096;
    atomic_store(&shared->producer_index, 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), -MICA_EAGAIN);
    free(shared);
}

static void test_hostile_consumer_index(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(8, 32, &size);
    struct spsc_producer producer;
    struct blk_submission entry = submission_for(1);

    assert_int_equal(spsc_producer_attach(&producer, shared, size, 32), 0);
    for (int i = 0; i < 8; i++)
        assert_int_equal(spsc_ring_try_push(&producer, &entry), 0);
    /* Claims to have consumed entries that were never produced. */
    atomic_store(&shared->consumer_index, 100);
    assert_int_equal(spsc_ring_try_push(&producer, &entry), -MICA_EPROTO);
    assert_int_equal(spsc_ring_free_space(&producer), -MICA_EPROTO);
    assert_false(spsc_ring_arm_space_notification(&producer));
    free(shared);
}

static void test_notification_handshake(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(2, 16, &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct blk_completion entry = { .request_id = 7 };

    assert_int_equal(spsc_producer_attach(&producer, shared, size, 16), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, 16), 0);

    /* Nobody asked: no notifications. */
    assert_int_equal(spsc_ring_try_push(&producer, &entry), 0);
    assert_false(spsc_ring_consumer_notify_needed(&producer));
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
    assert_false(spsc_ring_producer_notify_needed(&consumer));

    /* Consumer arms on an empty ring: may sleep; the next push needs exactly
     * one notification. */
    assert_true(spsc_ring_arm_data_notification(&consumer));
    assert_int_equal(atomic_load(&shared->consumer_wants_data), 1);
    assert_int_equal(spsc_ring_try_push(&producer, &entry), 0);
    assert_true(spsc_ring_consumer_notify_needed(&producer));
    assert_false(spsc_ring_consumer_notify_needed(&producer));

    /* Arming with data present withdraws the request and says "don't sleep". */
    assert_false(spsc_ring_arm_data_notification(&consumer));
    assert_int_equal(atomic_load(&shared->consumer_wants_data), 0);

    /* Producer arms on a full ring; the consumer's pop must notify once. */
    assert_int_equal(spsc_ring_try_push(&producer, &entry), 0);
    assert_int_equal(spsc_ring_try_push(&producer, &entry), -MICA_EAGAIN);
    assert_true(spsc_ring_arm_space_notification(&producer));
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
    assert_true(spsc_ring_producer_notify_needed(&consumer));
    assert_false(spsc_ring_producer_notify_needed(&consumer));
    assert_false(spsc_ring_arm_space_notification(&producer));
    assert_int_equal(atomic_load(&shared->producer_wants_space), 0);
    free(shared);
}

/* armed_and_empty: true only between the consumer's arm on an empty ring
 * and the producer's next push or take of the request, never for a broken
 * ring, and it neither arms nor takes the flag. */
static void test_armed_and_empty(void **state)
{
    (void)state;
    size_t size;
    struct spsc_ring_shared *shared = make_ring(4, 16, &size);
    struct spsc_producer producer;
    struct spsc_consumer consumer;
    struct blk_completion entry = { .request_id = 9 };

    assert_int_equal(spsc_producer_attach(&producer, shared, size, 16), 0);
    assert_int_equal(spsc_consumer_attach(&consumer, shared, size, 16), 0);
    assert_false(spsc_ring_armed_and_empty(&consumer)); /* never armed */
    assert_true(spsc_ring_arm_data_notification(&consumer));
    assert_true(spsc_ring_armed_and_empty(&consumer));
    assert_int_equal(atomic_load(&shared->consumer_wants_data), 1);

    /* Pushed, the request not yet taken: not empty. */
    assert_int_equal(spsc_ring_try_push(&producer, &entry), 0);
    assert_false(spsc_ring_armed_and_empty(&consumer));
    assert_int_equal(atomic_load(&shared->consumer_wants_data), 1);
    /* Taken and the entry popped: empty, but nobody will signal. */
    assert_true(spsc_ring_consumer_notify_needed(&producer));
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
    assert_false(spsc_ring_armed_and_empty(&consumer));

    /* An arm withdrawn because data was there. */
    assert_int_equal(spsc_ring_try_push(&producer, &entry), 0);
    assert_false(spsc_ring_arm_data_notification(&consumer));
    assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
    assert_false(spsc_ring_armed_and_empty(&consumer));

    /* Armed, then a hostile producer index: false, and the ring is broken. */
    assert_true(spsc_ring_arm_data_notification(&consumer));
    atomic_store(&shared->producer_index, 100);
    assert_false(spsc_ring_armed_and_empty(&consumer));
    assert_int_equal(spsc_ring_count(&consumer), -MICA_EPROTO);
    assert_false(spsc_ring_armed_and_empty(&consumer));
    free(shared);
}

/* The handshake in isolation, as a store-buffering race: in each round the
 * consumer arms on an empty ring while the producer pushes and asks whether
 * to notify, both released at the same instant. "Consumer sleeps" and
 * "producer does not notify" together would be a lost wakeup. */
struct handshake_race {
    struct spsc_ring_shared *shared;
    size_t size;
    unsigned rounds;
    _Atomic unsigned start_round; /* released by the consumer thread */
    _Atomic unsigned producer_done_round;
    bool *producer_notified;
};

static void *handshake_producer(void *arg)
{
    struct handshake_race *race = arg;
    struct spsc_producer producer;
    struct blk_completion entry = { .request_id = 1 };

    assert_int_equal(spsc_producer_attach(&producer, race->shared, race->size, sizeof(entry)), 0);
    for (unsigned round = 1; round <= race->rounds; round++) {
        while (atomic_load(&race->start_round) != round)
            ;
        if (spsc_ring_try_push(&producer, &entry) != 0)
            break;
        race->producer_notified[round - 1] = spsc_ring_consumer_notify_needed(&producer);
        atomic_store(&race->producer_done_round, round);
    }
    return NULL;
}

static void test_notification_handshake_race(void **state)
{
    (void)state;
    struct handshake_race race = { .rounds = 200000 };
    struct spsc_consumer consumer;
    struct blk_completion entry;
    pthread_t thread;
    unsigned lost = 0;

    race.shared = make_ring(4, sizeof(entry), &race.size);
    race.producer_notified = calloc(race.rounds, sizeof(bool));
    assert_non_null(race.producer_notified);
    assert_int_equal(spsc_consumer_attach(&consumer, race.shared, race.size, sizeof(entry)), 0);
    assert_int_equal(pthread_create(&thread, NULL, handshake_producer, &race), 0);

    for (unsigned round = 1; round <= race.rounds; round++) {
        atomic_store(&race.start_round, round);
        bool will_sleep = spsc_ring_arm_data_notification(&consumer);
        while (atomic_load(&race.producer_done_round) != round)
            ;
        if (will_sleep && !race.producer_notified[round - 1])
            lost++;
        assert_int_equal(spsc_ring_try_pop(&consumer, &entry), 0);
        atomic_store(&race.shared->consumer_wants_data, 0);
    }
    pthread_join(thread, NULL);
    free(race.producer_notified);
    free(race.shared);
    assert_int_equal(lost, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_size),
        cmocka_unit_test(test_init_rejects_small_or_misaligned_region),
        cmocka_unit_test(test_validate_rejects_hostile_headers),
        cmocka_unit_test(test_fill_drain_and_report_full),
        cmocka_unit_test(test_unaligned_caller_buffers),
        cmocka_unit_test(test_batches),
        cmocka_unit_test(test_push_sized),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_inline_fast_paths),
        cmocka_unit_test(test_indices_wrap_around_u32),
        cmocka_unit_test(test_hostile_producer_index),
        cmocka_unit_test(test_hostile_consumer_index),
        cmocka_unit_test(test_notification_handshake),
        cmocka_unit_test(test_armed_and_empty),
        cmocka_unit_test(test_notification_handshake_race),
    };

    return cmocka_run_group_tests_name("spsc_ring", tests, NULL, NULL);
}
