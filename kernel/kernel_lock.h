/* The big kernel lock: one kernel path runs at a time, on any hart. A hart
 * takes it on every entry from user mode (trap.S, before any C code) and
 * when it leaves the idle wait; it lets go on the way back to user mode
 * (arch_return_to_user) and before it waits for an interrupt. Interrupts
 * are taken in the kernel only by a hart that holds it (the idle loop opens
 * them after taking it), and a kernel path never opens them otherwise, so
 * the holder runs to its end before another path starts.
 * The lock word holds the owner's struct hart pointer (0: free), so the
 * ownership checks below are one compare. */
#pragma once
#include "hart.h"

extern struct hart *volatile kernel_lock_owner;

void kernel_lock_acquire(void);
void kernel_lock_release(void);

/* Every "Ownership: under the big kernel lock" comment is checked through
 * this, on every syscall and interrupt past the IPC fastpath: the calling
 * hart holds the lock. (Interrupts stay off in a kernel path because only
 * the idle loop opens them, after taking the lock.) */
__attribute__((always_inline)) static inline void kernel_assert_exclusive(void)
{
    kassert(kernel_lock_owner == this_hart(), "the big kernel lock is held by this hart");
}
