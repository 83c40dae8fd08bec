/* Object creation and quota/frame queries. Every object is charged to the
 * quota named in the call; the size argument is checked against the limits
 * before anything is allocated. */
#include "arch/riscv/memlayout.h"
#include "endpoint.h"
#include "frame.h"
#include "mica/abi/errno.h"
#include "notification.h"
#include "syscall.h"
#include "vspace.h"

#define FRAME_MAX_PAGES (1ull << 18) /* 1 GiB in one frame */

static struct kobj *create_quota(struct quota *parent, uint64_t bytes, long *err)
{
    if (bytes == 0 || bytes > parent->bytes_left) {
        *err = -MICA_ENOMEM;
        return NULL;
    }
    struct quota *q = kobj_alloc(parent, MICA_CAP_QUOTA, sizeof *q, err);
    if (!q)
        return NULL;
    /* The child's bytes come out of the parent's and go back when it dies. */
    if (!quota_charge(parent, bytes)) {
        kobj_get(&q->obj);
        kobj_put(&q->obj);
        *err = -MICA_ENOMEM;
        return NULL;
    }
    q->bytes_left = bytes;
    return &q->obj;
}

static long decode_obj_create(struct thread *t, struct cap **quota_cap, uint64_t *type, uint64_t *size,
                             struct cap **dest)
{
    struct cap *qc;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_QUOTA, MICA_RIGHT_ADMIN, &qc);
    if (err || (err = decode_empty_slot(t, 0, syscall_arg(t, 3), dest)))
        return err;
    *quota_cap = qc;
    *type = syscall_arg(t, 1);
    *size = syscall_arg(t, 2);
    switch (*type) {
    case MICA_CAP_FRAME:
        return *size >= 1 && *size <= FRAME_MAX_PAGES ? 0 : -MICA_EINVAL;
    case MICA_CAP_CNODE:
        return *size >= 1 && *size <= MICA_CNODE_MAX_SLOTS ? 0 : -MICA_EINVAL;
    case MICA_CAP_QUOTA:
    case MICA_CAP_VSPACE:
    case MICA_CAP_THREAD:
    case MICA_CAP_ENDPOINT:
    case MICA_CAP_NOTIFICATION:
        return 0;
    default:
        return -MICA_EINVAL; /* not creatable: reply, device frame, irq, system */
    }
}

long sys_obj_create(struct thread *t)
{
    struct cap *qc, *dest;
    uint64_t type, size;
    long err = decode_obj_create(t, &qc, &type, &size, &dest);
    if (err)
        return err;
    struct quota *q = (struct quota *)qc->object;
    struct kobj *o = NULL;
    uint8_t rights = MICA_RIGHTS_ALL;
    switch (type) {
    case MICA_CAP_FRAME:
        o = (struct kobj *)frame_create(q, size, &err);
        break;
    case MICA_CAP_CNODE: {
        struct cnode *cn = kobj_alloc(q, MICA_CAP_CNODE, cnode_bytes(size), &err);
        if (cn)
            cn->slot_count = (uint32_t)size;
        o = (struct kobj *)cn;
        break;
    }
    case MICA_CAP_QUOTA:
        o = create_quota(q, size, &err);
        break;
    case MICA_CAP_VSPACE:
        o = (struct kobj *)vspace_create(q, &err);
        break;
    case MICA_CAP_THREAD:
        o = (struct kobj *)thread_create(q, &err);
        if (o)
            ((struct thread *)o)->max_priority = t->max_priority;
        break;
    case MICA_CAP_ENDPOINT:
        o = (struct kobj *)endpoint_create(q, &err);
        break;
    case MICA_CAP_NOTIFICATION:
        o = (struct kobj *)notification_create(q, &err);
        break;
    }
    if (!o)
        return err;
    cap_install_created(dest, qc, o, (uint8_t)type, rights);
    return 0;
}

long sys_quota_info(struct thread *t)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_QUOTA, 0, &c);
    return err ? err : (long)((struct quota *)c->object)->bytes_left;
}

long sys_frame_info(struct thread *t)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_NULL, 0, &c);
    if (err)
        return err;
    if (c->type != MICA_CAP_FRAME && c->type != MICA_CAP_DEVICE_FRAME)
        return -MICA_ENOTTY;
    struct frame *f = (struct frame *)c->object;
    t->ctx.regs[REG_A1] = (c->rights & MICA_RIGHT_DMA) ? f->phys : 0;
    return (long)f->size;
}
