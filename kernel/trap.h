/* Trap vector installation and the C handlers trap.S calls. */
#pragma once
#include "arch/riscv/context.h"

void trap_init(void);
void handle_kernel_trap(struct kernel_frame *frame);
/* Any trap from user mode (trap.S: its registers are saved in ctx). */
void handle_user_trap(struct user_context *ctx);
struct thread;
/* An ecall of t, the thread this hart runs, that the IPC fastpath did not take. */
__attribute__((noreturn)) void handle_user_syscall(struct thread *t);
