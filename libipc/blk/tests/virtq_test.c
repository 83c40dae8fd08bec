/* Host tests for libipc/blk/virtq.c: layout, free list and chains, out-of-order
 * completion, notification and interrupt suppression both ways, a hostile
 * device, and two threads moving 200,000 chains through an 8-entry queue. */

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/errno.h>
#include <mica/virtq.h>

#include "fake_device.h"

struct queue {
    struct virtq q;
    struct fake_device dev;
    struct virtq_slot slots[VIRTQ_MAX_SIZE];
    void *region;
};

static struct queue *make_queue(uint16_t size, bool event_idx)
{
    struct queue *qu = calloc(1, sizeof(*qu));
    struct virtq_layout layout;

    assert_non_null(qu);
    assert_true(virtq_layout(size, &layout));
    qu->region = aligned_alloc(VIRTQ_DESC_ALIGN, (layout.total + 15u) & ~(size_t)15u);
    assert_non_null(qu->region);
    assert_int_equal(virtq_init(&qu->q, size, event_idx, qu->region, (uintptr_t)qu->region, qu->slots), 0);
    fake_device_attach(&qu->dev, &qu->q);
    return qu;
}

static void free_queue(struct queue *qu)
{
    free(qu->region);
    free(qu);
}

static void test_layout(void **state)
{
    struct virtq_layout l;

    (void)state;
    assert_true(virtq_layout(8, &l));
    assert_int_equal(l.avail_offset, 128);
    assert_int_equal(l.used_offset, 128 + 22 + 2); /* 4 + 16 + 2 bytes, aligned to 4 */
    assert_int_equal(l.total, 152 + 4 + 64 + 2);
    assert_true(virtq_layout(VIRTQ_MAX_SIZE, &l));
    assert_false(virtq_layout(0, &l));
    assert_false(virtq_layout(12, &l));
    assert_false(virtq_layout(65535, &l));
}

static void test_chains_out_of_order(void **state)
{
    struct queue *qu = make_queue(8, false);
    uint8_t data[3][16];
    struct virtq_buf bufs[3] = {
        { (uintptr_t)data[0], 16, false }, { (uintptr_t)data[1], 16, true }, { (uintptr_t)data[2], 1, true }
    };
    struct virtq_buf seen[8];
    uint16_t heads[3];
    uint64_t token;
    uint32_t written;

    (void)state;
    assert_int_equal(virtq_add(&qu->q, bufs, 3, 100), 0);
    assert_int_equal(virtq_add(&qu->q, bufs, 1, 101), 0);
    assert_int_equal(virtq_add(&qu->q, bufs, 3, 102), 0);
    assert_int_equal(virtq_free_descriptors(&qu->q), 1);
    assert_int_equal(virtq_add(&qu->q, bufs, 2, 103), -MICA_EAGAIN);
    assert_int_equal(virtq_add(&qu->q, bufs, 0, 103), -MICA_EINVAL);
    assert_int_equal(fake_device_next_avail(&qu->dev, &heads[0]), 0); /* not published yet */
    virtq_publish(&qu->q);
    for (int i = 0; i < 3; i++)
        assert_int_equal(fake_device_next_avail(&qu->dev, &heads[i]), 1);
    assert_int_equal(fake_device_chain(&qu->dev, heads[0], seen, 8), 3);
    assert_int_equal(seen[0].phys, (uintptr_t)data[0]);
    assert_false(seen[0].device_writes);
    assert_true(seen[1].device_writes);
    assert_int_equal(seen[2].len, 1);
    assert_int_equal(fake_device_chain(&qu->dev, heads[1], seen, 8), 1);

    fake_device_complete(&qu->dev, heads[2], 17);
    fake_device_complete(&qu->dev, heads[0], 0);
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), 1);
    assert_int_equal(token, 102);
    assert_int_equal(written, 17);
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), 1);
    assert_int_equal(token, 100);
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), 0);
    assert_int_equal(virtq_free_descriptors(&qu->q), 7);
    fake_device_complete(&qu->dev, heads[1], 0);
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), 1);
    assert_int_equal(token, 101);
    assert_int_equal(virtq_free_descriptors(&qu->q), 8);
    /* The recycled free list still yields a full-size chain. */
    struct virtq_buf eight[8];
    for (int i = 0; i < 8; i++)
        eight[i] = bufs[0];
    assert_int_equal(virtq_add(&qu->q, eight, 8, 1), 0);
    virtq_publish(&qu->q);
    assert_int_equal(fake_device_next_avail(&qu->dev, &heads[0]), 1);
    assert_int_equal(fake_device_chain(&qu->dev, heads[0], seen, 8), 8);
    free_queue(qu);
}

static void test_notify_suppression_flags(void **state)
{
    struct queue *qu = make_queue(4, false);
    struct virtq_buf b = { 0x1000, 512, false };
    uint16_t head;

    (void)state;
    assert_int_equal(virtq_add(&qu->q, &b, 1, 1), 0);
    assert_true(virtq_publish(&qu->q)); /* devices start wanting notifications */
    fake_device_set_notify(&qu->dev, false);
    assert_int_equal(virtq_add(&qu->q, &b, 1, 2), 0);
    assert_false(virtq_publish(&qu->q));
    fake_device_set_notify(&qu->dev, true);
    assert_int_equal(virtq_add(&qu->q, &b, 1, 3), 0);
    assert_true(virtq_publish(&qu->q));
    /* Interrupts are off until armed. */
    assert_int_equal(fake_device_next_avail(&qu->dev, &head), 1);
    assert_false(fake_device_complete(&qu->dev, head, 0));
    assert_false(virtq_arm_interrupt(&qu->q)); /* a used entry is waiting: do not sleep */
    assert_int_equal(fake_device_next_avail(&qu->dev, &head), 1);
    assert_true(fake_device_complete(&qu->dev, head, 0));
    virtq_disarm_interrupt(&qu->q);
    assert_int_equal(fake_device_next_avail(&qu->dev, &head), 1);
    assert_false(fake_device_complete(&qu->dev, head, 0));
    free_queue(qu);
}

static void test_notify_suppression_event_idx(void **state)
{
    struct queue *qu = make_queue(4, true);
    struct virtq_buf b = { 0x1000, 512, false };
    uint16_t head;
    uint64_t token;
    uint32_t written;

    (void)state;
    fake_device_set_notify(&qu->dev, true); /* avail_event = 0 */
    assert_int_equal(virtq_add(&qu->q, &b, 1, 1), 0);
    assert_int_equal(virtq_add(&qu->q, &b, 1, 2), 0);
    assert_true(virtq_publish(&qu->q)); /* idx 0 -> 2 passes event 0 */
    assert_int_equal(virtq_add(&qu->q, &b, 1, 3), 0);
    assert_false(virtq_publish(&qu->q)); /* 2 -> 3 does not pass 0 again */
    assert_int_equal(fake_device_next_avail(&qu->dev, &head), 1);
    assert_false(fake_device_complete(&qu->dev, head, 0)); /* not armed */
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), 1);
    assert_true(virtq_arm_interrupt(&qu->q)); /* used_event = 1 */
    assert_int_equal(fake_device_next_avail(&qu->dev, &head), 1);
    assert_true(fake_device_complete(&qu->dev, head, 0));
    assert_int_equal(fake_device_next_avail(&qu->dev, &head), 1);
    assert_false(fake_device_complete(&qu->dev, head, 0));
    free_queue(qu);
}

/* virtq_used_pending says whether virtq_get_used has anything: an entry
 * not yet taken, or the error of a broken queue. */
static void test_used_pending(void **state)
{
    struct queue *qu = make_queue(4, false);
    struct virtq_buf b = { 0x1000, 512, false };
    uint16_t head;
    uint64_t token;
    uint32_t written;

    (void)state;
    assert_false(virtq_used_pending(&qu->q));
    assert_int_equal(virtq_add(&qu->q, &b, 1, 7), 0);
    virtq_publish(&qu->q);
    assert_false(virtq_used_pending(&qu->q)); /* queued, not yet used */
    assert_int_equal(fake_device_next_avail(&qu->dev, &head), 1);
    fake_device_complete(&qu->dev, head, 0);
    assert_true(virtq_used_pending(&qu->q));
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), 1);
    assert_int_equal(token, 7);
    assert_false(virtq_used_pending(&qu->q));
    /* An index past what was ever queued breaks the queue; pending stays
     * true so the caller hears the error. */
    fake_device_set_used_idx(&qu->dev, 3);
    assert_true(virtq_used_pending(&qu->q));
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), -MICA_EPROTO);
    fake_device_set_used_idx(&qu->dev, 1);
    assert_true(virtq_used_pending(&qu->q));
    free_queue(qu);
}

/* Each impossible device answer breaks the queue for good. */
static void hostile(uint32_t id, uint32_t len, uint16_t used_idx)
{
    struct queue *qu = make_queue(8, false);
    struct virtq_buf b[2] = { { 0x1000, 16, false }, { 0x2000, 512, true } };
    uint64_t token;
    uint32_t written;

    assert_int_equal(virtq_add(&qu->q, b, 2, 1), 0);
    assert_int_equal(virtq_add(&qu->q, b, 2, 2), 0);
    virtq_publish(&qu->q);
    fake_device_put_used(&qu->dev, 0, id, len);
    fake_device_set_used_idx(&qu->dev, used_idx);
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), -MICA_EPROTO);
    fake_device_put_used(&qu->dev, 0, 0, 0);
    fake_device_set_used_idx(&qu->dev, 1);
    assert_int_equal(virtq_get_used(&qu->q, &token, &written), -MICA_EPROTO);
    assert_int_equal(virtq_free_descriptors(&qu->q), 4);
    free_queue(qu);
}

static void test_hostile_device(void **state)
{
    (void)state;
    hostile(8, 0, 1);          /* id beyond the table */
    hostile(1, 0, 1);          /* id inside a chain, not a head */
    hostile(4, 0, 1);          /* id of a free descriptor */
    hostile(0, 513, 1);        /* wrote more than the chain can take */
    hostile(0, 0, 3);          /* more used entries than were published */
    hostile(0, 0, 0xffff);     /* used idx moved backwards */
}

/* Two threads: the device completes batches in reverse order and writes the
 * token into each chain's writable buffer; the driver checks both. */
#define STREAM_CHAINS 200000u
#define STREAM_SIZE 8u

struct stream {
    struct queue *qu;
    uint64_t payload[STREAM_SIZE][2];
};

static void *device_thread(void *arg)
{
    struct stream *s = arg;
    uint16_t pending[STREAM_SIZE];
    unsigned done = 0;

    while (done < STREAM_CHAINS) {
        unsigned n = 0;
        uint16_t head;

        while (n < STREAM_SIZE && fake_device_next_avail(&s->qu->dev, &head) == 1)
            pending[n++] = head;
        while (n > 0) {
            struct virtq_buf chain[STREAM_SIZE];
            unsigned len = fake_device_chain(&s->qu->dev, pending[--n], chain, STREAM_SIZE);
            uint64_t tag;

            assert_int_equal(len, 2);
            memcpy(&tag, fake_phys_to_ptr(chain[0].phys), sizeof(tag));
            memcpy(fake_phys_to_ptr(chain[1].phys), &tag, sizeof(tag));
            fake_device_complete(&s->qu->dev, pending[n], sizeof(tag));
            done++;
        }
    }
    return NULL;
}

static void test_two_threads(void **state)
{
    struct stream *s = calloc(1, sizeof(*s));
    pthread_t dev;
    uint64_t next = 0, completed = 0;
    uint8_t seen_slot[STREAM_SIZE] = { 0 };

    (void)state;
    assert_non_null(s);
    s->qu = make_queue(STREAM_SIZE, true);
    assert_int_equal(pthread_create(&dev, NULL, device_thread, s), 0);
    while (completed < STREAM_CHAINS) {
        uint64_t token;
        uint32_t written;
        int got;

        while (next < STREAM_CHAINS && virtq_free_descriptors(&s->qu->q) >= 2) {
            /* A payload slot is reused only after its chain completed. */
            unsigned slot = (unsigned)(next % STREAM_SIZE);

            if (seen_slot[slot])
                break;
            seen_slot[slot] = 1;
            s->payload[slot][0] = next;
            s->payload[slot][1] = ~0ull;
            struct virtq_buf b[2] = { { (uintptr_t)&s->payload[slot][0], 8, false },
                                      { (uintptr_t)&s->payload[slot][1], 8, true } };
            assert_int_equal(virtq_add(&s->qu->q, b, 2, next), 0);
            next++;
        }
        virtq_publish(&s->qu->q);
        while ((got = virtq_get_used(&s->qu->q, &token, &written)) == 1) {
            unsigned slot = (unsigned)(token % STREAM_SIZE);

            assert_int_equal(written, 8);
            assert_int_equal(s->payload[slot][1], token);
            seen_slot[slot] = 0;
            completed++;
        }
        assert_int_equal(got, 0);
    }
    assert_int_equal(pthread_join(dev, NULL), 0);
    assert_int_equal(virtq_free_descriptors(&s->qu->q), STREAM_SIZE);
    free_queue(s->qu);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_chains_out_of_order),
        cmocka_unit_test(test_notify_suppression_flags),
        cmocka_unit_test(test_notify_suppression_event_idx),
        cmocka_unit_test(test_used_pending),
        cmocka_unit_test(test_hostile_device),
        cmocka_unit_test(test_two_threads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
