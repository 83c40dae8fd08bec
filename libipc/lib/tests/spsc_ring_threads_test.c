/* Host tests for libipc/lib/spsc_ring.c with two threads: millions of
 * records through small rings, the consumer sleeping on a notification
 * like the kernel's (a lost wakeup fails the test) or both sides spinning. */

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

/* A latched binary notification like the kernel's: a signal sent before the
 * wait is not lost. A wait that times out means a lost wakeup. */
struct notification {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool pending;
    unsigned long signals;
};

#define LOST_WAKEUP_TIMEOUT_SECONDS 20

static void notification_init(struct notification *n)
{
    pthread_mutex_init(&n->lock, NULL);
    pthread_cond_init(&n->cond, NULL);
    n->pending = false;
    n->signals = 0;
}

static void notification_signal(struct notification *n)
{
    pthread_mutex_lock(&n->lock);
    n->pending = true;
    n->signals++;
    pthread_cond_signal(&n->cond);
    pthread_mutex_unlock(&n->lock);
}

static bool notification_wait(struct notification *n)
{
    struct timespec deadline;
    bool woken = true;

    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += LOST_WAKEUP_TIMEOUT_SECONDS;
    pthread_mutex_lock(&n->lock);
    while (!n->pending && woken)
        woken = pthread_cond_timedwait(&n->cond, &n->lock, &deadline) != ETIMEDOUT;
    n->pending = false;
    pthread_mutex_unlock(&n->lock);
    return woken;
}

struct two_thread_run {
    void *region;
    size_t size;
    uint64_t entries;
    bool use_notifications;
    struct notification data_ready;  /* producer -> sleeping consumer */
    struct notification space_ready; /* consumer -> sleeping producer */
    unsigned long producer_sleeps, consumer_sleeps;
    uint64_t received;
    bool failed;
    const char *failure;
};

static void fail_run(struct two_thread_run *run, const char *why)
{
    __atomic_store_n(&run->failure, why, __ATOMIC_SEQ_CST);
    __atomic_store_n(&run->failed, true, __ATOMIC_SEQ_CST);
}

static bool run_failed(struct two_thread_run *run)
{
    return __atomic_load_n(&run->failed, __ATOMIC_SEQ_CST);
}

static void *producer_thread(void *arg)
{
    struct two_thread_run *run = arg;
    struct spsc_producer producer;

    if (spsc_producer_attach(&producer, run->region, run->size, sizeof(struct blk_submission)) != 0) {
        fail_run(run, "producer attach");
        return NULL;
    }
    for (uint64_t seq = 0; seq < run->entries && !run_failed(run);) {
        struct blk_submission entry = submission_for(seq);
        int err = spsc_ring_try_push(&producer, &entry);

        if (err == 0) {
            seq++;
            /* Batching: ask about notifying only every few entries and at the end. */
            if ((seq % 4 == 0 || seq == run->entries) && run->use_notifications &&
                spsc_ring_consumer_notify_needed(&producer))
                notification_signal(&run->data_ready);
            continue;
        }
        if (err != -MICA_EAGAIN) {
            fail_run(run, "push error");
            break;
        }
        if (!run->use_notifications) {
            sched_yield();
            continue;
        }
        /* Full: make sure the consumer has been told about what is there,
         * then sleep until it frees space. */
        if (spsc_ring_consumer_notify_needed(&producer))
            notification_signal(&run->data_ready);
        if (spsc_ring_arm_space_notification(&producer)) {
            run->producer_sleeps++;
            if (!notification_wait(&run->space_ready))
                fail_run(run, "producer lost a wakeup");
        }
    }
    return NULL;
}

static void *consumer_thread(void *arg)
{
    struct two_thread_run *run = arg;
    struct spsc_consumer consumer;
    uint64_t expected = 0;

    if (spsc_consumer_attach(&consumer, run->region, run->size, sizeof(struct blk_submission)) != 0) {
        fail_run(run, "consumer attach");
        return NULL;
    }
    while (expected < run->entries && !run_failed(run)) {
        struct blk_submission entry;
        int err = spsc_ring_try_pop(&consumer, &entry);

        if (err == 0) {
            struct blk_submission want = submission_for(expected);
            if (memcmp(&entry, &want, sizeof(want)) != 0) {
                fail_run(run, "entry out of order or corrupted");
                break;
            }
            expected++;
            if (expected % 4 == 0 && run->use_notifications &&
                spsc_ring_producer_notify_needed(&consumer))
                notification_signal(&run->space_ready);
            continue;
        }
        if (err != -MICA_EAGAIN) {
            fail_run(run, "pop error");
            break;
        }
        if (!run->use_notifications) {
            sched_yield();
            continue;
        }
        if (spsc_ring_producer_notify_needed(&consumer))
            notification_signal(&run->space_ready);
        if (spsc_ring_arm_data_notification(&consumer)) {
            run->consumer_sleeps++;
            if (!notification_wait(&run->data_ready))
                fail_run(run, "consumer lost a wakeup");
        }
    }
    run->received = expected;
    return NULL;
}

static void run_two_threads(uint32_t capacity, uint64_t entries, bool use_notifications)
{
    struct two_thread_run run = { .entries = entries, .use_notifications = use_notifications };
    pthread_t producer, consumer;

    run.region = make_ring(capacity, sizeof(struct blk_submission), &run.size);
    notification_init(&run.data_ready);
    notification_init(&run.space_ready);

    assert_int_equal(pthread_create(&consumer, NULL, consumer_thread, &run), 0);
    assert_int_equal(pthread_create(&producer, NULL, producer_thread, &run), 0);
    pthread_join(producer, NULL);
    pthread_join(consumer, NULL);

    if (run.failed)
        fail_msg("%s", run.failure);
    assert_int_equal(run.received, entries);
    if (use_notifications && capacity >= 8) {
        /* Batching: far fewer notifications than records. */
        assert_true(run.data_ready.signals <= run.consumer_sleeps + entries / 4 + 1);
        assert_true(run.data_ready.signals < entries / 2);
        assert_true(run.space_ready.signals < entries / 2);
    }
    free(run.region);
}

static void test_two_threads_sleeping_small_ring(void **state)
{
    (void)state;
    run_two_threads(8, 1000000, true);
}

static void test_two_threads_sleeping_tiny_ring(void **state)
{
    (void)state;
    run_two_threads(1, 100000, true);
}

static void test_two_threads_spinning(void **state)
{
    (void)state;
    run_two_threads(256, 4000000, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_threads_sleeping_small_ring),
        cmocka_unit_test(test_two_threads_sleeping_tiny_ring),
        cmocka_unit_test(test_two_threads_spinning),
    };

    return cmocka_run_group_tests_name("spsc_ring_threads", tests, NULL, NULL);
}
