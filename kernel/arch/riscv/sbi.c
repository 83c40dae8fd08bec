/* SBI ecall wrappers. The calling convention (a7 = extension, a6 = function,
 * a0/a1 = error/value) is from the RISC-V SBI specification. */
#include "arch/riscv/sbi.h"

struct sbi_ret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t r_a0 __asm__("a0") = a0;
    register uint64_t r_a1 __asm__("a1") = a1;
    register uint64_t r_a2 __asm__("a2") = a2;
    register uint64_t r_a3 __asm__("a3") = a3;
    register uint64_t r_a6 __asm__("a6") = fid;
    register uint64_t r_a7 __asm__("a7") = ext;
    __asm__ volatile("ecall"
                     : "+r"(r_a0), "+r"(r_a1)
                     : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
                     : "memory");
    return (struct sbi_ret){ .error = (long)r_a0, .value = (long)r_a1 };
}

void sbi_legacy_putchar(int ch)
{
    sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (uint64_t)ch, 0, 0, 0);
}

void sbi_set_timer(uint64_t stime_value)
{
    sbi_call(SBI_EXT_TIME, 0, stime_value, 0, 0, 0);
}

long sbi_probe_extension(uint64_t ext)
{
    return sbi_call(SBI_EXT_BASE, 3, ext, 0, 0, 0).value;
}

void sbi_shutdown(int failure)
{
    sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN,
             failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}

long sbi_hart_start(uint64_t hartid, uint64_t start, uint64_t opaque)
{
    return sbi_call(SBI_EXT_HSM, 0, hartid, start, opaque, 0).error;
}

void sbi_hart_stop(void)
{
    sbi_call(SBI_EXT_HSM, 1, 0, 0, 0, 0);
    for (;;) /* the firmware refused: the hart still runs nothing */
        __asm__ volatile("wfi");
}

/* Hart ids stay below 64 (MACHINE_MAX_HARTS): masks are based at hart 0. */
void sbi_send_ipi(uint64_t hart_mask)
{
    sbi_call(SBI_EXT_IPI, 0, hart_mask, 0, 0, 0);
}

void sbi_remote_sfence_vma(uint64_t hart_mask, uint64_t start, uint64_t size)
{
    sbi_call(SBI_EXT_RFENCE, 1, hart_mask, 0, start, size);
}
