/* Trap dispatch in C. Kernel-mode exceptions are bugs and panic, except a
 * load fault inside arch_probe_read (probe.S), which returns -1 to its
 * caller; interrupts taken in the kernel (only while idle, with the kernel
 * lock held) are handled and resumed. */
#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"
#include "panic.h"
#include "timer.h"
#include "trap.h"
#include "fastpath.h"
#include "console.h"
#include "endpoint.h"
#include "irq.h"
#include "kernel_lock.h"
#include "sched.h"
#include "syscall.h"
#include "thread.h"

static const char *exception_name(uint64_t cause)
{
    switch (cause) {
    case EXC_INST_MISALIGNED: return "instruction address misaligned";
    case EXC_INST_ACCESS: return "instruction access fault";
    case EXC_ILLEGAL_INST: return "illegal instruction";
    case EXC_BREAKPOINT: return "breakpoint";
    case EXC_LOAD_MISALIGNED: return "load address misaligned";
    case EXC_LOAD_ACCESS: return "load access fault";
    case EXC_STORE_MISALIGNED: return "store address misaligned";
    case EXC_STORE_ACCESS: return "store access fault";
    case EXC_ECALL_U: return "environment call from U-mode";
    case EXC_ECALL_S: return "environment call from S-mode";
    case EXC_INST_PAGE_FAULT: return "instruction page fault";
    case EXC_LOAD_PAGE_FAULT: return "load page fault";
    case EXC_STORE_PAGE_FAULT: return "store page fault";
    default: return "unknown exception";
    }
}

void trap_init(void)
{
    csr_write_sscratch(0);
    /* User mode may read cycle, time and instret: benchmarks time themselves. */
    csr_write_scounteren(7);
    csr_write_stvec((uint64_t)(uintptr_t)arch_trap_entry);
}

void handle_kernel_trap(struct kernel_frame *frame)
{
    if (frame->scause & SCAUSE_INTERRUPT) {
        kernel_assert_exclusive(); /* only the idle loop opens interrupts, holding the lock */
        switch (frame->scause & ~SCAUSE_INTERRUPT) {
        case IRQ_S_TIMER:
            timer_handle_interrupt();
            return;
        case IRQ_S_EXT:
            irq_handle_external();
            return;
        case IRQ_S_SOFT:
            csr_clear_sip(SIE_SSIE); /* a wake-up call: the idle loop looks again */
            return;
        default:
            panic_trap(frame, "unexpected interrupt in kernel");
        }
    }
    uint64_t cause = frame->scause, pc = frame->regs[0];
    if ((cause == EXC_LOAD_ACCESS || cause == EXC_LOAD_PAGE_FAULT) &&
        (pc == (uint64_t)(uintptr_t)arch_probe_load8 || pc == (uint64_t)(uintptr_t)arch_probe_load32)) {
        frame->regs[0] = (uint64_t)(uintptr_t)arch_probe_fault;
        return;
    }
    if (cause == EXC_ILLEGAL_INST && pc == (uint64_t)(uintptr_t)arch_probe_csr_stimecmp) {
        frame->regs[0] = (uint64_t)(uintptr_t)arch_probe_fault;
        return;
    }
    panic_trap(frame, exception_name(frame->scause));
}

/* A user exception ends the thread: it stops, and its fault endpoint (if
 * any) receives scause, sepc and stval so its supervisor can clean up. */
static void handle_user_fault(struct thread *t, uint64_t scause, uint64_t stval)
{
    log_warn("kernel", "thread %lu: %s at %lx (stval %lx)", t->thread_id, exception_name(scause),
             t->ctx.CTX_PC, stval);
    if (t->fault_ep.type == MICA_CAP_ENDPOINT)
        endpoint_send_fault(t, &t->fault_ep, scause, t->ctx.CTX_PC, stval);
    else
        t->state = THREAD_INACTIVE;
}

/* The thread this hart ran was stopped or moved by another hart while this
 * one waited for the lock: its registers are saved, a syscall or fault it
 * trapped for happens again wherever it runs next (its pc is unchanged), so
 * only an interrupt is left to handle here. */
__attribute__((noreturn)) static void handle_trap_of_stopped_thread(uint64_t scause)
{
    kernel_assert_exclusive();
    if (scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER))
        timer_handle_interrupt();
    else if (scause == (SCAUSE_INTERRUPT | IRQ_S_EXT))
        irq_handle_external();
    else if (scause == (SCAUSE_INTERRUPT | IRQ_S_SOFT))
        csr_clear_sip(SIE_SSIE);
    sched_return_to_user();
}

void handle_user_syscall(struct thread *t)
{
    kernel_assert_exclusive(); /* past the fastpath: it costs the call path nothing */
    syscall_dispatch(t);
    sched_return_to_user();
}

void handle_user_trap(struct user_context *ctx)
{
    struct thread *t = current_thread;
    uint64_t scause = csr_read_scause();
    if (__builtin_expect(!t, 0))
        handle_trap_of_stopped_thread(scause);
    kassert(ctx == &t->ctx, "a user trap saved the current thread's registers");
    if (scause == EXC_ECALL_U) {
        const uint64_t *r = ctx->regs;
        if (r[REG_A7] == MICA_SYS_ipc_call)
            fastpath_call(r[REG_A0], r[REG_A1], r[REG_A2], r[REG_A3], r[REG_A4], r[REG_A5], t);
        else if (r[REG_A7] == MICA_SYS_ipc_reply_recv)
            fastpath_reply_recv(r[REG_A0], r[REG_A1], r[REG_A2], r[REG_A3], r[REG_A4], r[REG_A5], t);
        handle_user_syscall(t);
    }
    kernel_assert_exclusive();
    if (scause & SCAUSE_INTERRUPT) {
        switch (scause & ~SCAUSE_INTERRUPT) {
        case IRQ_S_TIMER:
            timer_handle_interrupt();
            sched_rotate_current(); /* the time slice is one tick */
            break;
        case IRQ_S_EXT:
            irq_handle_external();
            break;
        case IRQ_S_SOFT:
            csr_clear_sip(SIE_SSIE); /* another hart asks this one to choose again */
            break;
        default:
            break;
        }
    } else {
        handle_user_fault(t, scause, csr_read_stval());
    }
    sched_return_to_user();
}
