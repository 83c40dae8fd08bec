/* 16550 registers as the QEMU ns16550a and the DesignWare APB UART lay
 * them out: register i sits at i << reg_shift, read and written reg_io_width
 * bytes at a time (the device tree says which). */
#ifndef UART16550_REGS_H
#define UART16550_REGS_H
#include <stdint.h>

enum uart_reg {
    UART_RBR = 0, /* read: received byte */
    UART_THR = 0, /* write: byte to send */
    UART_IER = 1, /* interrupt enable */
    UART_IIR = 2, /* read: interrupt identification */
    UART_LSR = 5, /* line status */
    UART_REG_COUNT = 8,
    UART_DW_USR = 31, /* DesignWare only: status; reading it clears "busy detect" */
};

#define UART_IER_RX_DATA 0x01u   /* interrupt while received data waits */
#define UART_LSR_DATA_READY 0x01u
#define UART_LSR_THR_EMPTY 0x20u
#define UART_IIR_CAUSE 0x0fu
#define UART_IIR_DW_BUSY 0x07u   /* DesignWare: LCR written while busy */

struct uart {
    volatile uint8_t *base;
    unsigned shift;
    unsigned width;     /* 1 or 4 */
    int designware;     /* snps,dw-apb-uart or synopsys,uart0: UART_DW_USR exists */
};

static inline uint32_t uart_in(const struct uart *u, enum uart_reg r)
{
    volatile uint8_t *p = u->base + ((unsigned)r << u->shift);
    return u->width == 4 ? *(volatile uint32_t *)p : *p;
}

static inline void uart_out(const struct uart *u, enum uart_reg r, uint32_t v)
{
    volatile uint8_t *p = u->base + ((unsigned)r << u->shift);
    if (u->width == 4)
        *(volatile uint32_t *)p = v;
    else
        *p = (uint8_t)v;
}

#endif
