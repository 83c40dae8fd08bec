/* The user C runtime: the program's entry point, exit, and more threads in
 * the same address space. */
#ifndef MICA_RUNTIME_H
#define MICA_RUNTIME_H
#include <stdint.h>

/* The program's entry, called by _start with the value the creator passed in
 * a0 (init: the boot-info address). Its return value is the exit status. */
int mica_main(uintptr_t arg);

/* Reports `status` to the parent (MICA_CHILD_SLOT_PARENT, if present) and
 * suspends the calling thread for good. */
__attribute__((noreturn)) void mica_exit(int status);

/* A thread in this process: stack and IPC buffer are fresh frames from the
 * process's quota, TLS is set up like the main thread's. Runs fn(arg) at
 * `priority` with faults reported to fault_ep (0: none); when fn returns
 * the thread suspends itself. Returns the thread's slot or a negative error. */
long ipc_thread_spawn(void (*fn)(uintptr_t), uintptr_t arg, unsigned priority, long fault_ep,
                      uint64_t stack_pages);
/* The harts that run the scheduler, the caller's first, at most `max` of
 * them into list; returns how many (0 only on an error). */
unsigned ipc_harts(unsigned *list, unsigned max);
/* The MICA_ISA_EXTENSION() bits (mica/abi/isa_extensions.h) every hart
 * that runs threads has; 0 when the kernel cannot say. */
uint64_t ipc_isa_extensions(void);

/* Counters read by user code (U-mode may read them; under -icount both
 * count retired instructions). */
static inline uint64_t arch_rdcycle(void)
{
    uint64_t v;
    __asm__ volatile("rdcycle %0" : "=r"(v));
    return v;
}

static inline uint64_t arch_rdtime(void)
{
    uint64_t v;
    __asm__ volatile("rdtime %0" : "=r"(v));
    return v;
}

static inline uint64_t arch_rdinstret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

#endif
