/* Per-hart kernel state: what runs on the hart, which address space its
 * satp holds, its kernel stack, timer and PLIC context. The kernel keeps a
 * pointer to its hart's entry in tp (trap.S loads it on every entry from
 * user mode from the running thread's context), so this_hart() is a
 * register read.
 * Ownership: the fields change under the big kernel lock (kernel_lock.h):
 * the ready queues and `current` (a thread stopped from another hart) by
 * any hart, the rest by the hart itself; `arrival`, `lock_waiting`,
 * `idle_polling` and `active_satp` are also written by their own hart
 * outside the lock (while it waits for it or idles), and `arrival`,
 * `lock_waiting` and `idle_polling` are read by others (`arrival` also
 * written by the boot hart: hart_boot.c); an idle hart reads
 * its own `ready_words` outside the lock (sched.c, idle_poll). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "arch/riscv/csr.h"
#include "machine.h"
#include "panic.h"

struct thread;

#define SCHED_PRIORITIES 256

/* A started secondary hart either reaches the kernel while the boot hart
 * waits for it (ARRIVED) or is given up (ABANDONED); whichever of the two
 * harts changes STARTING first decides, so a hart that comes late stops
 * instead of running beside a kernel that does not count it. */
enum { HART_STARTING, HART_ARRIVED, HART_ABANDONED };

struct hart {
    struct thread *current;     /* running thread; NULL while idle */
    uint64_t active_satp;       /* what satp holds, to skip needless switches */
    uint64_t stack_top;         /* kernel stack, reset on every trap from user */
    uint32_t hartid;
    uint32_t plic_context;      /* S-mode context on the kernel's PLIC; UINT32_MAX: none */
    bool online;                /* runs the scheduler (from its arrival: hart_boot.c) */
    uint32_t arrival;           /* HART_STARTING, _ARRIVED or _ABANDONED, taken by compare-and-swap */
    uint32_t came_at_boot_entry; /* set by entry.S: the firmware sent it to the kernel's first entry */
    volatile bool lock_waiting; /* spinning for the kernel lock, its trap state saved */
    volatile bool idle_polling; /* idle and watching ready_words: a thread queued here needs no IPI */
    uint64_t tick_deadline;     /* its next timer interrupt (timer.c) */
    uint64_t isa_extensions;    /* its cpu node's, ISA_KERNEL_ bits included (set before it starts) */
    bool tick_stimecmp;         /* its timer is Sstc's stimecmp, not the SBI call (timer.c) */
    struct hart *volatile *lock_word; /* &kernel_lock_owner: trap.S reaches it in one load */
    /* Its ready queues (sched.c): bit w of ready_words is set iff
     * ready_bitmap[w] is not 0, so "anything ready above" is two tests on
     * the IPC fastpath instead of a walk over the words. */
    uint64_t ready_words;
    uint64_t ready_bitmap[SCHED_PRIORITIES / 64];
    struct thread *ready_head[SCHED_PRIORITIES]; /* circular lists, one per priority */
};

extern struct hart harts[MACHINE_MAX_HARTS];
/* The hart that entered the kernel first: it counts the global ticks. */
extern uint32_t boot_hartid;
/* Bit i set once hart i runs the scheduler. */
extern uint64_t harts_online;
/* The MICA_ISA_EXTENSION() bits every hart that runs threads has, final
 * once harts_start_secondaries() returns (system_info reports them). */
extern uint64_t harts_isa_extensions;

register struct hart *hart_register __asm__("tp");

static inline struct hart *this_hart(void)
{
    return hart_register;
}

/* Sets up the boot hart's entry and points tp at it. */
void hart_init_boot(uint32_t hartid, uint64_t stack_top);
/* Points the hart's satp at the kernel's own table. A hart does this
 * before it waits outside the kernel lock (idle while other harts run, or
 * spinning for it), so
 * a hart's satp names a user address space only while it runs one of that
 * space's threads or holds the lock: an address space whose last thread is
 * gone is in no hart's satp, and its tables can be freed. */
void hart_use_kernel_table(struct hart *h);
/* Makes another hart trap (a software interrupt) so it chooses again. */
void hart_kick(const struct hart *h);
/* Other harts that run the scheduler, as an SBI hart mask. */
static inline uint64_t harts_other_online(void)
{
    return harts_online & ~(1ull << this_hart()->hartid);
}
