/* Kernel console: the UART the device tree names in /chosen/stdout-path,
 * or the SBI legacy console until that UART is mapped. Log lines follow the
 * `component|level: text` contract. */
#pragma once
#include "machine.h"

void console_putc(char ch);
void console_write(const char *s, unsigned long len);
/* Switches output to the UART at `regs` (a mapped virtual address). False,
 * and output stays with SBI, when its line status register cannot be read. */
bool console_use_uart(const struct uart_info *uart, volatile void *regs);
#include <stdarg.h>
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

#define log_info(comp, fmt, ...) kprintf(comp "|info: " fmt "\n", ##__VA_ARGS__)
#define log_warn(comp, fmt, ...) kprintf(comp "|warn: " fmt "\n", ##__VA_ARGS__)
#define log_error(comp, fmt, ...) kprintf(comp "|error: " fmt "\n", ##__VA_ARGS__)
#define log_result(comp, fmt, ...) kprintf(comp "|result: " fmt "\n", ##__VA_ARGS__)
