/* ipc_recv_hold: a receive that keeps the thread's pending reply. ktest's
 * own thread is the server here, with a notification bound to it; the
 * callers are threads of its space, each recording what its call got. */
#include <stdbool.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/runtime.h>

#include "ktest.h"

#define CALLER_STACK_PAGES 4u
#define YIELDS_MAX 1000u

struct call {
    long ep;
    uint64_t value;
    long fill_slot; /* before calling, put a cap in this slot (0: none) */
    long status;    /* the call's a0: 0, or the error it ended with */
    uint64_t answer;
    int done;
};

static void caller(uintptr_t arg)
{
    struct call *c = (struct call *)arg;
    if (c->fill_slot)
        mica_sys_cap_copy(0, c->fill_slot, c->ep, MICA_RIGHT_READ);
    struct ipc_msg m = ipc_call(c->ep, MICA_MSGINFO(0, 1, 0), c->value, 0, 0, 0);
    c->status = m.badge;
    c->answer = m.w[0];
    __atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
}

static long start_caller(struct call *c, long ep, uint64_t value)
{
    *c = (struct call){ .ep = ep, .value = value };
    return ipc_thread_spawn(caller, (uintptr_t)c, KTEST_PRIORITY, ktest_supervisor, CALLER_STACK_PAGES);
}

/* Until the caller's call returned (it runs when this thread yields). */
static bool finished(struct call *c)
{
    for (unsigned i = 0; i < YIELDS_MAX && !__atomic_load_n(&c->done, __ATOMIC_ACQUIRE); i++)
        mica_sys_thread_yield();
    return __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);
}

static void signal_after_yield(uintptr_t ntfn)
{
    mica_sys_thread_yield();
    ntfn_signal((long)ntfn);
}

struct server {
    long ep, ntfn, slot;
};

static const char *server_open(struct server *s)
{
    s->ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    s->ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    s->slot = ipc_slot_alloc();
    KT_OK(s->ep);
    KT_OK(s->ntfn);
    KT_OK(s->slot);
    KT_EQ(mica_sys_ntfn_bind(s->ntfn, MICA_SLOT_SELF_THREAD), 0);
    return 0;
}

static const char *server_close(struct server *s, const long *threads, unsigned n)
{
    KT_EQ(mica_sys_ntfn_bind(0, MICA_SLOT_SELF_THREAD), 0);
    for (unsigned i = 0; i < n; i++)
        KT_EQ(ipc_cap_drop(threads[i]), 0);
    mica_sys_cap_delete(0, s->slot); /* a test that failed may have left a cap there */
    ipc_slot_free(s->slot);
    KT_EQ(ipc_cap_drop(s->ntfn), 0);
    KT_EQ(ipc_cap_drop(s->ep), 0);
    return 0;
}

/* The server made, and a first caller's call received: its reply pending. */
static const char *open_with_a_call(struct server *s, struct call *c, long *thread, uint64_t value)
{
    const char *why = server_open(s);
    if (why)
        return why;
    *thread = start_caller(c, s->ep, value);
    KT_OK(*thread);
    KT_EQ(ipc_recv(s->ep).w[0], value);
    return 0;
}

/* Woken by the bound notification, blocked or not, the thread still holds
 * the reply: the slot stays empty, and a plain reply answers the caller. */
static const char *notification_keeps_the_reply(void)
{
    struct server s;
    struct call c;
    long caller_thread;
    const char *why = open_with_a_call(&s, &c, &caller_thread, 5);
    if (why)
        return why;
    KT_EQ(ntfn_signal(s.ntfn), 0); /* pending already: the receive ends at once */
    struct ipc_msg m = ipc_recv_hold(s.ep, s.slot);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_NOTIFICATION);
    KT_EQ(m.badge, 1);
    long signaller = ipc_thread_spawn(signal_after_yield, (uintptr_t)s.ntfn, KTEST_PRIORITY,
                                      ktest_supervisor, CALLER_STACK_PAGES);
    KT_OK(signaller);
    m = ipc_recv_hold(s.ep, s.slot); /* blocks until the signal */
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_NOTIFICATION);
    KT_EQ(ipc_cap_identify(s.slot).type, -MICA_EBADF);
    KT_EQ(__atomic_load_n(&c.done, __ATOMIC_ACQUIRE), 0);
    KT_EQ(ipc_reply(MICA_MSGINFO(0, 1, 0), 105, 0, 0, 0), 0);
    KT_TRUE(finished(&c));
    KT_EQ(c.status, 0);
    KT_EQ(c.answer, 105);
    long threads[] = { caller_thread, signaller };
    return server_close(&s, threads, 2);
}

/* A message saves the held reply in the slot first: a caller queued before
 * the receive (the receive's own delivery) and one that comes while it
 * waits (the sender's). Each is answered through its REPLY cap. */
static const char *message_saves_the_reply(void)
{
    struct server s;
    struct call c[3];
    long threads[3];
    const char *why = open_with_a_call(&s, &c[0], &threads[0], 10);
    if (why)
        return why;
    long second_slot = ipc_slot_alloc();
    KT_OK(second_slot);
    threads[1] = start_caller(&c[1], s.ep, 20);
    KT_OK(threads[1]);
    mica_sys_thread_yield(); /* the second caller queues on the endpoint */
    struct ipc_msg m = ipc_recv_hold(s.ep, s.slot);
    KT_EQ(m.w[0], 20);
    KT_EQ(ipc_cap_identify(s.slot).type, MICA_CAP_REPLY);
    threads[2] = start_caller(&c[2], s.ep, 30);
    KT_OK(threads[2]);
    m = ipc_recv_hold(s.ep, second_slot); /* blocks; the third caller's call saves the second's */
    KT_EQ(m.w[0], 30);
    KT_EQ(ipc_cap_identify(second_slot).type, MICA_CAP_REPLY);
    KT_EQ(ipc_reply(MICA_MSGINFO(0, 1, 0), 31, 0, 0, 0), 0);
    KT_EQ(ipc_reply_send(s.slot, MICA_MSGINFO(0, 1, 0), 11, 0, 0, 0), 0);
    KT_EQ(ipc_reply_send(second_slot, MICA_MSGINFO(0, 1, 0), 21, 0, 0, 0), 0);
    for (unsigned i = 0; i < 3; i++) {
        KT_TRUE(finished(&c[i]));
        KT_EQ(c[i].status, 0);
        KT_EQ(c[i].answer, c[i].value + 1);
    }
    ipc_slot_free(second_slot);
    return server_close(&s, threads, 3);
}

/* The slot is checked at the call, which then does nothing; without a
 * pending reply the receive is a plain one and the slot stays empty. */
static const char *the_slot_is_checked(void)
{
    struct server s;
    struct call c[2];
    const char *why = server_open(&s);
    if (why)
        return why;
    long threads[2];
    threads[0] = start_caller(&c[0], s.ep, 40);
    KT_OK(threads[0]);
    struct ipc_msg m = ipc_recv_hold(s.ep, s.slot); /* nothing pending yet */
    KT_EQ(m.w[0], 40);
    KT_EQ(ipc_cap_identify(s.slot).type, -MICA_EBADF);
    KT_EQ(mica_sys_cap_copy(0, s.slot, s.ep, MICA_RIGHT_READ), 0);
    KT_EQ(ipc_recv_hold(s.ep, s.slot).badge, -MICA_EEXIST);
    KT_EQ(ipc_recv_hold(s.ep, 0).badge, -MICA_EBADF);
    KT_EQ(ipc_recv_hold(s.ntfn, s.slot).badge, -MICA_ENOTTY); /* not an endpoint: checked first */
    KT_EQ(ipc_reply(MICA_MSGINFO(0, 1, 0), 41, 0, 0, 0), 0); /* still pending */
    KT_TRUE(finished(&c[0]));
    KT_EQ(c[0].answer, 41);
    /* A caller that died while its reply was held leaves nothing to save. */
    threads[1] = start_caller(&c[1], s.ep, 50);
    KT_OK(threads[1]);
    m = ipc_recv(s.ep);
    KT_EQ(m.w[0], 50);
    KT_EQ(mica_sys_thread_suspend(threads[1]), 0);
    KT_EQ(mica_sys_cap_delete(0, s.slot), 0);
    KT_EQ(ntfn_signal(s.ntfn), 0);
    KT_EQ(MICA_MSGINFO_LABEL(ipc_recv_hold(s.ep, s.slot).info), MICA_LABEL_NOTIFICATION);
    KT_EQ(ipc_reply(MICA_MSGINFO(0, 1, 0), 51, 0, 0, 0), -MICA_ESRCH); /* its stop voided it */
    KT_EQ(__atomic_load_n(&c[1].done, __ATOMIC_ACQUIRE), 0);
    return server_close(&s, threads, 2);
}

/* A slot another thread of the space filled while the receive waited has
 * no room when the message comes: the held caller is released with -EPIPE,
 * as a plain receive releases it, and the slot keeps what was put there. */
static const char *a_slot_filled_meanwhile_releases_the_caller(void)
{
    struct server s;
    struct call c[2];
    long threads[2];
    const char *why = open_with_a_call(&s, &c[0], &threads[0], 60);
    if (why)
        return why;
    c[1] = (struct call){ .ep = s.ep, .value = 70, .fill_slot = s.slot };
    threads[1] = ipc_thread_spawn(caller, (uintptr_t)&c[1], KTEST_PRIORITY, ktest_supervisor,
                                  CALLER_STACK_PAGES);
    KT_OK(threads[1]);
    struct ipc_msg m = ipc_recv_hold(s.ep, s.slot); /* empty now; filled before the call comes */
    KT_EQ(m.w[0], 70);
    KT_TRUE(finished(&c[0]));
    KT_EQ(c[0].status, -MICA_EPIPE);
    KT_EQ(ipc_cap_identify(s.slot).type, MICA_CAP_ENDPOINT);
    KT_EQ(ipc_reply(MICA_MSGINFO(0, 1, 0), 71, 0, 0, 0), 0);
    KT_TRUE(finished(&c[1]));
    KT_EQ(c[1].answer, 71);
    return server_close(&s, threads, 2);
}

/* Stores to `address`, which nothing maps. */
static void fault_now(uintptr_t address)
{
    *(volatile uint64_t *)address = 1;
}

/* A fault report is a message too: it saves the held reply first. */
static const char *fault_report_saves_the_reply(void)
{
    struct server s;
    struct call c;
    long threads[2];
    const char *why = open_with_a_call(&s, &c, &threads[0], 80);
    if (why)
        return why;
    threads[1] = ipc_thread_spawn(fault_now, 8, KTEST_PRIORITY, s.ep, CALLER_STACK_PAGES);
    KT_OK(threads[1]);
    struct ipc_msg m = ipc_recv_hold(s.ep, s.slot);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_FAULT);
    KT_EQ(ipc_cap_identify(s.slot).type, MICA_CAP_REPLY);
    KT_EQ(ipc_reply_send(s.slot, MICA_MSGINFO(0, 1, 0), 81, 0, 0, 0), 0);
    KT_TRUE(finished(&c));
    KT_EQ(c.answer, 81);
    return server_close(&s, threads, 2);
}

const struct ktest_case ktest_hold_cases[] = {
    { "hold.notification-keeps-the-reply", notification_keeps_the_reply },
    { "hold.message-saves-the-reply", message_saves_the_reply },
    { "hold.slot-checked", the_slot_is_checked },
    { "hold.slot-filled-meanwhile", a_slot_filled_meanwhile_releases_the_caller },
    { "hold.fault-report-saves-the-reply", fault_report_saves_the_reply },
    { 0, 0 },
};
