/* kfault: a program that faults on purpose, so the system test can see init
 * report a user fault and carry on. arg 0: load from an unmapped address;
 * arg 1: an illegal instruction. */
#include <stdint.h>

#include <mica/log.h>
#include <mica/runtime.h>

MICA_PROGRAM("kfault");

/* Never mapped in any process: below the image base. */
#define KFAULT_BAD_ADDRESS 0x1000u

int mica_main(uintptr_t arg)
{
    ipc_log_info("about to fault (%s)", arg ? "illegal instruction" : "bad load");
    if (arg)
        __asm__ volatile(".word 0"); /* all-zero is defined to be illegal */
    else
        (void)*(volatile uint64_t *)(uintptr_t)KFAULT_BAD_ADDRESS;
    ipc_log_error("still running after the fault");
    return 1;
}
