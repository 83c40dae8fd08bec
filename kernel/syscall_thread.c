/* Thread syscalls: configure, schedule parameters, start, suspend, yield.
 * A thread can give others at most its own maximum priority, so priority
 * cannot be raised by creating threads. */
#include "arch/riscv/memlayout.h"
#include "frame.h"
#include "pmm.h"
#include "mica/abi/errno.h"
#include "mica/abi/ipc_abi.h"
#include "sched.h"
#include "syscall.h"
#include "vspace.h"

static long decode_thread(struct thread *t, uint64_t slot, struct thread **out)
{
    struct cap *c;
    long err = decode_cap(t, slot, MICA_CAP_THREAD, MICA_RIGHT_ADMIN, &c);
    if (!err)
        *out = (struct thread *)c->object;
    return err;
}

static void replace_ref(struct kobj **field, struct kobj *o)
{
    if (o)
        kobj_get(o);
    if (*field)
        kobj_put(*field);
    *field = o;
}

long sys_thread_configure(struct thread *t)
{
    struct thread *target;
    struct cap *cs, *vs, *ipc = NULL;
    long err = decode_thread(t, syscall_arg(t, 0), &target);
    if (err || (err = decode_cap(t, syscall_arg(t, 1), MICA_CAP_CNODE, MICA_RIGHT_ADMIN, &cs)) ||
        (err = decode_cap(t, syscall_arg(t, 2), MICA_CAP_VSPACE, MICA_RIGHT_ADMIN, &vs)))
        return err;
    uint64_t ipc_vaddr = syscall_arg(t, 4);
    if (syscall_arg(t, 3)) {
        err = decode_cap(t, syscall_arg(t, 3), MICA_CAP_FRAME, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &ipc);
        if (err)
            return err;
        /* The buffer must lie inside the frame; the kernel reaches it by
         * physical address, never through the user mapping. */
        struct frame *f = (struct frame *)ipc->object;
        if (ipc_vaddr % 8 || (ipc_vaddr % PAGE_SIZE) + sizeof(struct mica_ipc_buffer) > f->size)
            return -MICA_EINVAL;
    }
    if (target->state != THREAD_INACTIVE)
        return -MICA_EBUSY;
    replace_ref((struct kobj **)&target->cspace, cs->object);
    replace_ref((struct kobj **)&target->vspace, vs->object);
    replace_ref((struct kobj **)&target->ipc_frame, ipc ? ipc->object : NULL);
    target->ipc_vaddr = ipc_vaddr;
    return 0;
}

long sys_thread_set_sched(struct thread *t)
{
    struct thread *target;
    struct cap *ep = NULL;
    long err = decode_thread(t, syscall_arg(t, 0), &target);
    if (err)
        return err;
    uint64_t prio = syscall_arg(t, 1);
    if (prio > t->max_priority)
        return -MICA_EPERM;
    if (syscall_arg(t, 2) && (err = decode_cap(t, syscall_arg(t, 2), MICA_CAP_ENDPOINT, MICA_RIGHT_WRITE, &ep)))
        return err;
    if (target->state == THREAD_READY) {
        sched_dequeue(target);
        target->priority = (uint8_t)prio;
        sched_enqueue(target);
    } else {
        target->priority = (uint8_t)prio;
    }
    target->max_priority = (uint8_t)prio;
    cap_delete(&target->fault_ep);
    if (ep)
        cap_derive(&target->fault_ep, ep, ep->rights, ep->badge);
    return 0;
}

static long decode_thread_start(struct thread *t, struct thread **target)
{
    long err = decode_thread(t, syscall_arg(t, 0), target);
    if (err)
        return err;
    if (!(*target)->vspace || !(*target)->cspace)
        return -MICA_EINVAL; /* not configured */
    if ((*target)->state != THREAD_INACTIVE)
        return -MICA_EBUSY;
    uint64_t pc = syscall_arg(t, 1), sp = syscall_arg(t, 2);
    if (pc >= USER_VA_END || pc % 2 || sp >= USER_VA_END + 1 || sp % 16)
        return -MICA_EINVAL;
    return 0;
}

static void invoke_thread_start(struct thread *target, uint64_t pc, uint64_t sp, uint64_t a0)
{
    for (int i = 1; i < 32; i++)
        target->ctx.regs[i] = 0;
    target->ctx.CTX_PC = pc;
    target->ctx.regs[REG_SP] = sp;
    target->ctx.regs[REG_A0] = a0;
    sched_enqueue(target);
}

long sys_thread_start(struct thread *t)
{
    struct thread *target;
    long err = decode_thread_start(t, &target);
    if (err)
        return err;
    invoke_thread_start(target, syscall_arg(t, 1), syscall_arg(t, 2), syscall_arg(t, 3));
    return 0;
}

long sys_thread_suspend(struct thread *t)
{
    struct thread *target;
    long err = decode_thread(t, syscall_arg(t, 0), &target);
    if (err)
        return err;
    if (target == t) {
        /* Suspending oneself: the result is never seen. */
        t->state = THREAD_INACTIVE;
        thread_make_inactive(t);
        return SYSCALL_NO_RESULT;
    }
    thread_make_inactive(target);
    return 0;
}

static long decode_thread_set_hart(struct thread *t, struct thread **target, struct hart **to)
{
    long err = decode_thread(t, syscall_arg(t, 0), target);
    if (err)
        return err;
    uint64_t hart = syscall_arg(t, 1);
    if (hart >= MACHINE_MAX_HARTS || !harts[hart].online)
        return -MICA_EINVAL;
    *to = &harts[hart];
    return 0;
}

long sys_thread_set_hart(struct thread *t)
{
    struct thread *target;
    struct hart *to;
    long err = decode_thread_set_hart(t, &target, &to);
    if (err)
        return err;
    thread_move(target, to);
    return 0;
}

long sys_thread_yield(struct thread *t)
{
    (void)t;
    sched_rotate_current();
    return 0;
}
