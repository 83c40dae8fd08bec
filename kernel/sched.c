/* The scheduler. The kernel runs on one stack per hart and never blocks
 * inside itself: a syscall that must wait records why in the thread and
 * returns here, which picks the next thread and leaves the kernel. */
#include "sched.h"
#include "arch/riscv/csr.h"
#include "panic.h"
#include "timer.h"
#include "vspace.h"

/* Ready queues: circular doubly-linked lists, head per priority. */
static struct thread *ready_head[SCHED_PRIORITIES];
static uint64_t ready_bitmap[SCHED_PRIORITIES / 64];
/* Bit w set iff ready_bitmap[w] is not 0: "anything ready above" is two
 * tests on the IPC fast path instead of a walk over the words. */
static uint64_t ready_words;
_Static_assert(SCHED_PRIORITIES / 64 < 64, "one summary bit per bitmap word");

void sched_enqueue(struct thread *t)
{
    unsigned p = t->priority;
    struct thread *h = ready_head[p];
    if (!h) {
        t->next = t->prev = t;
        ready_head[p] = t;
        ready_bitmap[p / 64] |= 1ull << (p % 64);
        ready_words |= 1ull << (p / 64);
    } else {
        t->prev = h->prev;
        t->next = h;
        h->prev->next = t;
        h->prev = t;
    }
    t->state = THREAD_READY;
}

void sched_dequeue(struct thread *t)
{
    unsigned p = t->priority;
    kassert(t->state == THREAD_READY, "only ready threads are on a ready queue");
    if (t->next == t) {
        ready_head[p] = NULL;
        ready_bitmap[p / 64] &= ~(1ull << (p % 64));
        if (!ready_bitmap[p / 64])
            ready_words &= ~(1ull << (p / 64));
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (ready_head[p] == t)
            ready_head[p] = t->next;
    }
    t->next = t->prev = NULL;
}

void sched_wake(struct thread *t)
{
    t->blocked_on = NULL;
    sched_enqueue(t);
}

static int highest_ready(void)
{
    for (int w = SCHED_PRIORITIES / 64 - 1; w >= 0; w--)
        if (ready_bitmap[w])
            return w * 64 + 63 - __builtin_clzll(ready_bitmap[w]);
    return -1;
}

bool sched_none_above(unsigned priority)
{
    /* Only bits above `priority` in its own word, and any word above it, matter. */
    unsigned w = priority / 64;
    uint64_t above = (priority % 64 == 63) ? 0 : ~0ull << (priority % 64 + 1);
    return !(ready_bitmap[w] & above) && !(ready_words >> w >> 1);
}

struct thread *sched_choose(void)
{
    struct thread *cur = current_thread;
    int best = highest_ready();
    if (cur && cur->state == THREAD_RUNNING && (best < 0 || best <= cur->priority))
        return cur;
    if (best < 0)
        return NULL;
    struct thread *next = ready_head[best];
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

/* instret counted while a hart had nothing to run: from finding no ready
 * thread to finding one, the interrupts handled meanwhile included (a timer
 * tick that wakes nobody is the idle hart's, not a program's). Under QEMU's
 * -icount the counter follows virtual time, so this is the idle time in
 * instruction units; on hardware nothing retires in wfi and it is about
 * the handlers' work. */
static uint64_t idle_instret;

uint64_t sched_idle_instret(void)
{
    return idle_instret;
}

/* Waits for an interrupt, handles it on this stack (its trap returns here)
 * and looks again, until a thread is ready. wfi wakes on a pending enabled
 * interrupt with SIE clear too; SIE opens only to take it. Out of line and
 * cold: the counting costs the return to user mode nothing. */
static __attribute__((noinline, cold)) struct thread *idle_until_ready(void)
{
    uint64_t start = csr_read_instret();
    struct thread *next;
    do {
        current_thread = NULL;
        arch_wfi();
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
    next->ctx.kernel_sp = this_hart()->stack_top;
    arch_return_to_user(&next->ctx);
}
