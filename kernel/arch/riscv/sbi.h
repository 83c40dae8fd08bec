/* Calls into the SBI firmware (OpenSBI) running in M-mode.
 * Only what the kernel needs: timer, reset, hart state (starting the
 * secondary harts), IPIs, remote fences, and the legacy console used
 * before the device tree names a UART. */
#pragma once
#include <stdint.h>

struct sbi_ret {
    long error;
    long value;
};

struct sbi_ret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43

#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1

void sbi_legacy_putchar(int ch);
void sbi_set_timer(uint64_t stime_value);
__attribute__((noreturn)) void sbi_shutdown(int failure);
long sbi_probe_extension(uint64_t ext);
/* Starts a stopped hart at physical address `start` with a0 = hartid,
 * a1 = opaque; returns the SBI error (0: started). */
long sbi_hart_start(uint64_t hartid, uint64_t start, uint64_t opaque);
/* HSM hart_stop: the calling hart stops; it returns only if the firmware
 * refuses, and then the hart idles in wfi for good. */
__attribute__((noreturn)) void sbi_hart_stop(void);
/* A supervisor software interrupt on every hart in the mask (bit i: hart i). */
void sbi_send_ipi(uint64_t hart_mask);
/* sfence.vma of [start, start + size) on every hart in the mask; returns
 * once they all have done it. */
void sbi_remote_sfence_vma(uint64_t hart_mask, uint64_t start, uint64_t size);
