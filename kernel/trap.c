/* Trap dispatch in C. Kernel-mode exceptions are bugs and panic; interrupts
 * taken in the kernel (only while idle) are handled and resumed. */
#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"
#include "panic.h"
#include "timer.h"
#include "trap.h"

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
    csr_write_stvec((uint64_t)(uintptr_t)arch_trap_entry);
}

void handle_kernel_trap(struct kernel_frame *frame)
{
    if (frame->scause & SCAUSE_INTERRUPT) {
        switch (frame->scause & ~SCAUSE_INTERRUPT) {
        case IRQ_S_TIMER:
            timer_handle_interrupt();
            return;
        default:
            panic_trap(frame, "unexpected interrupt in kernel");
        }
    }
    panic_trap(frame, exception_name(frame->scause));
}

void handle_user_trap(struct user_context *ctx)
{
    (void)ctx;
    panic("user trap with no user space");
}
