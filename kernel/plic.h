/* The platform-level interrupt controller, driven only by the kernel:
 * user space sees interrupt lines through IRQ_HANDLER capabilities. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

void plic_init(volatile void *regs, uint32_t sources, uint32_t context);
void plic_enable(uint32_t line, bool on);
/* Returns the pending line (0: none) and later completes it. */
uint32_t plic_claim(void);
void plic_complete(uint32_t line);
