/* Notification objects. A waiter woken by a signal receives the whole word
 * in a0 and the word is cleared, so bits signalled together arrive together. */
#include "notification.h"
#include "endpoint.h"
#include "mica/abi/errno.h"
#include "mica/abi/ipc_abi.h"
#include "panic.h"
#include "sched.h"

struct notification *notification_create(struct quota *q, long *err)
{
    return kobj_alloc(q, MICA_CAP_NOTIFICATION, sizeof(struct notification), err);
}

void notification_cancel(struct thread *t)
{
    struct notification *n = t->blocked_on;
    kassert(n != NULL, "a thread waiting on a notification knows which");
    thread_queue_remove(&n->waiters, t);
}

static void deliver_to_receiver(struct thread *t, uint64_t word)
{
    t->ctx.regs[REG_A0] = word;
    t->ctx.regs[REG_A1] = MICA_MSGINFO(MICA_LABEL_NOTIFICATION, 0, 0);
}

bool notification_take_bound(struct thread *t)
{
    struct notification *n = t->bound_ntfn;
    if (!n || !n->word)
        return false;
    deliver_to_receiver(t, n->word);
    n->word = 0;
    return true;
}

void notification_bind(struct thread *t, struct notification *n)
{
    if (t->bound_ntfn) {
        t->bound_ntfn->bound = NULL;
        kobj_put(&t->bound_ntfn->obj);
        t->bound_ntfn = NULL;
    }
    if (!n)
        return;
    if (n->bound)
        notification_bind(n->bound, NULL);
    kobj_get(&n->obj);
    n->bound = t;
    t->bound_ntfn = n;
}

/* Armed timers, unordered: a handful at most (init's heartbeat). The list
 * holds no reference; a notification leaves it when it dies. */
static struct notification *armed_timers;

static void timer_unlink(struct notification *n)
{
    for (struct notification **p = &armed_timers; *p; p = &(*p)->timer_next) {
        if (*p == n) {
            *p = n->timer_next;
            break;
        }
    }
    n->timer_next = NULL;
    n->timer_at = 0;
}

void notification_timer_arm(struct notification *n, uint64_t at, uint64_t bits)
{
    if (n->timer_at)
        timer_unlink(n);
    if (!at)
        return;
    n->timer_at = at;
    n->timer_bits = bits;
    n->timer_next = armed_timers;
    armed_timers = n;
}

void notification_timers_expire(uint64_t now)
{
    struct notification **p = &armed_timers;
    while (*p) {
        struct notification *n = *p;
        if (n->timer_at > now) {
            p = &n->timer_next;
            continue;
        }
        *p = n->timer_next;
        n->timer_next = NULL;
        n->timer_at = 0;
        notification_signal(n, n->timer_bits);
    }
}

void notification_destroy(struct notification *n)
{
    if (n->timer_at)
        timer_unlink(n);
    kassert(n->bound == NULL, "a bound notification is referenced by its thread");
    while (n->waiters.head) {
        struct thread *t = n->waiters.head;
        thread_queue_remove(&n->waiters, t);
        thread_set_result(t, -MICA_EPIPE);
        sched_wake(t);
    }
}

void notification_signal(struct notification *n, uint64_t bits)
{
    n->word |= bits;
    struct thread *b = n->bound;
    if (!n->waiters.head && b && b->state == THREAD_BLOCKED_RECV) {
        /* The bound thread is waiting for IPC: the signal ends that wait. */
        endpoint_cancel(b);
        deliver_to_receiver(b, n->word);
        n->word = 0;
        sched_wake(b);
        return;
    }
    if (n->waiters.head && n->word) {
        struct thread *t = n->waiters.head;
        thread_queue_remove(&n->waiters, t);
        thread_set_result(t, (long)n->word);
        n->word = 0;
        sched_wake(t);
    }
}

void invoke_ntfn_wait(struct thread *t, struct notification *n)
{
    if (n->word) {
        thread_set_result(t, (long)n->word);
        n->word = 0;
        return;
    }
    t->state = THREAD_BLOCKED_NTFN;
    thread_queue_append(&n->waiters, t, n);
}
