/* Fatal kernel errors: print the cause, the trap state if any, registers
 * and a frame-pointer backtrace, then power off with a failure status. */
#pragma once
#include "arch/riscv/context.h"

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
__attribute__((noreturn)) void panic_trap(const struct kernel_frame *frame, const char *why);

/* Invariant checks stay on in every build; the message names the invariant. */
#define kassert(cond, invariant)                                               \
    do {                                                                       \
        if (!(cond))                                                           \
            panic("invariant violated: %s (%s:%d)", invariant, __FILE__, __LINE__); \
    } while (0)
