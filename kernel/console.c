/* Polled console output. Polled on purpose: the kernel prints little, and a
 * panic must be able to print with interrupts off and state broken. */
#include "console.h"
#include "arch/riscv/context.h"
#include "arch/riscv/sbi.h"
#include "lib/format.h"
#include <stdarg.h>

/* 16550 registers (index before reg-shift) and the LSR bit we wait on. */
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20
/* LSR reads before a UART that never reports THRE is given up. A wrong
 * register layout (say a per-compatible default that does not fit the
 * hardware) must not hang every print: the console falls back to SBI, whose
 * firmware console knows its own UART. A full 16-byte FIFO drains in about
 * 1.4 ms at 115200 baud, far less than this many register reads. */
#define UART_THRE_SPINS 200000u

static struct {
    volatile uint8_t *regs;     /* NULL: use SBI */
    uint32_t shift, width;
    uint64_t phys;
} uart;

bool console_use_uart(const struct uart_info *info, volatile void *regs)
{
    /* A layout that does not fit the hardware may put LSR where nothing
     * decodes (QEMU's 16550 answers 8 bytes): read it once, fault-safe. */
    volatile uint8_t *lsr = (volatile uint8_t *)regs + ((uint64_t)UART_LSR << info->reg_shift);
    if (arch_probe_read(lsr, info->reg_io_width) < 0)
        return false;
    uart.shift = info->reg_shift;
    uart.width = info->reg_io_width;
    uart.phys = info->reg.base;
    uart.regs = regs;
    return true;
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
    unsigned spins = 0;
    while (!(uart_read(UART_LSR) & UART_LSR_THRE))
        if (++spins == UART_THRE_SPINS) {
            uart.regs = NULL;
            kprintf("\nkernel|warn: console UART at %lx (reg-shift %u reg-io-width %u) never ready: "
                    "output goes through SBI\n", uart.phys, uart.shift, uart.width);
            console_putc(ch);
            return;
        }
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
