/* IRQ handler objects and the external-interrupt path. Each line has at
 * most one handler object; destroying it masks the line, so a stopped
 * driver's device cannot keep interrupting. */
#include "irq.h"
#include <stddef.h>
#include "mica/abi/errno.h"
#include "plic.h"

static struct irq_handler *handlers[IRQ_MAX_LINES];

struct irq_handler *irq_handler_create(struct quota *q, uint32_t line, long *err)
{
    struct irq_handler *h = kobj_alloc(q, MICA_CAP_IRQ_HANDLER, sizeof *h, err);
    if (!h)
        return NULL;
    h->line = line;
    handlers[line] = h;
    return h;
}

bool irq_line_claimed(uint32_t line)
{
    return handlers[line] != NULL;
}

void irq_handler_destroy(struct irq_handler *h)
{
    plic_enable(h->line, false);
    handlers[h->line] = NULL;
    if (h->ntfn)
        kobj_put(&h->ntfn->obj);
}

void irq_bind(struct irq_handler *h, struct notification *n, uint64_t badge)
{
    if (h->ntfn)
        kobj_put(&h->ntfn->obj);
    kobj_get(&n->obj);
    h->ntfn = n;
    h->badge = badge;
    plic_enable(h->line, true);
}

void irq_ack(struct irq_handler *h)
{
    if (h->ntfn)
        plic_enable(h->line, true);
}

void irq_handle_external(void)
{
    uint32_t line;
    while ((line = plic_claim()) != 0) {
        /* Masked until the driver acknowledges: a level-triggered device
         * would otherwise interrupt again before its driver could run. */
        plic_enable(line, false);
        plic_complete(line);
        struct irq_handler *h = line < IRQ_MAX_LINES ? handlers[line] : NULL;
        if (h && h->ntfn)
            notification_signal(h->ntfn, h->badge ? h->badge : 1);
    }
}
