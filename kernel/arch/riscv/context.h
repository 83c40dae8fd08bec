/* Register state saved on a trap: user_context lives in each thread (the
 * kernel runs on one stack per hart, so a thread that is not running is
 * fully described by this struct); kernel_frame is pushed on that stack when
 * the kernel itself traps. trap.S reaches the fields through asm-offsets. */
#pragma once
#include <stdint.h>

struct hart;

struct user_context {
    uint64_t regs[32];      /* x0..x31; regs[0] holds sepc (x0 needs no slot) */
    uint64_t sstatus;
    struct hart *hart;      /* the hart it runs on, set on switch-in: trap.S loads tp from it */
};
#define CTX_PC regs[0]

struct kernel_frame {
    uint64_t regs[32];      /* regs[0] holds sepc */
    uint64_t sstatus;
    uint64_t scause;
    uint64_t stval;
    uint64_t pad;           /* keeps the frame a multiple of 16 bytes */
};

_Static_assert(sizeof(struct kernel_frame) % 16 == 0, "kernel stack alignment");

enum reg_index {
    REG_RA = 1, REG_SP = 2, REG_GP = 3, REG_TP = 4,
    REG_T0 = 5, REG_T1 = 6, REG_T2 = 7, REG_S0 = 8, REG_S1 = 9,
    REG_A0 = 10, REG_A1 = 11, REG_A2 = 12, REG_A3 = 13, REG_A4 = 14, REG_A5 = 15,
    REG_A6 = 16, REG_A7 = 17,
};

/* Enters user mode with the given context; does not return. */
__attribute__((noreturn)) void arch_return_to_user(struct user_context *ctx);
/* The IPC fastpath's exit: enters user mode with ctx's registers except
 * a0..a5, which get the six values given (the delivered message; ctx's own
 * a0..a5 stay as they are), and with sstatus as the trap from user mode
 * left it. */
__attribute__((noreturn)) void arch_fast_return_to_user(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                                                        uint64_t a4, uint64_t a5, struct user_context *ctx);
void arch_trap_entry(void);

/* probe.S: a read that returns -1 instead of faulting (width 1 or 4). */
long arch_probe_read(const volatile void *addr, unsigned width);
void arch_probe_load8(void);
void arch_probe_load32(void);
void arch_probe_fault(void);
/* probe.S: 0 when S-mode may read and write stimecmp (Sstc), else -1. */
long arch_probe_stimecmp(void);
void arch_probe_csr_stimecmp(void);
