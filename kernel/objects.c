/* Per-type destructors and cap-deletion hooks, in one switch so adding a
 * type means touching one place. */
#include "objects.h"
#include "cap.h"
#include "endpoint.h"
#include "frame.h"
#include "irq.h"
#include "notification.h"
#include "panic.h"
#include "sched.h"
#include "thread.h"
#include "vspace.h"
#include "mica/abi/errno.h"

void objects_destroy(struct kobj *o)
{
    switch ((enum mica_cap_type)o->type) {
    case MICA_CAP_CNODE:
        cnode_destroy((struct cnode *)o);
        break;
    case MICA_CAP_VSPACE:
        vspace_destroy((struct vspace *)o);
        break;
    case MICA_CAP_THREAD:
        thread_destroy((struct thread *)o);
        break;
    case MICA_CAP_ENDPOINT:
        endpoint_destroy((struct endpoint *)o);
        break;
    case MICA_CAP_NOTIFICATION:
        notification_destroy((struct notification *)o);
        break;
    case MICA_CAP_FRAME:
    case MICA_CAP_DEVICE_FRAME:
        frame_destroy((struct frame *)o);
        break;
    case MICA_CAP_IRQ_HANDLER:
        irq_handler_destroy((struct irq_handler *)o);
        break;
    case MICA_CAP_QUOTA: {
        /* Everything charged to it holds a reference, so all its bytes are back. */
        struct quota *q = (struct quota *)o;
        quota_refund(o->charged, q->bytes_left);
        break;
    }
    case MICA_CAP_IRQ_CONTROL:
    case MICA_CAP_SYSTEM:
    case MICA_CAP_REPLY:
    case MICA_CAP_NULL:
    case MICA_CAP_TYPE_COUNT:
        break;
    }
}

/* A REPLY cap names a caller thread, which deletes the cap when it stops;
 * deleting it unanswered tells the caller. */
static void reply_cap_deleted(struct thread *caller)
{
    if (caller->state == THREAD_BLOCKED_REPLY && caller->reply_cap) {
        caller->reply_cap = NULL;
        thread_set_result(caller, -MICA_EPIPE);
        sched_wake(caller);
    }
}

void objects_cap_deleted(struct kobj *o, uint8_t cap_type)
{
    if (cap_type == MICA_CAP_REPLY)
        reply_cap_deleted((struct thread *)o); /* holds no reference (cap_install) */
    else
        kobj_put(o);
}
