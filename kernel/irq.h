/* Interrupts as messages: an IRQ_HANDLER object owns one PLIC line. When
 * the line fires the kernel masks it and signals the bound notification;
 * the driver's irq_ack unmasks it once the device is serviced. */
#pragma once
#include <stdint.h>
#include "notification.h"

struct irq_handler {
    struct kobj obj;
    uint32_t line;
    uint32_t hart;              /* the hart whose PLIC context takes the line: the binder's */
    struct notification *ntfn;  /* one reference while bound */
    uint64_t badge;
};

#define IRQ_MAX_LINES 1024

struct irq_handler *irq_handler_create(struct quota *q, uint32_t line, long *err);
void irq_handler_destroy(struct irq_handler *h);
bool irq_line_claimed(uint32_t line);
/* Routes the line to `hart` (the binding thread's: a driver's interrupts
 * arrive where it runs) and signals n with badge when it fires. */
void irq_bind(struct irq_handler *h, struct notification *n, uint64_t badge, uint32_t hart);
void irq_ack(struct irq_handler *h);
/* Handles one external interrupt (called with the trap). */
void irq_handle_external(void);
