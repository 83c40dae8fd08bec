/* Trap entry and exit. sscratch holds the running thread's user_context
 * while in user mode and 0 while in the kernel, which is how one vector
 * tells the two apart without touching any other register first. In the
 * kernel tp holds this hart's struct hart (the context names it), and an
 * entry from user mode takes the big kernel lock (kernel_lock.h) before any
 * C code runs; the return to user mode drops it. */
#include "asm-offsets.h"

#define SAVE(reg, n, base) sd reg, (UCTX_REGS + 8 * n)(base)
#define LOAD(reg, n, base) ld reg, (UCTX_REGS + 8 * n)(base)
#define KSAVE(reg, n) sd reg, (KFRAME_REGS + 8 * n)(sp)
#define KLOAD(reg, n) ld reg, (KFRAME_REGS + 8 * n)(sp)

    .section .text
    .balign 4
    .globl arch_trap_entry
arch_trap_entry:
    csrrw   sp, sscratch, sp
    beqz    sp, trap_from_kernel

    /* From user mode: sp = &thread->context, sscratch = user sp. */
    SAVE(ra, 1, sp)
    SAVE(gp, 3, sp)
    SAVE(tp, 4, sp)
    SAVE(t0, 5, sp)
    SAVE(t1, 6, sp)
    SAVE(t2, 7, sp)
    SAVE(s0, 8, sp)
    SAVE(s1, 9, sp)
    SAVE(a0, 10, sp)
    SAVE(a1, 11, sp)
    SAVE(a2, 12, sp)
    SAVE(a3, 13, sp)
    SAVE(a4, 14, sp)
    SAVE(a5, 15, sp)
    SAVE(a6, 16, sp)
    SAVE(a7, 17, sp)
    SAVE(s2, 18, sp)
    SAVE(s3, 19, sp)
    SAVE(s4, 20, sp)
    SAVE(s5, 21, sp)
    SAVE(s6, 22, sp)
    SAVE(s7, 23, sp)
    SAVE(s8, 24, sp)
    SAVE(s9, 25, sp)
    SAVE(s10, 26, sp)
    SAVE(s11, 27, sp)
    SAVE(t3, 28, sp)
    SAVE(t4, 29, sp)
    SAVE(t5, 30, sp)
    SAVE(t6, 31, sp)
    csrr    t0, sscratch
    SAVE(t0, 2, sp)
    csrr    t0, sepc
    SAVE(t0, 0, sp)
    csrw    sscratch, zero
    ld      tp, UCTX_HART(sp)
    addi    a6, sp, -THREAD_CTX     /* the thread these registers belong to */
    ld      sp, HART_STACK_TOP(tp)
    ld      t0, HART_LOCK_WORD(tp)
3:  lr.d.aq t1, (t0)                /* the kernel lock: LR/SC, see kernel_lock.c */
    bnez    t1, 2f
    sc.d    t1, tp, (t0)
    bnez    t1, 3b
    /* An ecall of the thread this hart runs: ipc_call and ipc_reply_recv
     * go to the IPC fastpath with their arguments still in a0..a5 and the
     * thread in a6 (all saved above as well, for the slow path). Calls are
     * jal: the kernel's text is well within its reach. */
    csrr    t0, scause
    li      t1, SCAUSE_ECALL_U
    bne     t0, t1, 4f
    ld      t0, HART_CURRENT(tp)
    bne     t0, a6, 4f
    li      t1, SYS_IPC_CALL
    beq     a7, t1, 5f
    li      t1, SYS_IPC_REPLY_RECV
    beq     a7, t1, 6f
    mv      a0, a6
    jal     handle_user_syscall     /* does not return: it ends in arch_return_to_user */
5:  jal     fastpath_call           /* returns the thread only when the fastpath does not apply */
    jal     handle_user_syscall
6:  jal     fastpath_reply_recv     /* the same */
    jal     handle_user_syscall
4:  addi    a0, a6, THREAD_CTX
    jal     handle_user_trap        /* does not return either */
1:  j       1b
2:  mv      s1, a6                  /* contended: the thread survives the wait in s1 */
    call    kernel_lock_spin
    addi    a0, s1, THREAD_CTX
    call    handle_user_trap
    j       1b

trap_from_kernel:
    csrrw   sp, sscratch, sp        /* sp back, sscratch = 0 again */
    addi    sp, sp, -KFRAME_SIZE
    KSAVE(ra, 1)
    KSAVE(gp, 3)
    KSAVE(tp, 4)
    KSAVE(t0, 5)
    KSAVE(t1, 6)
    KSAVE(t2, 7)
    KSAVE(s0, 8)
    KSAVE(s1, 9)
    KSAVE(a0, 10)
    KSAVE(a1, 11)
    KSAVE(a2, 12)
    KSAVE(a3, 13)
    KSAVE(a4, 14)
    KSAVE(a5, 15)
    KSAVE(a6, 16)
    KSAVE(a7, 17)
    KSAVE(s2, 18)
    KSAVE(s3, 19)
    KSAVE(s4, 20)
    KSAVE(s5, 21)
    KSAVE(s6, 22)
    KSAVE(s7, 23)
    KSAVE(s8, 24)
    KSAVE(s9, 25)
    KSAVE(s10, 26)
    KSAVE(s11, 27)
    KSAVE(t3, 28)
    KSAVE(t4, 29)
    KSAVE(t5, 30)
    KSAVE(t6, 31)
    addi    t0, sp, KFRAME_SIZE
    KSAVE(t0, 2)
    csrr    t0, sepc
    KSAVE(t0, 0)
    csrr    t0, sstatus
    sd      t0, KFRAME_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, KFRAME_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, KFRAME_STVAL(sp)
    mv      a0, sp
    call    handle_kernel_trap
    ld      t0, KFRAME_SSTATUS(sp)
    csrw    sstatus, t0
    KLOAD(t0, 0)
    csrw    sepc, t0
    KLOAD(ra, 1)
    KLOAD(gp, 3)
    KLOAD(tp, 4)
    KLOAD(t0, 5)
    KLOAD(t1, 6)
    KLOAD(t2, 7)
    KLOAD(s0, 8)
    KLOAD(s1, 9)
    KLOAD(a0, 10)
    KLOAD(a1, 11)
    KLOAD(a2, 12)
    KLOAD(a3, 13)
    KLOAD(a4, 14)
    KLOAD(a5, 15)
    KLOAD(a6, 16)
    KLOAD(a7, 17)
    KLOAD(s2, 18)
    KLOAD(s3, 19)
    KLOAD(s4, 20)
    KLOAD(s5, 21)
    KLOAD(s6, 22)
    KLOAD(s7, 23)
    KLOAD(s8, 24)
    KLOAD(s9, 25)
    KLOAD(s10, 26)
    KLOAD(s11, 27)
    KLOAD(t3, 28)
    KLOAD(t4, 29)
    KLOAD(t5, 30)
    KLOAD(t6, 31)
    addi    sp, sp, KFRAME_SIZE
    sret

    /* The common part of both returns to user mode: drop the kernel lock,
     * point sscratch at the context in `base`, and load sepc and every
     * register but a0..a6 from it. */
    .macro LEAVE_KERNEL base
    ld      t0, HART_LOCK_WORD(tp)
    amoswap.d.rl zero, zero, (t0)   /* every kernel store is visible before the lock is free */
    csrw    sscratch, \base
    LOAD(t0, 0, \base)
    csrw    sepc, t0
    LOAD(ra, 1, \base)
    LOAD(sp, 2, \base)
    LOAD(gp, 3, \base)
    LOAD(tp, 4, \base)
    LOAD(t0, 5, \base)
    LOAD(t1, 6, \base)
    LOAD(t2, 7, \base)
    LOAD(s0, 8, \base)
    LOAD(s1, 9, \base)
    LOAD(a7, 17, \base)
    LOAD(s2, 18, \base)
    LOAD(s3, 19, \base)
    LOAD(s4, 20, \base)
    LOAD(s5, 21, \base)
    LOAD(s6, 22, \base)
    LOAD(s7, 23, \base)
    LOAD(s8, 24, \base)
    LOAD(s9, 25, \base)
    LOAD(s10, 26, \base)
    LOAD(s11, 27, \base)
    LOAD(t3, 28, \base)
    LOAD(t4, 29, \base)
    LOAD(t5, 30, \base)
    LOAD(t6, 31, \base)
    .endm

    /* arch_return_to_user(struct user_context *ctx) */
    .globl arch_return_to_user
arch_return_to_user:
    ld      t0, UCTX_SSTATUS(a0)
    csrw    sstatus, t0
    LEAVE_KERNEL a0
    LOAD(a1, 11, a0)
    LOAD(a2, 12, a0)
    LOAD(a3, 13, a0)
    LOAD(a4, 14, a0)
    LOAD(a5, 15, a0)
    LOAD(a6, 16, a0)
    LOAD(a0, 10, a0)
    sret

    /* arch_fast_return_to_user(a0..a5, struct user_context *ctx in a6): the
     * IPC fastpath's exit. a0..a5 hold the delivered message already, so
     * they are not loaded; sstatus is not written because the fastpath runs
     * straight from a trap from user mode, which left SPP = user and
     * SPIE = 1, what every thread's ctx.sstatus holds. */
    .globl arch_fast_return_to_user
arch_fast_return_to_user:
    LEAVE_KERNEL a6
    LOAD(a6, 16, a6)
    sret
