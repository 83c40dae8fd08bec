/* Names of RISC-V synchronous exception causes, as the privileged spec
 * words them, for fault reports. */
#include <mica/fault.h>

static const char *const cause_names[] = {
    [0] = "instruction address misaligned",
    [1] = "instruction access fault",
    [RISCV_CAUSE_ILLEGAL_INSTRUCTION] = "illegal instruction",
    [3] = "breakpoint",
    [4] = "load address misaligned",
    [RISCV_CAUSE_LOAD_ACCESS_FAULT] = "load access fault",
    [6] = "store address misaligned",
    [RISCV_CAUSE_STORE_ACCESS_FAULT] = "store access fault",
    [8] = "environment call from U-mode",
    [12] = "instruction page fault",
    [RISCV_CAUSE_LOAD_PAGE_FAULT] = "load page fault",
    [RISCV_CAUSE_STORE_PAGE_FAULT] = "store page fault",
};

const char *ipc_fault_cause_name(uint64_t scause)
{
    if (scause < sizeof cause_names / sizeof cause_names[0] && cause_names[scause])
        return cause_names[scause];
    return "unknown cause";
}
