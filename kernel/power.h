/* Ending the run: SBI system reset, or on QEMU the sifive,test1 device when
 * a failure status must reach the host (SBI reset always exits 0 there). */
#pragma once
#include <stdint.h>

/* Maps nothing itself: `test_regs` is the mapped device or NULL. */
void power_set_test_device(volatile uint32_t *test_regs);
__attribute__((noreturn)) void power_off(int exit_status);
