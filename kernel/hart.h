/* Per-hart kernel state: what runs on the hart, which address space its
 * satp holds, and the top of its kernel stack. Everything else is global
 * under the big kernel lock, so adding harts means adding entries here.
 * Ownership: each entry is touched only by its own hart. */
#pragma once
#include <stdint.h>
#include "machine.h"

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
