/* IPC fastpath. Its instruction budget (docs/ipc.md) is the reason for its
 * shape: trap.S calls it with the caller's arguments still in a0..a5, every
 * check is a load and a branch, the message stays in those registers all
 * the way to the partner (arch_fast_return_to_user), and the switch is a
 * satp write only when the address space differs.
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

/* Jumps to `target` with eight register arguments: a jump rather than a
 * call, so the functions that end in one are leaves (no frame, nothing
 * saved) on their hot path. */
#define FAST_JUMP(target, x0, x1, x2, x3, x4, x5, x6, x7)                                            \
    do {                                                                                             \
        register uint64_t r0 __asm__("a0") = (x0), r1 __asm__("a1") = (x1), r2 __asm__("a2") = (x2); \
        register uint64_t r3 __asm__("a3") = (x3), r4 __asm__("a4") = (x4), r5 __asm__("a5") = (x5); \
        register uint64_t r6 __asm__("a6") = (x6), r7 __asm__("a7") = (x7);                          \
        __asm__ volatile("j " #target ::"r"(r0), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), \
                         "r"(r7)                                                                     \
                         : "memory");                                                                \
        __builtin_unreachable();                                                                     \
    } while (0)

/* The endpoint cap in t's slot `slot` if it has `right`, else NULL. */
static inline struct cap *fast_cap(const struct thread *t, uint64_t slot, uint8_t right)
{
    struct cnode *cn = t->cspace;
    if (slot >= cn->slot_count)
        return NULL;
    struct cap *c = &cn->slots[slot];
    /* The type must be ENDPOINT and the right's bit set: one mask and compare. */
    uint16_t mask = 0xff | right << 8, want = MICA_CAP_ENDPOINT | right << 8;
    if ((c->type_rights & mask) != want)
        return NULL;
    return c;
}

/* True for a message of register words only, no capabilities. */
static inline bool registers_only(uint64_t info)
{
    return (info & (MICA_MSGINFO_CAPS_MASK | MICA_MSGINFO_WORDS_MASK)) <= MICA_MSG_REG_WORDS;
}

/* Not a kernel label, no capabilities, and either register-only or both sides have an IPC
 * buffer for the rest of the words. */
static inline bool fast_info(uint64_t info, const struct thread *from, const struct thread *to)
{
    if (__builtin_expect((int64_t)info < 0, 0))
        return false; /* MICA_LABEL_KERNEL_BIT: the slow path refuses it */
    if (registers_only(info))
        return true;
    return !(info & MICA_MSGINFO_CAPS_MASK) && MICA_MSGINFO_WORDS(info) <= MICA_MSG_MAX_WORDS &&
           from->ipc_frame && to->ipc_frame;
}

/* Leaves `from` (blocked by now) for `to` with the message in a0..a5. */
__attribute__((always_inline, noreturn)) static inline void fast_switch(struct thread *from, struct thread *to, uint64_t badge,
                                                         uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2,
                                                         uint64_t w3)
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
    /* a7 means nothing to it: `to` is named there only because it is there already. */
    FAST_JUMP(arch_fast_return_to_user, badge, info, w0, w1, w2, w3, (uint64_t)&to->ctx, (uint64_t)to);
}

/* A message with words past the registers (fast_info() passed, so no
 * capabilities): they go buffer to buffer, then on as fast_switch. Out of
 * line, so the register-only path has no call to keep registers across. */
__attribute__((used, noreturn)) static void fast_switch_buffer(uint64_t badge, uint64_t info, uint64_t w0,
                                                               uint64_t w1, uint64_t w2, uint64_t w3,
                                                               struct thread *from, struct thread *to)
{
    ipc_copy_buffer_words(from, to, MICA_MSGINFO_WORDS(info));
    fast_switch(from, to, badge, info, w0, w1, w2, w3);
}

struct thread *fastpath_call(uint64_t slot, uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3,
                             struct thread *t)
{
    struct cap *c = fast_cap(t, slot, MICA_RIGHT_WRITE);
    if (!c)
        return t;
    struct endpoint *ep = (struct endpoint *)c->object;
    uint64_t badge = c->badge; /* read now: fewer values live across the checks */
    struct thread *r = ep->queue.head;
    if (!ep->receivers || !r || r->hart != this_hart() || !fast_info(info, t, r) || r->reply_to ||
        r->priority < t->priority || !sched_none_above(r->priority))
        return t;
    thread_queue_pop(&ep->queue, r);
    t->state = THREAD_BLOCKED_REPLY;
    t->replying_server = r;
    r->reply_to = t;
    if (__builtin_expect(!registers_only(info), 0))
        FAST_JUMP(fast_switch_buffer, badge, info, w0, w1, w2, w3, (uint64_t)t, (uint64_t)r);
    fast_switch(t, r, badge, info, w0, w1, w2, w3);
}

struct thread *fastpath_reply_recv(uint64_t slot, uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2,
                                   uint64_t w3, struct thread *t)
{
    struct cap *c = fast_cap(t, slot, MICA_RIGHT_READ);
    struct thread *caller = t->reply_to;
    if (!c || !caller || caller->hart != this_hart() || !fast_info(info, t, caller))
        return t;
    struct endpoint *ep = (struct endpoint *)c->object;
    if ((!ep->receivers && ep->queue.head) || !sched_none_above(caller->priority) ||
        (t->bound_ntfn && t->bound_ntfn->word))
        return t;
    t->reply_to = NULL;
    caller->replying_server = NULL;
    /* t waits on the endpoint, at the back of its receive queue. */
    ep->receivers = 1;
    t->state = THREAD_BLOCKED_RECV;
    thread_queue_append(&ep->queue, t, ep);
    if (__builtin_expect(!registers_only(info), 0))
        FAST_JUMP(fast_switch_buffer, 0, info, w0, w1, w2, w3, (uint64_t)t, (uint64_t)caller);
    fast_switch(t, caller, 0, info, w0, w1, w2, w3);
}

