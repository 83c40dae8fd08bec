/* The scheduler. The kernel runs on one stack per hart and never blocks
 * inside itself: a syscall that must wait records why in the thread and
 * returns here, which picks the next thread and leaves the kernel.
 * Each hart has its own ready queues (in struct hart); a thread is queued
 * on the hart it is placed on (thread->hart); queuing a thread on another
 * hart sends that hart a software interrupt when it should choose again,
 * unless that hart idles polling its queues (idle_poll).
 * Ownership: the queues of every hart change only under the big kernel lock. */
#include "sched.h"
#include "arch/riscv/csr.h"
#include "kernel_lock.h"
#include "panic.h"
#include "timer.h"
#include "top_bit.h"
#include "vspace.h"

_Static_assert(SCHED_PRIORITIES / 64 < 64, "one summary bit per bitmap word");

void sched_enqueue(struct thread *t)
{
    struct hart *on = t->hart;
    unsigned p = t->priority;
    struct thread *h = on->ready_head[p];
    if (!h) {
        t->next = t->prev = t;
        on->ready_head[p] = t;
        on->ready_bitmap[p / 64] |= 1ull << (p % 64);
        on->ready_words |= 1ull << (p / 64);
    } else {
        t->prev = h->prev;
        t->next = h;
        h->prev->next = t;
        h->prev = t;
    }
    t->state = THREAD_READY;
    /* Placed on another hart that idles or runs something less urgent:
     * it must choose again, and only it can. One that polls sees the store
     * above; the fence orders it before the flag is read (idle_poll's end
     * pairs with it: one side sees the other). */
    if (on != this_hart() && (!on->current || on->current->priority < p)) {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&on->idle_polling, __ATOMIC_RELAXED))
            hart_kick(on);
    }
}

void sched_dequeue(struct thread *t)
{
    struct hart *on = t->hart;
    unsigned p = t->priority;
    kassert(t->state == THREAD_READY, "only ready threads are on a ready queue");
    if (t->next == t) {
        on->ready_head[p] = NULL;
        on->ready_bitmap[p / 64] &= ~(1ull << (p % 64));
        if (!on->ready_bitmap[p / 64])
            on->ready_words &= ~(1ull << (p / 64));
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (on->ready_head[p] == t)
            on->ready_head[p] = t->next;
    }
    t->next = t->prev = NULL;
}

void sched_wake(struct thread *t)
{
    t->blocked_on = NULL;
    sched_enqueue(t);
}

/* The highest priority with a ready thread, or -1: the summary word names
 * the highest non-empty bitmap word, so no empty word is visited. */
static int highest_ready(const struct hart *h)
{
    uint64_t words = h->ready_words;
    if (!words)
        return -1;
    unsigned w = top_bit(words);
    return (int)(w * 64 + top_bit(h->ready_bitmap[w]));
}

struct thread *sched_choose(void)
{
    struct hart *self = this_hart();
    struct thread *cur = self->current;
    int best = highest_ready(self);
    if (cur && cur->state == THREAD_RUNNING && (best < 0 || best <= cur->priority))
        return cur;
    if (best < 0)
        return NULL;
    struct thread *next = self->ready_head[best];
    sched_dequeue(next);
    if (cur && cur->state == THREAD_RUNNING)
        sched_enqueue(cur);  /* preempted by a higher priority: stays ready */
    return next;
}

void sched_rotate_current(void)
{
    struct thread *cur = current_thread;
    if (cur && cur->state == THREAD_RUNNING)
        sched_enqueue(cur);
}

/* instret counted while a hart had nothing to run, summed over the harts
 * (each adds its own counter's difference, under the kernel lock): from
 * finding no ready thread to finding one, the interrupts handled meanwhile
 * included (a timer tick that wakes nobody is the idle hart's, not a
 * program's). Under QEMU's -icount the counter follows virtual time, so
 * this is the idle time in instruction units; on hardware nothing retires
 * in wfi and it is about the handlers' work. */
static uint64_t idle_instret;

uint64_t sched_idle_instret(void)
{
    return idle_instret;
}

/* Before wfi while other harts run: watches this hart's ready queues and
 * its pending interrupts for up to timer_idle_poll_span() (100 us). A hart
 * that queues a thread here meanwhile sends no IPI (sched_enqueue): under
 * QEMU's multi-threaded TCG or a hypervisor a wfi gives the host core away,
 * and the IPI that ends it costs host wake-ups far dearer than the poll.
 * True when something is ready or pending: no wfi then. */
static bool idle_poll(struct hart *h)
{
    __atomic_store_n(&h->idle_polling, true, __ATOMIC_SEQ_CST);
    uint64_t until = csr_read_time() + timer_idle_poll_span();
    bool found;
    do
        found = __atomic_load_n(&h->ready_words, __ATOMIC_RELAXED) || (csr_read_sip() & csr_read_sie());
    while (!found && csr_read_time() < until);
    __atomic_store_n(&h->idle_polling, false, __ATOMIC_SEQ_CST);
    /* A hart that queued a thread after the last look saw the flag up and
     * sent no IPI: look once more now that it is down. */
    return found || __atomic_load_n(&h->ready_words, __ATOMIC_SEQ_CST);
}

/* Nothing to run: lets go of the lock and waits for an interrupt (wfi
 * wakes on one that sie enables even with sstatus.SIE off), then takes the
 * lock and opens interrupts for one moment so the pending one is handled
 * under it (its trap returns here), and looks again, until a thread is
 * ready. Out of line and cold: the counting costs the return to user mode
 * nothing. */
static __attribute__((noinline, cold)) struct thread *idle_until_ready(void)
{
    uint64_t start = csr_read_instret();
    struct thread *next;
    do {
        current_thread = NULL;
        bool others = harts_online & (harts_online - 1);
        if (others) /* alone, no other hart frees what satp names or queues a thread */
            hart_use_kernel_table(this_hart());
        kernel_lock_release();
        if (!(others && idle_poll(this_hart())))
            arch_wfi();
        kernel_lock_acquire();
        csr_set_sstatus(SSTATUS_SIE);
        csr_clear_sstatus(SSTATUS_SIE);
    } while (!(next = sched_choose()));
    idle_instret += csr_read_instret() - start;
    return next;
}

void sched_switch_to(struct thread *t)
{
    t->state = THREAD_RUNNING;
    current_thread = t;
    struct hart *h = this_hart();
    if (t->vspace->satp != h->active_satp) {
        h->active_satp = t->vspace->satp;
        csr_write_satp(h->active_satp);
        arch_sfence_vma_all();
    }
}

void sched_return_to_user(void)
{
    struct thread *next = sched_choose();
    if (!next)
        next = idle_until_ready();
    sched_switch_to(next);
    next->ctx.hart = this_hart();
    arch_return_to_user(&next->ctx);
}
