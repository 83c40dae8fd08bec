/* Named accessors for the supervisor CSRs Mica touches.
 * Each CSR gets its own inline so call sites read as intent, and so the
 * few places that change machine state are easy to find with grep. */
#pragma once
#include <stdint.h>

#define CSR_READ_FN(name)                                                     \
    static inline uint64_t csr_read_##name(void)                              \
    {                                                                         \
        uint64_t value;                                                       \
        __asm__ volatile("csrr %0, " #name : "=r"(value));                    \
        return value;                                                         \
    }
#define CSR_WRITE_FN(name)                                                    \
    static inline void csr_write_##name(uint64_t value)                       \
    {                                                                         \
        __asm__ volatile("csrw " #name ", %0" ::"r"(value) : "memory");       \
    }
#define CSR_SET_CLEAR_FN(name)                                                \
    static inline void csr_set_##name(uint64_t bits)                          \
    {                                                                         \
        __asm__ volatile("csrs " #name ", %0" ::"r"(bits) : "memory");        \
    }                                                                         \
    static inline void csr_clear_##name(uint64_t bits)                        \
    {                                                                         \
        __asm__ volatile("csrc " #name ", %0" ::"r"(bits) : "memory");        \
    }

CSR_READ_FN(sstatus) CSR_WRITE_FN(sstatus) CSR_SET_CLEAR_FN(sstatus)
CSR_READ_FN(sie) CSR_WRITE_FN(sie) CSR_SET_CLEAR_FN(sie)
CSR_READ_FN(sip) CSR_SET_CLEAR_FN(sip)
CSR_READ_FN(stvec) CSR_WRITE_FN(stvec)
CSR_READ_FN(sscratch) CSR_WRITE_FN(sscratch)
CSR_READ_FN(sepc) CSR_WRITE_FN(sepc)
CSR_READ_FN(scause)
CSR_READ_FN(stval)
CSR_READ_FN(satp) CSR_WRITE_FN(satp)
CSR_READ_FN(time)
CSR_READ_FN(cycle)
CSR_READ_FN(instret)

/* Sstc's timer compare register, by number: an assembler need not know its
 * name. Only on a hart where arch_probe_stimecmp() said yes (timer.c). */
static inline void csr_write_stimecmp(uint64_t value)
{
    __asm__ volatile("csrw 0x14d, %0" ::"r"(value) : "memory");
}
CSR_WRITE_FN(scounteren)

/* sstatus bits */
#define SSTATUS_SIE (1ull << 1)
#define SSTATUS_SPIE (1ull << 5)
#define SSTATUS_SPP (1ull << 8)
#define SSTATUS_SUM (1ull << 18)

/* sie / sip bits */
#define SIE_SSIE (1ull << 1)
#define SIE_STIE (1ull << 5)
#define SIE_SEIE (1ull << 9)

/* scause */
#define SCAUSE_INTERRUPT (1ull << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

/* satp */
#define SATP_MODE_SV39 (8ull << 60)
#define SATP_PPN(pa) ((pa) >> 12)

static inline void arch_sfence_vma_all(void)
{
    __asm__ volatile("sfence.vma" ::: "memory");
}

static inline void arch_sfence_vma_addr(uint64_t va)
{
    __asm__ volatile("sfence.vma %0" ::"r"(va) : "memory");
}

static inline void arch_wfi(void)
{
    __asm__ volatile("wfi");
}

static inline void arch_fence_i(void)
{
    __asm__ volatile("fence.i" ::: "memory");
}
