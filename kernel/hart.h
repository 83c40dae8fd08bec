/* Per-hart kernel state: what runs on the hart, which address space its
 * satp holds, and the top of its kernel stack, and the rule every other
 * kernel structure's "Ownership:" comment refers to (kernel_exclusive).
 * Ownership: each entry is touched only by its own hart. */
#pragma once
#include <stdint.h>
#include "arch/riscv/csr.h"
#include "machine.h"
#include "panic.h"

struct thread;

struct hart {
    struct thread *current;     /* running thread; NULL while idle */
    uint64_t active_satp;       /* what satp holds, to skip needless switches */
    uint64_t stack_top;         /* kernel stack, reset on every trap from user */
    uint32_t hartid;
};

extern struct hart harts[MACHINE_MAX_HARTS];

/* Only the boot hart runs the kernel today; with SMP this becomes a lookup
 * through a register the trap entry sets. */
static inline struct hart *this_hart(void)
{
    return &harts[0];
}

void hart_init_boot(uint32_t hartid, uint64_t stack_top);

/* The kernel's one ownership rule today: one hart runs kernel code (no
 * secondary hart is ever started) and a kernel path is not preemptible
 * (interrupts stay off from trap entry until the return to user mode; only
 * the idle loop opens them), so a path runs to its end before another
 * starts and needs no lock. Checked at every user trap past the fastpath; SMP must
 * replace this with a real lock before a second hart runs. */
static inline void kernel_assert_exclusive(void)
{
    kassert(!(csr_read_sstatus() & SSTATUS_SIE),
            "kernel not preemptible: interrupts stay off in a kernel path");
}
