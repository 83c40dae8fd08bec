/* A device interrupt delivered on the thread's bound notification: drivers
 * whose thread also receives other signals there (the block-server
 * framework's doorbells) tell the interrupt apart by the badge of the cap
 * the line is bound through (the kernel signals that badge, kernel/irq.c). */
#ifndef MICA_IRQ_NOTIFICATION_H
#define MICA_IRQ_NOTIFICATION_H
#include <stdint.h>

#include <mica/abi/bootinfo.h>
#include <mica/abi/caps.h>
#include <mica/cap.h>
#include <mica/syscall.h>

/* Makes a notification, binds the interrupt handler at `irq` to it through a
 * copy badged `badge`, and binds it to the calling thread. The
 * notification's slot, or a negative MICA_E* code. */
static inline long ipc_irq_notification(long irq, uint64_t badge)
{
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long badged = ntfn < 0 ? ntfn : ipc_slot_alloc();
    if (badged < 0)
        return badged;
    long r = mica_sys_cap_mint(0, badged, ntfn, MICA_RIGHT_WRITE, (long)badge);
    if (r >= 0)
        r = mica_sys_irq_bind(irq, badged);
    if (r >= 0)
        r = mica_sys_ntfn_bind(ntfn, MICA_SLOT_SELF_THREAD);
    return r < 0 ? r : ntfn;
}

#endif
