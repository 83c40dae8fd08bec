/* IPC syscalls: decode checks the endpoint capability and the message
 * info; the transfer itself (endpoint.c) cannot fail. */
#include "endpoint.h"
#include "mica/abi/errno.h"
#include "mica/abi/ipc_abi.h"
#include "notification.h"
#include "sched.h"
#include "syscall.h"
#include "timer.h"

static long decode_msginfo(struct thread *t, uint64_t info)
{
    unsigned words = MICA_MSGINFO_WORDS(info), caps = MICA_MSGINFO_CAPS(info);
    if (words > MICA_MSG_MAX_WORDS)
        return -MICA_E2BIG; /* longer than any IPC buffer holds */
    if (caps > MICA_MSG_MAX_CAPS)
        return -MICA_EINVAL;
    if ((words > MICA_MSG_REG_WORDS || caps) && !t->ipc_frame)
        return -MICA_EINVAL; /* the rest of the message has nowhere to come from */
    if (MICA_MSGINFO_LABEL(info) & MICA_LABEL_KERNEL_BIT)
        return -MICA_EINVAL; /* a notification's or a fault's label: only the kernel's */
    return 0;
}

static long decode_send(struct thread *t, struct endpoint **ep, uint64_t *badge, bool *grant)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_ENDPOINT, MICA_RIGHT_WRITE, &c);
    if (err || (err = decode_msginfo(t, syscall_arg(t, 1))))
        return err;
    if (MICA_MSGINFO_CAPS(syscall_arg(t, 1)) && !(c->rights & MICA_RIGHT_GRANT))
        return -MICA_EACCES;
    *ep = (struct endpoint *)c->object;
    *badge = c->badge;
    *grant = (c->rights & MICA_RIGHT_GRANT) != 0;
    return 0;
}

static long send_common(struct thread *t, bool is_call, bool blocking)
{
    struct endpoint *ep;
    uint64_t badge;
    bool grant;
    long err = decode_send(t, &ep, &badge, &grant);
    if (err)
        return err;
    invoke_send(t, ep, syscall_arg(t, 1), badge, grant, is_call, blocking);
    return SYSCALL_NO_RESULT;
}

long sys_ipc_call(struct thread *t)
{
    return send_common(t, true, true);
}

long sys_ipc_send(struct thread *t)
{
    return send_common(t, false, true);
}

long sys_ipc_nbsend(struct thread *t)
{
    return send_common(t, false, false);
}

static long decode_recv(struct thread *t, struct endpoint **ep)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_ENDPOINT, MICA_RIGHT_READ, &c);
    if (!err)
        *ep = (struct endpoint *)c->object;
    return err;
}

long sys_ipc_recv(struct thread *t)
{
    struct endpoint *ep;
    long err = decode_recv(t, &ep);
    if (err)
        return err;
    invoke_recv(t, ep);
    return SYSCALL_NO_RESULT;
}

/* The slot is checked now, so a refused call leaves the reply pending; a
 * message that comes later checks it again (save_held_reply). */
long sys_ipc_recv_hold(struct thread *t)
{
    struct endpoint *ep;
    struct cap *slot;
    long err = decode_recv(t, &ep);
    if (err || (err = decode_empty_slot(t, 0, syscall_arg(t, 1), &slot)))
        return err;
    invoke_recv_hold(t, ep, syscall_arg(t, 1));
    return SYSCALL_NO_RESULT;
}

long sys_ipc_reply(struct thread *t)
{
    long err = decode_msginfo(t, syscall_arg(t, 1));
    if (err)
        return err;
    if (!t->reply_to)
        return -MICA_ESRCH;
    invoke_reply(t, syscall_arg(t, 1));
    return 0;
}

long sys_ipc_reply_recv(struct thread *t)
{
    struct endpoint *ep;
    long err = decode_recv(t, &ep);
    if (err || (err = decode_msginfo(t, syscall_arg(t, 1))))
        return err;
    invoke_reply(t, syscall_arg(t, 1));
    invoke_recv(t, ep);
    return SYSCALL_NO_RESULT;
}

long sys_reply_save(struct thread *t)
{
    struct cap *dest;
    long err = decode_empty_slot(t, 0, syscall_arg(t, 0), &dest);
    if (err)
        return err;
    if (!t->reply_to)
        return -MICA_ESRCH;
    invoke_reply_save(t, dest);
    return 0;
}

static void invoke_reply_send(struct thread *t, struct cap *reply, uint64_t info)
{
    struct thread *caller = (struct thread *)reply->object;
    /* Detach first so deleting the cap does not report an abandoned reply. */
    caller->reply_cap = NULL;
    ipc_transfer(t, caller, info, 0, true);
    sched_wake(caller);
    cap_delete(reply);
}

long sys_reply_send(struct thread *t)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_REPLY, 0, &c);
    if (err || (err = decode_msginfo(t, syscall_arg(t, 1))))
        return err;
    invoke_reply_send(t, c, syscall_arg(t, 1));
    return 0;
}

static long decode_ntfn(struct thread *t, uint8_t right, struct cap **c)
{
    return decode_cap(t, syscall_arg(t, 0), MICA_CAP_NOTIFICATION, right, c);
}

long sys_ntfn_signal(struct thread *t)
{
    struct cap *c;
    long err = decode_ntfn(t, MICA_RIGHT_WRITE, &c);
    if (err)
        return err;
    notification_signal((struct notification *)c->object, c->badge ? c->badge : 1);
    return 0;
}

/* Both capabilities are checked before the signal: a refused call neither
 * signals nor waits. The signal may make a thread ready that outranks the
 * caller; it runs once the caller blocks in the wait (or at once, if the
 * wait ends at once and the caller returns to be preempted). */
long sys_ntfn_signal_recv(struct thread *t)
{
    struct cap *n, *src;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_NOTIFICATION, MICA_RIGHT_WRITE, &n);
    if (err || (err = decode_cap(t, syscall_arg(t, 1), MICA_CAP_NULL, 0, &src)))
        return err;
    if (src->type != MICA_CAP_ENDPOINT && src->type != MICA_CAP_NOTIFICATION)
        return -MICA_ENOTTY;
    if (!(src->rights & MICA_RIGHT_READ))
        return -MICA_EACCES;
    notification_signal((struct notification *)n->object, n->badge ? n->badge : 1);
    if (src->type == MICA_CAP_ENDPOINT)
        invoke_recv(t, (struct endpoint *)src->object);
    else
        invoke_ntfn_wait(t, (struct notification *)src->object);
    return SYSCALL_NO_RESULT;
}

long sys_ntfn_wait(struct thread *t)
{
    struct cap *c;
    long err = decode_ntfn(t, MICA_RIGHT_READ, &c);
    if (err)
        return err;
    invoke_ntfn_wait(t, (struct notification *)c->object);
    return SYSCALL_NO_RESULT;
}

/* Takes the word without blocking; the bits are the caller's now. */
static uint64_t invoke_ntfn_poll(struct notification *n)
{
    uint64_t word = n->word;
    n->word = 0;
    return word;
}

long sys_ntfn_poll(struct thread *t)
{
    struct cap *c;
    long err = decode_ntfn(t, MICA_RIGHT_READ, &c);
    if (err)
        return err;
    return (long)invoke_ntfn_poll((struct notification *)c->object);
}

/* Ticks far enough ahead to be a mistake, not a wait: about 11 days. */
#define NTFN_TIMER_MAX_TICKS (1ull << 27)

static long decode_ntfn_timer(struct thread *t, struct cap **c, uint64_t *ticks)
{
    long err = decode_ntfn(t, MICA_RIGHT_WRITE, c);
    if (err)
        return err;
    *ticks = syscall_arg(t, 1);
    return *ticks > NTFN_TIMER_MAX_TICKS ? -MICA_EINVAL : 0;
}

static void invoke_ntfn_timer(const struct cap *c, uint64_t ticks)
{
    notification_timer_arm((struct notification *)c->object, ticks ? timer_ticks() + ticks : 0,
                           c->badge ? c->badge : 1);
}

long sys_ntfn_timer(struct thread *t)
{
    struct cap *c;
    uint64_t ticks;
    long err = decode_ntfn_timer(t, &c, &ticks);
    if (err)
        return err;
    invoke_ntfn_timer(c, ticks);
    return 0;
}

long sys_ntfn_bind(struct thread *t)
{
    struct cap *nc = NULL, *tc;
    long err = decode_cap(t, syscall_arg(t, 1), MICA_CAP_THREAD, MICA_RIGHT_ADMIN, &tc);
    if (err)
        return err;
    if (syscall_arg(t, 0) && (err = decode_ntfn(t, MICA_RIGHT_READ, &nc)))
        return err;
    notification_bind((struct thread *)tc->object, nc ? (struct notification *)nc->object : NULL);
    return 0;
}
