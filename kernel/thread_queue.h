/* FIFO queues of blocked threads, linked through the threads themselves:
 * an endpoint's senders or receivers, a notification's waiters. Inline, as
 * the IPC fastpath uses them. Ownership: the one kernel path running, under
 * the big kernel lock (kernel_assert_exclusive in kernel_lock.h). */
#pragma once
#include <stddef.h>
#include "thread.h"

struct thread_queue {
    struct thread *head, *tail;
};

/* Appends t, recording `owner` (the endpoint or notification) it waits on. */
static inline void thread_queue_append(struct thread_queue *q, struct thread *t, void *owner)
{
    t->next = NULL;
    t->prev = q->tail;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
    t->blocked_on = owner;
}

static inline void thread_queue_remove(struct thread_queue *q, struct thread *t)
{
    if (t->prev)
        t->prev->next = t->next;
    else
        q->head = t->next;
    if (t->next)
        t->next->prev = t->prev;
    else
        q->tail = t->prev;
    t->next = t->prev = NULL;
    t->blocked_on = NULL;
}

/* Removes t, the queue's head (so it has no prev): remove's work without
 * the tests that only a thread behind the head needs. */
static inline void thread_queue_pop(struct thread_queue *q, struct thread *t)
{
    q->head = t->next;
    if (t->next)
        t->next->prev = NULL;
    else
        q->tail = NULL;
    t->next = NULL;
    t->blocked_on = NULL;
}
