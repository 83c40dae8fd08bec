/* IPC fastpath. Its instruction budget (docs/ipc.md) is the reason for its
 * shape: every check is a load and a branch, the message is four register
 * copies, and the switch is a satp write only when the address space differs.
 * The conditions mirror the slow path's decode exactly; when any fails we
 * return and the slow path reports the same error or does the same work.
 * It only switches to a thread placed on this hart: one placed elsewhere is
 * queued there by the slow path. */
#include "fastpath.h"
#include "arch/riscv/csr.h"
#include "endpoint.h"
#include "mica/abi/ipc_abi.h"
#include "mica/abi/syscall_list.h"
#include "notification.h"
#include "sched.h"
#include "vspace.h"

/* The endpoint behind slot a0 if it has `right`, else NULL. */
static inline struct cap *fast_cap(struct thread *t, uint8_t right)
{
    uint64_t slot = t->ctx.regs[REG_A0];
    struct cnode *cn = t->cspace;
    if (slot >= cn->slot_count)
        return NULL;
    struct cap *c = &cn->slots[slot];
    if (c->type != MICA_CAP_ENDPOINT || !(c->rights & right))
        return NULL;
    return c;
}

/* Not a kernel label, no capabilities, and either register-only or both sides have an IPC
 * buffer for the rest of the words. */
static inline bool fast_info(uint64_t info, const struct thread *from, const struct thread *to)
{
    if (__builtin_expect((int64_t)info < 0, 0))
        return false; /* MICA_LABEL_KERNEL_BIT: the slow path refuses it */
    if ((info & (MICA_MSGINFO_CAPS_MASK | MICA_MSGINFO_WORDS_MASK)) <= MICA_MSG_REG_WORDS)
        return true;
    return !(info & MICA_MSGINFO_CAPS_MASK) && MICA_MSGINFO_WORDS(info) <= MICA_MSG_MAX_WORDS &&
           from->ipc_frame && to->ipc_frame;
}

__attribute__((noreturn)) static inline void fast_switch(struct thread *from, struct thread *to)
{
    from->ctx.CTX_PC += 4;
    struct hart *h = this_hart();
    to->state = THREAD_RUNNING;
    h->current = to;
    /* Compared with what satp holds, not with the caller's space: a hart
     * that waited for the kernel lock on its way in left for the kernel's
     * table (kernel_lock_spin), even when both threads share a space. */
    uint64_t satp = to->vspace->satp;
    if (satp != h->active_satp) {
        csr_write_satp(satp);
        arch_sfence_vma_all();
        h->active_satp = satp;
    }
    to->ctx.hart = h;
    arch_return_to_user(&to->ctx);
}

/* fast_info() passed, so info names no capabilities: the shape test below
 * is the one fast_info made (the compiler shares it), and info goes to the
 * receiver as it is. */
static inline void copy_message(struct thread *from, struct thread *to, uint64_t badge, uint64_t info)
{
    if (__builtin_expect((info & (MICA_MSGINFO_CAPS_MASK | MICA_MSGINFO_WORDS_MASK)) > MICA_MSG_REG_WORDS, 0))
        ipc_copy_buffer_words(from, to, MICA_MSGINFO_WORDS(info));
    to->ctx.regs[REG_A0] = badge;
    to->ctx.regs[REG_A1] = info;
    to->ctx.regs[REG_A2] = from->ctx.regs[REG_A2];
    to->ctx.regs[REG_A3] = from->ctx.regs[REG_A3];
    to->ctx.regs[REG_A4] = from->ctx.regs[REG_A4];
    to->ctx.regs[REG_A5] = from->ctx.regs[REG_A5];
}

void fastpath_call(struct thread *t)
{
    struct cap *c = fast_cap(t, MICA_RIGHT_WRITE);
    uint64_t info = t->ctx.regs[REG_A1];
    if (!c)
        return;
    struct endpoint *ep = (struct endpoint *)c->object;
    struct thread *r = ep->queue.head;
    if (!ep->receivers || !r || r->hart != this_hart() || !fast_info(info, t, r) || r->reply_to ||
        r->priority < t->priority || !sched_none_above(r->priority))
        return;
    thread_queue_remove(&ep->queue, r);
    copy_message(t, r, c->badge, info);
    t->state = THREAD_BLOCKED_REPLY;
    t->replying_server = r;
    r->reply_to = t;
    fast_switch(t, r);
}

void fastpath_reply_recv(struct thread *t)
{
    struct cap *c = fast_cap(t, MICA_RIGHT_READ);
    uint64_t info = t->ctx.regs[REG_A1];
    struct thread *caller = t->reply_to;
    if (!c || !caller || caller->hart != this_hart() || !fast_info(info, t, caller))
        return;
    struct endpoint *ep = (struct endpoint *)c->object;
    if ((!ep->receivers && ep->queue.head) || !sched_none_above(caller->priority) ||
        (t->bound_ntfn && t->bound_ntfn->word))
        return;
    t->reply_to = NULL;
    caller->replying_server = NULL;
    copy_message(t, caller, 0, info);
    /* t waits on the endpoint, at the back of its receive queue. */
    ep->receivers = 1;
    t->state = THREAD_BLOCKED_RECV;
    thread_queue_append(&ep->queue, t, ep);
    fast_switch(t, caller);
}
