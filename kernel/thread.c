/* Thread objects. A thread never runs until configured and started; when
 * it stops, every queue it was on forgets it and any caller it owed a reply
 * learns that the reply will never come (-EPIPE). */
#include "thread.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "endpoint.h"
#include "frame.h"
#include "pmm.h"
#include "mica/abi/errno.h"
#include "mica/abi/ipc_abi.h"
#include "notification.h"
#include "panic.h"
#include "sched.h"
#include "vspace.h"

static uint64_t next_thread_id = 1;

struct thread *thread_create(struct quota *q, long *err)
{
    struct thread *t = kobj_alloc(q, MICA_CAP_THREAD, sizeof *t, err);
    if (!t)
        return NULL;
    t->state = THREAD_INACTIVE;
    t->thread_id = next_thread_id++;
    t->hart = this_hart(); /* placed where its creator runs */
    /* User mode, interrupts taken in user mode regardless of SIE. */
    t->ctx.sstatus = SSTATUS_SPIE;
    return t;
}

struct mica_ipc_buffer *thread_ipc_buffer(struct thread *t)
{
    if (!t->ipc_frame)
        return NULL;
    return phys_to_virt(t->ipc_frame->phys + (t->ipc_vaddr & (PAGE_SIZE - 1)));
}

void thread_abandon_reply(struct thread *server)
{
    struct thread *caller = server->reply_to;
    if (!caller)
        return;
    server->reply_to = NULL;
    caller->replying_server = NULL;
    thread_set_result(caller, -MICA_EPIPE);
    sched_wake(caller);
}

/* t is current on another hart, in user mode or on its way into the
 * kernel: a software interrupt makes that hart trap, and once it waits for
 * the kernel lock (which this hart holds) t's registers are saved and that
 * hart runs on the kernel's table; it finds no current thread when it gets
 * the lock. */
static void stop_on_other_hart(struct thread *t)
{
    struct hart *h = t->hart;
    kassert(h->current == t, "a running thread is its hart's current thread");
    hart_kick(h);
    while (!__atomic_load_n(&h->lock_waiting, __ATOMIC_ACQUIRE))
        __asm__ volatile("nop");
    h->current = NULL;
}

void thread_move(struct thread *t, struct hart *to)
{
    if (t->hart == to)
        return;
    if (t->state == THREAD_READY) {
        sched_dequeue(t);
    } else if (t->state == THREAD_RUNNING && t->hart != this_hart()) {
        stop_on_other_hart(t);
    } else if (t->state != THREAD_RUNNING) {
        t->hart = to; /* blocked or inactive: it is queued there when it wakes */
        return;
    }
    /* Ready or running (here, or stopped there): queued on its new hart. A
     * syscall it was entering when stopped runs there (its pc is still at
     * the ecall); this hart stops running it as it is no longer RUNNING. */
    t->hart = to;
    sched_enqueue(t);
}

void thread_make_inactive(struct thread *t)
{
    if (t->state == THREAD_RUNNING && t->hart != this_hart())
        stop_on_other_hart(t);
    switch (t->state) {
    case THREAD_READY:
        sched_dequeue(t);
        break;
    case THREAD_BLOCKED_SEND:
    case THREAD_BLOCKED_RECV:
        endpoint_cancel(t);
        break;
    case THREAD_BLOCKED_NTFN:
        notification_cancel(t);
        break;
    case THREAD_BLOCKED_REPLY:
        /* Whoever holds our reply must not wake a stopped thread later. */
        if (t->replying_server) {
            t->replying_server->reply_to = NULL;
            t->replying_server = NULL;
        }
        if (t->reply_cap) {
            struct cap *rc = t->reply_cap;
            t->reply_cap = NULL;
            cap_delete(rc);
        }
        break;
    case THREAD_RUNNING:
    case THREAD_INACTIVE:
        break;
    }
    thread_abandon_reply(t);
    t->state = THREAD_INACTIVE;
}

void thread_destroy(struct thread *t)
{
    thread_make_inactive(t);
    if (t->hart->current == t)
        t->hart->current = NULL;
    cap_delete(&t->fault_ep);
    notification_bind(t, NULL);
    if (t->cspace)
        kobj_put(&t->cspace->obj);
    if (t->vspace)
        kobj_put(&t->vspace->obj);
    if (t->ipc_frame)
        kobj_put(&t->ipc_frame->obj);
}
