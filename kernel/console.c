/* Polled console output. Polled on purpose: the kernel prints little, and a
 * panic must be able to print with interrupts off and state broken. */
#include "console.h"
#include "arch/riscv/sbi.h"
#include "lib/format.h"
#include <stdarg.h>

/* 16550 registers (index before reg-shift) and the LSR bit we wait on. */
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

static struct {
    volatile uint8_t *regs;     /* NULL: use SBI */
    uint32_t shift, width;
} uart;

void console_use_uart(const struct uart_info *info, volatile void *regs)
{
    uart.shift = info->reg_shift;
    uart.width = info->reg_io_width;
    uart.regs = regs;
}

static uint32_t uart_read(unsigned reg)
{
    volatile uint8_t *p = uart.regs + (reg << uart.shift);
    return uart.width == 4 ? *(volatile uint32_t *)p : *p;
}

static void uart_write(unsigned reg, uint32_t v)
{
    volatile uint8_t *p = uart.regs + (reg << uart.shift);
    if (uart.width == 4)
        *(volatile uint32_t *)p = v;
    else
        *p = (uint8_t)v;
}

void console_putc(char ch)
{
    if (ch == '\n')
        console_putc('\r');
    if (!uart.regs) {
        sbi_legacy_putchar(ch);
        return;
    }
    while (!(uart_read(UART_LSR) & UART_LSR_THRE))
        ;
    uart_write(UART_THR, (uint8_t)ch);
}

void console_write(const char *s, unsigned long len)
{
    for (unsigned long i = 0; i < len; i++)
        console_putc(s[i]);
}

static void sink(char ch, void *ctx)
{
    (void)ctx;
    console_putc(ch);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_v(sink, NULL, fmt, ap);
    va_end(ap);
}

void kvprintf(const char *fmt, va_list ap)
{
    format_v(sink, NULL, fmt, ap);
}
