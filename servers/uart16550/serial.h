/* The uart16550 server's state and its two halves: the device (receive
 * into a ring on interrupt, transmit polled) and the requests of the serial
 * protocol (mica/serial.h), with readers waiting for input. */
#ifndef UART16550_SERIAL_H
#define UART16550_SERIAL_H
#include <stdint.h>

#include "regs.h"

#define RX_RING_BYTES 1024u   /* a power of two */
#define MAX_WAITING_READERS 4u

struct waiting_reader {
    long reply;  /* saved REPLY cap, 0 = free */
    unsigned max;
};

struct serial {
    struct uart uart;
    long ep;
    /* Received bytes: the interrupt path fills, readers drain. Free-running
     * indexes; one thread, so no ordering is needed. */
    uint8_t rx[RX_RING_BYTES];
    uint32_t rx_head, rx_tail;
    uint64_t rx_dropped;
    struct waiting_reader readers[MAX_WAITING_READERS];
};

/* Moves every byte the UART holds into the ring. */
void serial_receive(struct serial *s);
/* Sends bytes, waiting for the transmitter before each. */
void serial_transmit(const struct serial *s, const uint8_t *bytes, unsigned n);

/* Serves requests and interrupts for ever. */
__attribute__((noreturn)) void serial_serve(struct serial *s, long irq);

#endif
