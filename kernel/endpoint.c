/* Endpoint IPC, the slow path: every case, including capability transfer,
 * long messages and queueing. The register-only common case also has a
 * fastpath (fastpath.c) that must give the same results. */
#include "endpoint.h"
#include "mica/abi/errno.h"
#include "mica/abi/ipc_abi.h"
#include "panic.h"
#include "notification.h"
#include "sched.h"
#include "syscall.h"

struct endpoint *endpoint_create(struct quota *q, long *err)
{
    return kobj_alloc(q, MICA_CAP_ENDPOINT, sizeof(struct endpoint), err);
}

void endpoint_cancel(struct thread *t)
{
    struct endpoint *ep = t->blocked_on;
    kassert(ep != NULL, "a thread blocked on an endpoint knows which");
    thread_queue_remove(&ep->queue, t);
}

void endpoint_destroy(struct endpoint *ep)
{
    while (ep->queue.head) {
        struct thread *t = ep->queue.head;
        thread_queue_remove(&ep->queue, t);
        thread_set_result(t, -MICA_EPIPE);
        sched_wake(t);
    }
}

/* Moves up to MICA_MSG_MAX_CAPS capabilities named in from's IPC buffer
 * into the empty slots named in to's. A slot that is not usable ends the
 * transfer; the delivered count tells the receiver how many arrived. */
static unsigned transfer_caps(struct thread *from, struct thread *to, unsigned count)
{
    struct mica_ipc_buffer *fb = thread_ipc_buffer(from), *tb = thread_ipc_buffer(to);
    if (!fb || !tb || !from->cspace || !to->cspace)
        return 0;
    struct cnode *dest_cn = to->cspace;
    if (tb->recv_cnode) {
        struct cap *c = cnode_slot(to->cspace, tb->recv_cnode);
        if (!c || c->type != MICA_CAP_CNODE || !(c->rights & MICA_RIGHT_ADMIN))
            return 0;
        dest_cn = (struct cnode *)c->object;
    }
    unsigned done = 0;
    for (; done < count && done < MICA_MSG_MAX_CAPS; done++) {
        struct cap *src = cnode_slot(from->cspace, fb->send_caps[done]);
        struct cap *dst = tb->recv_slots[done] ? cnode_slot(dest_cn, tb->recv_slots[done]) : NULL;
        if (!src || src->type == MICA_CAP_NULL || src->type == MICA_CAP_REPLY || !dst ||
            dst->type != MICA_CAP_NULL || fb->send_caps[done] == 0)
            break;
        cap_derive(dst, src, src->rights, src->badge);
    }
    tb->recv_caps = done;
    return done;
}

/* Four words a step, loads before stores: a 4 KiB message costs about
 * three instructions a word rather than five. */
__attribute__((noinline)) void ipc_copy_buffer_words(struct thread *from, struct thread *to, unsigned words)
{
    const uint64_t *src = &thread_ipc_buffer(from)->msg[MICA_MSG_REG_WORDS];
    uint64_t *dst = &thread_ipc_buffer(to)->msg[MICA_MSG_REG_WORDS];
    unsigned n = words - MICA_MSG_REG_WORDS;
    for (; n >= 4; n -= 4, src += 4, dst += 4) {
        uint64_t a = src[0], b = src[1], c = src[2], d = src[3];
        dst[0] = a;
        dst[1] = b;
        dst[2] = c;
        dst[3] = d;
    }
    while (n--)
        *dst++ = *src++;
}

void ipc_transfer(struct thread *from, struct thread *to, uint64_t info, uint64_t badge, bool grant)
{
    unsigned words = MICA_MSGINFO_WORDS(info);
    for (unsigned i = 0; i < MICA_MSG_REG_WORDS; i++)
        to->ctx.regs[REG_A2 + i] = from->ctx.regs[REG_A2 + i];
    if (words > MICA_MSG_REG_WORDS) {
        if (from->ipc_frame && to->ipc_frame)
            ipc_copy_buffer_words(from, to, words);
        else
            words = MICA_MSG_REG_WORDS; /* a side without a buffer gets the register part */
    }
    unsigned caps = MICA_MSGINFO_CAPS(info);
    caps = caps && grant ? transfer_caps(from, to, caps) : 0;
    to->ctx.regs[REG_A0] = badge;
    to->ctx.regs[REG_A1] = MICA_MSGINFO(MICA_MSGINFO_LABEL(info), words, caps);
}

void invoke_reply_save(struct thread *server, struct cap *dest)
{
    struct thread *caller = server->reply_to;
    server->reply_to = NULL;
    caller->replying_server = NULL;
    cap_install(dest, &caller->obj, MICA_CAP_REPLY, MICA_RIGHT_WRITE, 0);
    caller->reply_cap = dest;
}

/* A receiver still holding the reply it owes (ipc_recv_hold) is about to
 * be given a message: the reply moves to the slot it named, as reply_save
 * moves it. A slot filled meanwhile (by another thread of its cspace) has
 * no room: the caller is released, as a plain receive does. Out of line:
 * every other receiver holds no reply by then (a receive releases it), and
 * pays only the test in save_held_reply. */
static __attribute__((noinline, cold)) void move_held_reply(struct thread *r)
{
    struct cap *dest;
    if (decode_empty_slot(r, 0, r->reply_hold_slot, &dest) != 0)
        thread_abandon_reply(r);
    else
        invoke_reply_save(r, dest);
}

static inline void save_held_reply(struct thread *r)
{
    if (__builtin_expect(r->reply_to != NULL, 0))
        move_held_reply(r);
}

/* After a call is delivered, the caller waits for the reply that `server`
 * now owes. The server owes no other: its receive released the last one,
 * or save_held_reply moved it before the delivery. */
static void await_reply(struct thread *caller, struct thread *server)
{
    caller->state = THREAD_BLOCKED_REPLY;
    caller->replying_server = server;
    server->reply_to = caller;
}

void invoke_send(struct thread *t, struct endpoint *ep, uint64_t info, uint64_t badge, bool grant,
                 bool is_call, bool blocking)
{
    if (ep->receivers && ep->queue.head) {
        struct thread *r = ep->queue.head;
        thread_queue_remove(&ep->queue, r);
        save_held_reply(r);
        ipc_transfer(t, r, info, badge, grant);
        sched_wake(r);
        if (is_call)
            await_reply(t, r);
        else
            thread_set_result(t, 0);
        return;
    }
    if (!blocking) {
        thread_set_result(t, -MICA_EAGAIN);
        return;
    }
    ep->receivers = 0;
    t->state = THREAD_BLOCKED_SEND;
    t->is_call = is_call;
    t->grant = grant;
    t->badge = badge;
    t->send_info = info;
    thread_queue_append(&ep->queue, t, ep);
}

/* Delivers a fault report held in the thread itself (it is not running). */
static void deliver_fault(struct thread *faulter, struct thread *r)
{
    r->ctx.regs[REG_A0] = faulter->badge;
    r->ctx.regs[REG_A1] = MICA_MSGINFO(MICA_LABEL_FAULT, MICA_FAULT_WORDS, 0);
    r->ctx.regs[REG_A2] = faulter->send_info;      /* scause */
    r->ctx.regs[REG_A3] = faulter->ctx.CTX_PC;     /* sepc */
    r->ctx.regs[REG_A4] = faulter->fault_stval;
    r->ctx.regs[REG_A5] = 0;
    faulter->state = THREAD_INACTIVE;
}

/* The receive itself: t holds no pending reply, or holds it (invoke_recv_hold)
 * until a message comes. */
static inline __attribute__((always_inline)) void receive(struct thread *t, struct endpoint *ep)
{
    /* A pending notification goes first, but not twice in a row past
     * queued senders: a server that signals itself to come back to its
     * rings (or is signalled again while it serves) still takes its callers
     * in turn. A receive on the fastpath leaves the mark as it was: it runs
     * only when nobody is queued, and a stale mark lets one sender go first. */
    bool senders_wait = !ep->receivers && ep->queue.head;
    bool senders_turn = senders_wait && t->ntfn_passed_senders;
    t->ntfn_passed_senders = false;
    if (!senders_turn && notification_take_bound(t)) {
        t->ntfn_passed_senders = senders_wait;
        return;
    }
    if (senders_wait) {
        struct thread *s = ep->queue.head;
        thread_queue_remove(&ep->queue, s);
        save_held_reply(t);
        if (s->sending_fault) {
            s->sending_fault = 0;
            deliver_fault(s, t);
            return;
        }
        ipc_transfer(s, t, s->send_info, s->badge, s->grant);
        if (s->is_call) {
            await_reply(s, t);
        } else {
            thread_set_result(s, 0);
            sched_wake(s);
        }
        return;
    }
    ep->receivers = 1;
    t->state = THREAD_BLOCKED_RECV;
    thread_queue_append(&ep->queue, t, ep);
}

void invoke_recv(struct thread *t, struct endpoint *ep)
{
    if (t->reply_to)
        thread_abandon_reply(t); /* receiving again without replying */
    receive(t, ep);
}

void invoke_recv_hold(struct thread *t, struct endpoint *ep, uint64_t slot)
{
    t->reply_hold_slot = slot;
    receive(t, ep);
}

void invoke_reply(struct thread *server, uint64_t info)
{
    struct thread *caller = server->reply_to;
    if (!caller)
        return;
    server->reply_to = NULL;
    caller->replying_server = NULL;
    ipc_transfer(server, caller, info, 0, true);
    sched_wake(caller);
}

void endpoint_send_fault(struct thread *t, struct cap *fault_ep, uint64_t scause, uint64_t sepc, uint64_t stval)
{
    (void)sepc;
    struct endpoint *ep = (struct endpoint *)fault_ep->object;
    t->send_info = scause;
    t->fault_stval = stval;
    t->badge = fault_ep->badge;
    if (ep->receivers && ep->queue.head) {
        struct thread *r = ep->queue.head;
        thread_queue_remove(&ep->queue, r);
        save_held_reply(r);
        deliver_fault(t, r);
        sched_wake(r);
        return;
    }
    ep->receivers = 0;
    t->state = THREAD_BLOCKED_SEND;
    t->sending_fault = 1;
    t->is_call = 0;
    thread_queue_append(&ep->queue, t, ep);
}
