/* Reading the fault messages the kernel sends to a thread's fault endpoint
 * (label MICA_LABEL_FAULT, words scause, sepc, stval). */
#ifndef MICA_FAULT_H
#define MICA_FAULT_H
#include <stdint.h>

#include <mica/ipc.h>

struct ipc_fault {
    uint64_t scause;
    uint64_t pc;
    uint64_t stval;
};

static inline int ipc_is_fault(const struct ipc_msg *m)
{
    return m->badge >= 0 && MICA_MSGINFO_LABEL(m->info) == MICA_LABEL_FAULT;
}

static inline struct ipc_fault ipc_fault_of(const struct ipc_msg *m)
{
    return (struct ipc_fault){ m->w[0], m->w[1], m->w[2] };
}

/* "load page fault", "illegal instruction", ... (RISC-V privileged spec
 * exception codes); "unknown cause" otherwise. */
const char *ipc_fault_cause_name(uint64_t scause);

/* The exception codes user programs provoke on purpose and tests check. */
#define RISCV_CAUSE_ILLEGAL_INSTRUCTION 2u
#define RISCV_CAUSE_LOAD_ACCESS_FAULT 5u
#define RISCV_CAUSE_STORE_ACCESS_FAULT 7u
#define RISCV_CAUSE_LOAD_PAGE_FAULT 13u
#define RISCV_CAUSE_STORE_PAGE_FAULT 15u

#endif
