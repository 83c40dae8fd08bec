/* Panic report. Everything here must work with the kernel in a bad state:
 * polled console, no allocation, a bounded backtrace that stops at the first
 * frame pointer outside the kernel image or stacks. */
#include "panic.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "console.h"
#include "lib/format.h"
#include "power.h"
#include <stdarg.h>

#define PANIC_EXIT_STATUS 3
#define BACKTRACE_MAX 16

extern char _start[], __text_end[], __image_end[];

static const char *const reg_names[32] = {
    "pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static bool in_kernel_image(uint64_t addr)
{
    return addr >= (uint64_t)(uintptr_t)_start && addr < (uint64_t)(uintptr_t)__image_end;
}

/* RISC-V frame layout with frame pointers: fp[-1] = return address, fp[-2] = caller's fp. */
static void backtrace_from(uint64_t fp, uint64_t pc)
{
    kprintf("kernel|error: backtrace:\n");
    kprintf("kernel|error:   #0 %p\n", (void *)pc);
    for (int depth = 1; depth < BACKTRACE_MAX; depth++) {
        if (fp & 7 || !in_kernel_image(fp - 16))
            break;
        uint64_t ra = ((uint64_t *)fp)[-1];
        uint64_t next = ((uint64_t *)fp)[-2];
        if (!in_kernel_image(ra) || ra >= (uint64_t)(uintptr_t)__text_end)
            break;
        kprintf("kernel|error:   #%d %p\n", depth, (void *)ra);
        if (next <= fp)
            break;
        fp = next;
    }
}

__attribute__((noreturn)) static void halt(void)
{
    kprintf("kernel|error: system halted, powering off\n");
    power_off(PANIC_EXIT_STATUS);
}

void panic(const char *fmt, ...)
{
    csr_clear_sstatus(SSTATUS_SIE);
    va_list ap;
    va_start(ap, fmt);
    kprintf("kernel|error: PANIC: ");
    kvprintf(fmt, ap);
    kprintf("\n");
    va_end(ap);
    kprintf("kernel|error: sepc=%lx stval=%lx scause=%lx\n",
            csr_read_sepc(), csr_read_stval(), csr_read_scause());
    backtrace_from((uint64_t)(uintptr_t)__builtin_frame_address(0),
                   (uint64_t)(uintptr_t)__builtin_return_address(0));
    halt();
}

void panic_trap(const struct kernel_frame *f, const char *why)
{
    csr_clear_sstatus(SSTATUS_SIE);
    kprintf("kernel|error: PANIC: %s\n", why);
    kprintf("kernel|error: scause=%lx sepc=%lx stval=%lx sstatus=%lx\n",
            f->scause, f->regs[0], f->stval, f->sstatus);
    for (int i = 0; i < 32; i += 4)
        kprintf("kernel|error: %3s=%016lx %3s=%016lx %3s=%016lx %3s=%016lx\n",
                reg_names[i], f->regs[i], reg_names[i + 1], f->regs[i + 1],
                reg_names[i + 2], f->regs[i + 2], reg_names[i + 3], f->regs[i + 3]);
    backtrace_from(f->regs[REG_S0], f->regs[0]);
    halt();
}
