/* The big kernel lock (kernel_lock.h). The word is taken with LR/SC rather
 * than a swap: a swap would write the waiter's pointer over the owner's
 * while it is held, and the word must name its owner for the checks. It is
 * cleared with release ordering. trap.S takes and drops the same word
 * inline on the user entry and exit paths. */
#include "kernel_lock.h"

struct hart *volatile kernel_lock_owner;

/* One attempt: true when the word was free and now names this hart. */
static inline bool try_take(struct hart *self)
{
    long failed;
    struct hart *was;
    __asm__ volatile("1: lr.d.aq %0, (%2)\n"
                     "   bnez %0, 2f\n"
                     "   sc.d %1, %3, (%2)\n"
                     "   bnez %1, 1b\n"
                     "2:"
                     : "=&r"(was), "=&r"(failed)
                     : "r"(&kernel_lock_owner), "r"(self)
                     : "memory");
    return was == NULL;
}

/* The contended path, also trap.S's: leaves any user address space (see
 * hart_use_kernel_table), marks the hart as waiting (its trap state is
 * saved by then, which a hart stopping this hart's thread waits for) and
 * spins on plain loads until the word looks free. */
void kernel_lock_spin(void);
void kernel_lock_spin(void)
{
    struct hart *self = this_hart();
    hart_use_kernel_table(self);
    /* Release: the trap state saved before it is visible to whoever sees the flag. */
    __atomic_store_n(&self->lock_waiting, true, __ATOMIC_RELEASE);
    do {
        while (kernel_lock_owner)
            __asm__ volatile("nop");
    } while (!try_take(self));
    __atomic_store_n(&self->lock_waiting, false, __ATOMIC_RELAXED);
}

void kernel_lock_acquire(void)
{
    struct hart *self = this_hart();
    kassert(kernel_lock_owner != self, "the kernel lock is not taken twice");
    if (!try_take(self))
        kernel_lock_spin();
}

void kernel_lock_release(void)
{
    kassert(kernel_lock_owner == this_hart(), "only the owner releases the kernel lock");
    __asm__ volatile("amoswap.d.rl zero, zero, (%0)" ::"r"(&kernel_lock_owner) : "memory");
}
