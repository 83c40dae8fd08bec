/* IRQ handler objects and the external-interrupt path. Each line has at
 * most one handler object; destroying it masks the line, so a stopped
 * driver's device cannot keep interrupting. */
#include "irq.h"
#include <stddef.h>
#include "mica/abi/errno.h"
#include "hart.h"
#include "plic.h"

static struct irq_handler *handlers[IRQ_MAX_LINES];

/* The line is enabled only in the context of the hart it is routed to. */
static void route(const struct irq_handler *h, bool on)
{
    plic_enable(h->line, harts[h->hart].plic_context, on);
}

struct irq_handler *irq_handler_create(struct quota *q, uint32_t line, long *err)
{
    struct irq_handler *h = kobj_alloc(q, MICA_CAP_IRQ_HANDLER, sizeof *h, err);
    if (!h)
        return NULL;
    h->line = line;
    h->hart = boot_hartid;
    handlers[line] = h;
    return h;
}

bool irq_line_claimed(uint32_t line)
{
    return handlers[line] != NULL;
}

void irq_handler_destroy(struct irq_handler *h)
{
    route(h, false);
    handlers[h->line] = NULL;
    if (h->ntfn)
        kobj_put(&h->ntfn->obj);
}

void irq_bind(struct irq_handler *h, struct notification *n, uint64_t badge, uint32_t hart)
{
    if (h->ntfn)
        kobj_put(&h->ntfn->obj);
    route(h, false);
    h->hart = hart;
    kobj_get(&n->obj);
    h->ntfn = n;
    h->badge = badge;
    route(h, true);
}

void irq_ack(struct irq_handler *h)
{
    if (h->ntfn)
        route(h, true);
}

void irq_handle_external(void)
{
    uint32_t line, context = this_hart()->plic_context;
    while ((line = plic_claim(context)) != 0) {
        /* Masked until the driver acknowledges: a level-triggered device
         * would otherwise interrupt again before its driver could run. */
        plic_enable(line, context, false);
        plic_complete(context, line);
        struct irq_handler *h = line < IRQ_MAX_LINES ? handlers[line] : NULL;
        if (h && h->ntfn)
            notification_signal(h->ntfn, h->badge ? h->badge : 1);
    }
}
