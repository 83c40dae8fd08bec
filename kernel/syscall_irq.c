/* Interrupt syscalls. Claiming a line needs the IRQ_CONTROL capability
 * (held by init) and a line the PLIC has; each line is claimed at most once. */
#include "irq.h"
#include "machine.h"
#include "mica/abi/errno.h"
#include "syscall.h"

extern struct machine_info machine;

long sys_irq_claim(struct thread *t)
{
    struct cap *ctl, *dest;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_IRQ_CONTROL, 0, &ctl);
    if (err || (err = decode_empty_slot(t, 0, syscall_arg(t, 2), &dest)))
        return err;
    uint64_t line = syscall_arg(t, 1);
    if (line == 0 || line > machine.plic_sources || line >= IRQ_MAX_LINES)
        return -MICA_EINVAL;
    if (irq_line_claimed((uint32_t)line))
        return -MICA_EBUSY;
    /* Not charged to a quota: there is at most one handler per PLIC line,
     * so the kernel's memory for them is bounded by the hardware. */
    struct irq_handler *h = irq_handler_create(NULL, (uint32_t)line, &err);
    if (!h)
        return err;
    cap_install(dest, &h->obj, MICA_CAP_IRQ_HANDLER, MICA_RIGHTS_ALL, 0);
    dest->irq_line = line;
    return 0;
}

long sys_irq_bind(struct thread *t)
{
    struct cap *hc, *nc;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_IRQ_HANDLER, 0, &hc);
    if (err || (err = decode_cap(t, syscall_arg(t, 1), MICA_CAP_NOTIFICATION, MICA_RIGHT_WRITE, &nc)))
        return err;
    irq_bind((struct irq_handler *)hc->object, (struct notification *)nc->object, nc->badge, t->hart->hartid);
    return 0;
}

long sys_irq_ack(struct thread *t)
{
    struct cap *hc;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_IRQ_HANDLER, 0, &hc);
    if (err)
        return err;
    struct irq_handler *h = hc->object ? (struct irq_handler *)hc->object : NULL;
    if (!h->ntfn)
        return -MICA_EINVAL; /* nothing bound: acknowledging would only let it fire unheard */
    irq_ack(h);
    return 0;
}
