/* Trap vector installation and the C handlers trap.S calls. */
#pragma once
#include "arch/riscv/context.h"

void trap_init(void);
void handle_kernel_trap(struct kernel_frame *frame);
void handle_user_trap(struct user_context *ctx);
