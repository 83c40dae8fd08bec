/* The platform-level interrupt controller, driven only by the kernel:
 * user space sees interrupt lines through IRQ_HANDLER capabilities. Each
 * hart that runs the kernel has its own S-mode context; a line is enabled
 * in the context of the one hart it is routed to. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Maps the registers and gives every line the same priority. */
void plic_init(volatile void *regs, uint32_t sources);
/* Masks every line in the context and opens its threshold. */
void plic_init_context(uint32_t context);
void plic_enable(uint32_t line, uint32_t context, bool on);
/* Returns the line pending for the context (0: none) and later completes it. */
uint32_t plic_claim(uint32_t context);
void plic_complete(uint32_t context, uint32_t line);
