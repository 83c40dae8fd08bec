/* Fixed-priority round-robin scheduler: per hart, one ready queue per
 * priority and a bitmap to find the highest non-empty one in a few
 * instructions. */
#pragma once
#include <stdbool.h>
#include "thread.h"


void sched_enqueue(struct thread *t);   /* at the tail of its priority */
void sched_dequeue(struct thread *t);
/* Makes a blocked thread ready. */
void sched_wake(struct thread *t);
/* Chooses what runs next: the current thread stays if it is still running
 * and nothing of higher priority is ready. */
struct thread *sched_choose(void);
/* Moves the current thread behind its equals (time slice over, yield). */
void sched_rotate_current(void);
/* Leaves the kernel into the chosen thread; idles (wfi) while none is ready. */
__attribute__((noreturn)) void sched_return_to_user(void);
/* instret counted since boot with no thread to run (MICA_INFO_IDLE_INSTRET). */
uint64_t sched_idle_instret(void);
/* True when no thread ready on this hart has a priority above `priority`:
 * only bits above it in its own word, and any word above it, matter. */
static inline bool sched_none_above(unsigned priority)
{
    const struct hart *h = this_hart();
    unsigned w = priority / 64;
    /* Shifted right by the bit's index and once more, a word keeps only
     * the bits above it (two shifts: one by 64 would be undefined). */
    return !(h->ready_bitmap[w] >> (priority % 64) >> 1) && !(h->ready_words >> w >> 1);
}
/* Switches the hart to thread t's address space and marks it current. */
void sched_switch_to(struct thread *t);
