/* The UART itself: received bytes go into the ring when the interrupt
 * says so; bytes to send wait for an empty transmitter one at a time (the
 * kernel's own console writes the same way, so the two never collide
 * inside a byte). */
#include "serial.h"

void serial_receive(struct serial *s)
{
    /* Reading IIR settles the pending cause; a DesignWare UART's "busy
     * detect" is only cleared by reading its status register. */
    uint32_t cause = uart_in(&s->uart, UART_IIR) & UART_IIR_CAUSE;
    if (cause == UART_IIR_DW_BUSY && s->uart.designware)
        (void)uart_in(&s->uart, UART_DW_USR);
    while (uart_in(&s->uart, UART_LSR) & UART_LSR_DATA_READY) {
        uint8_t byte = (uint8_t)uart_in(&s->uart, UART_RBR);
        if (s->rx_head - s->rx_tail == RX_RING_BYTES) {
            s->rx_dropped++;
            continue;
        }
        s->rx[s->rx_head++ % RX_RING_BYTES] = byte;
    }
}

void serial_transmit(const struct serial *s, const uint8_t *bytes, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        while (!(uart_in(&s->uart, UART_LSR) & UART_LSR_THR_EMPTY))
            ;
        uart_out(&s->uart, UART_THR, bytes[i]);
    }
}
