/* IPC and notifications inside ktest's address space: an echo server
 * thread answers calls, with badges, long messages and capability transfer. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/runtime.h>

#include "ktest.h"

#define SERVER_STACK_PAGES 4u
#define LONG_WORDS 100u

struct echo {
    long ep, thread;
};

static const char *start_echo(struct echo *e)
{
    e->ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    KT_OK(e->ep);
    e->thread = ipc_thread_spawn(echo_thread, (uintptr_t)e->ep, KTEST_PRIORITY, ktest_supervisor,
                                 SERVER_STACK_PAGES);
    KT_OK(e->thread);
    return 0;
}

static const char *stop_echo(struct echo *e)
{
    KT_EQ(MICA_MSGINFO_LABEL(ipc_call(e->ep, MICA_MSGINFO(STOP_LABEL, 0, 0), 0, 0, 0, 0).info),
          STOP_LABEL);
    KT_EQ(ipc_cap_drop(e->thread), 0);
    KT_EQ(ipc_cap_drop(e->ep), 0);
    return 0;
}

static const char *call_and_reply(void)
{
    struct echo e;
    const char *why = start_echo(&e);
    if (why)
        return why;
    for (uint64_t i = 0; i < 100; i++) {
        struct ipc_msg m = ipc_call(e.ep, MICA_MSGINFO(ECHO_LABEL, 4, 0), i, i * 2, i * 3, ~i);
        KT_EQ(m.badge, 0);
        KT_EQ(MICA_MSGINFO_WORDS(m.info), 4);
        KT_EQ(MICA_MSGINFO_LABEL(m.info), 0); /* the label is the caller's badge: none */
        KT_EQ(m.w[0], i + 1);
        KT_EQ(m.w[1], i * 2 + 1);
        KT_EQ(m.w[2], i * 3 + 1);
        KT_EQ(m.w[3], ~i + 1);
    }
    /* Plain send and non-blocking send are received too (no reply comes). */
    KT_EQ(ipc_send(e.ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), 1, 0, 0, 0), 0);
    /* nbsend needs the echo thread back in its receive: a timer tick can
     * delay that past one yield, so yield until it is (-EAGAIN till then). */
    long sent = -MICA_EAGAIN;
    for (unsigned tries = 0; tries < 1000 && sent == -MICA_EAGAIN; tries++) {
        mica_sys_thread_yield();
        sent = ipc_nbsend(e.ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), 1, 0, 0, 0);
    }
    KT_EQ(sent, 0);
    return stop_echo(&e);
}

static const char *badges_name_the_caller(void)
{
    struct echo e;
    const char *why = start_echo(&e);
    if (why)
        return why;
    long five = ipc_slot_alloc(), nine = ipc_slot_alloc();
    KT_EQ(mica_sys_cap_mint(0, five, e.ep, MICA_RIGHT_WRITE, 5), 0);
    KT_EQ(mica_sys_cap_mint(0, nine, e.ep, MICA_RIGHT_WRITE, 9), 0);
    KT_EQ(MICA_MSGINFO_LABEL(ipc_call(five, MICA_MSGINFO(ECHO_LABEL, 1, 0), 0, 0, 0, 0).info), 5);
    KT_EQ(MICA_MSGINFO_LABEL(ipc_call(nine, MICA_MSGINFO(ECHO_LABEL, 1, 0), 0, 0, 0, 0).info), 9);
    KT_EQ(ipc_cap_drop(five), 0);
    KT_EQ(ipc_cap_drop(nine), 0);
    return stop_echo(&e);
}

static const char *long_messages_use_the_buffer(void)
{
    struct echo e;
    const char *why = start_echo(&e);
    if (why)
        return why;
    uint64_t words[LONG_WORDS];
    for (unsigned i = 0; i < LONG_WORDS; i++)
        words[i] = 0x1000 + i;
    struct ipc_msg m = ipc_call_words(e.ep, ECHO_LABEL, words, LONG_WORDS, 0, 0);
    KT_EQ(m.badge, 0);
    KT_EQ(MICA_MSGINFO_WORDS(m.info), LONG_WORDS);
    for (unsigned i = 0; i < LONG_WORDS; i++)
        KT_EQ(ipc_msg_word(&m, i), 0x1001 + i);
    return stop_echo(&e);
}

static uint64_t big[MICA_MSG_MAX_WORDS];

/* Fills big[] with words no two of which are equal (nor equal to a word
 * shifted by one), sends all MICA_MSG_MAX_WORDS and checks every word of
 * the echo: 4 KiB past the registers, each word back plus one. */
static const char *echo_full_message(long ep, uint64_t seed)
{
    for (unsigned i = 0; i < MICA_MSG_MAX_WORDS; i++)
        big[i] = (seed << 32) ^ (0x9e3779b97f4a7c15ull * (i + 1));
    struct ipc_msg m = ipc_call_words(ep, ECHO_LABEL, big, MICA_MSG_MAX_WORDS, 0, 0);
    KT_EQ(m.badge, 0);
    KT_EQ(MICA_MSGINFO_WORDS(m.info), MICA_MSG_MAX_WORDS);
    for (unsigned i = 0; i < MICA_MSG_MAX_WORDS; i++)
        if (ipc_msg_word(&m, i) != big[i] + 1)
            return ktest_why("word %u of %u came back as %#llx, want %#llx", i, MICA_MSG_MAX_WORDS,
                             (unsigned long long)ipc_msg_word(&m, i),
                             (unsigned long long)(big[i] + 1));
    return 0;
}

/* The largest message: 4 register words and 4096 bytes in the IPC buffer.
 * The first call finds the new echo thread not yet receiving, so it queues
 * and the slow path copies it; the replies and the later calls find their
 * partner waiting and take the fastpath's copy. */
static const char *four_kib_message_arrives_intact(void)
{
    KT_EQ((MICA_MSG_MAX_WORDS - MICA_MSG_REG_WORDS) * sizeof(uint64_t) >= 4096, 1);
    struct echo e;
    const char *why = start_echo(&e);
    for (uint64_t round = 0; !why && round < 3; round++)
        why = echo_full_message(e.ep, round);
    return why ? why : stop_echo(&e);
}

/* A message claiming more words than any IPC buffer holds is refused with
 * E2BIG, by the kernel (raw info words, on every send path) and by
 * libipc's long-message calls, and nothing is delivered: the echo server's
 * next answer is to the next good call. */
static const char *oversized_messages_are_refused(void)
{
    struct echo e;
    const char *why = start_echo(&e);
    if (why)
        return why;
    uint64_t too_many = MICA_MSGINFO(ECHO_LABEL, MICA_MSG_MAX_WORDS + 1, 0);
    uint64_t field_max = MICA_MSGINFO(ECHO_LABEL, MICA_MSGINFO_WORDS_MASK, 0);
    KT_EQ(ipc_call(e.ep, too_many, 1, 2, 3, 4).badge, -MICA_E2BIG);
    KT_EQ(ipc_call(e.ep, field_max, 1, 2, 3, 4).badge, -MICA_E2BIG);
    KT_EQ(ipc_send(e.ep, too_many, 1, 2, 3, 4), -MICA_E2BIG);
    KT_EQ(ipc_nbsend(e.ep, too_many, 1, 2, 3, 4), -MICA_E2BIG);
    mica_sys_thread_yield(); /* the echo thread now waits: the fastpath's turn */
    KT_EQ(ipc_call(e.ep, too_many, 1, 2, 3, 4).badge, -MICA_E2BIG);
    KT_EQ(ipc_call_words(e.ep, ECHO_LABEL, big, MICA_MSG_MAX_WORDS + 1, 0, 0).badge, -MICA_E2BIG);
    KT_EQ(ipc_send_words(e.ep, ECHO_LABEL, big, MICA_MSG_MAX_WORDS + 1, 0, 0), -MICA_E2BIG);
    struct ipc_msg m = ipc_call(e.ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), 41, 0, 0, 0);
    KT_EQ(m.badge, 0);
    KT_EQ(MICA_MSGINFO_WORDS(m.info), 1);
    KT_EQ(m.w[0], 42);
    return stop_echo(&e);
}

static const char *capabilities_travel_with_grant(void)
{
    struct echo e;
    const char *why = start_echo(&e);
    if (why)
        return why;
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long badged = ipc_slot_alloc();
    KT_OK(ntfn);
    KT_EQ(mica_sys_cap_mint(0, badged, ntfn, MICA_RIGHT_WRITE, 0x20), 0);
    uint64_t caps[1] = { (uint64_t)badged };
    struct ipc_msg m = ipc_call_words(e.ep, XFER_LABEL, 0, 0, caps, 1);
    KT_EQ(m.badge, 0);
    KT_EQ(m.w[0], MICA_CAP_NOTIFICATION); /* what arrived */
    KT_EQ(m.w[1], 1);
    KT_EQ(ntfn_poll(ntfn), 0x20); /* the server signalled through the transferred cap */
    /* The sender keeps its own copy. */
    KT_EQ(ipc_cap_identify(badged).type, MICA_CAP_NOTIFICATION);
    KT_EQ(ipc_cap_drop(badged), 0);
    KT_EQ(ipc_cap_drop(ntfn), 0);
    return stop_echo(&e);
}

static long saved_reply_slot;

static void saved_reply_server(uintptr_t ep)
{
    struct ipc_msg m = ipc_recv((long)ep);
    if (m.badge < 0 || ipc_reply_save(saved_reply_slot) < 0)
        return;
    mica_sys_thread_yield(); /* the caller stays blocked while the reply waits in a slot */
    ipc_reply_send(saved_reply_slot, MICA_MSGINFO(0, 1, 0), m.w[0] + 100, 0, 0, 0);
}

static const char *saved_replies(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    KT_OK(ep);
    saved_reply_slot = ipc_slot_alloc();
    long thread = ipc_thread_spawn(saved_reply_server, (uintptr_t)ep, KTEST_PRIORITY,
                                   ktest_supervisor, SERVER_STACK_PAGES);
    KT_OK(thread);
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(0, 1, 0), 5, 0, 0, 0);
    KT_EQ(m.badge, 0);
    KT_EQ(m.w[0], 105);
    /* The reply cap was used up. */
    KT_EQ(ipc_cap_identify(saved_reply_slot).type, -MICA_EBADF);
    ipc_slot_free(saved_reply_slot);
    KT_EQ(ipc_cap_drop(thread), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

static void signal_later(uintptr_t ntfn)
{
    mica_sys_thread_yield();
    ntfn_signal((long)ntfn);
}

static const char *notifications(void)
{
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long a = ipc_slot_alloc(), b = ipc_slot_alloc(), reader = ipc_slot_alloc();
    KT_OK(ntfn);
    KT_EQ(mica_sys_cap_mint(0, a, ntfn, MICA_RIGHT_WRITE, 0x4), 0);
    KT_EQ(mica_sys_cap_mint(0, b, ntfn, MICA_RIGHT_WRITE, 0x10), 0);
    KT_EQ(ntfn_poll(ntfn), 0);
    KT_EQ(ntfn_signal(a), 0);
    KT_EQ(ntfn_signal(b), 0);
    KT_EQ(ntfn_signal(a), 0);
    KT_EQ(ntfn_poll(ntfn), 0x14); /* ORed, and cleared by reading */
    KT_EQ(ntfn_poll(ntfn), 0);
    KT_EQ(ntfn_signal(ntfn), 0); /* unbadged signals bit 0 */
    KT_EQ(ntfn_wait(ntfn), 1);
    /* Signal-only and wait-only caps. */
    KT_EQ(mica_sys_cap_copy(0, reader, ntfn, MICA_RIGHT_READ), 0);
    KT_EQ(ntfn_signal(reader), -MICA_EACCES);
    KT_EQ(ntfn_wait(a), -MICA_EACCES);
    /* wait blocks until another thread signals. */
    long thread = ipc_thread_spawn(signal_later, (uintptr_t)b, KTEST_PRIORITY, ktest_supervisor,
                                   SERVER_STACK_PAGES);
    KT_OK(thread);
    KT_EQ(ntfn_wait(reader), 0x10);
    long slots[] = { thread, reader, a, b, ntfn };
    for (unsigned i = 0; i < 5; i++)
        KT_EQ(ipc_cap_drop(slots[i]), 0);
    return 0;
}

#define SIGNAL_RECV_LABEL 0x5e4eu

static void send_after_signal(uintptr_t ep)
{
    ipc_send((long)ep, MICA_MSGINFO(SIGNAL_RECV_LABEL, 1, 0), 9, 0, 0, 0);
}

/* ntfn_signal_recv signals, then receives (an endpoint) or waits (a
 * notification); with either capability wrong it does neither (the word
 * stays 0, and the call returns instead of waiting). */
static const char *signal_then_receive(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long badged = ipc_slot_alloc(), reader = ipc_slot_alloc(), send_only = ipc_slot_alloc();
    long empty = ipc_slot_alloc();
    KT_OK(ep);
    KT_OK(ntfn);
    KT_EQ(mica_sys_cap_mint(0, badged, ntfn, MICA_RIGHT_WRITE, 0x8), 0);
    KT_EQ(mica_sys_cap_copy(0, reader, ntfn, MICA_RIGHT_READ), 0);
    KT_EQ(mica_sys_cap_copy(0, send_only, ep, MICA_RIGHT_WRITE), 0);
    KT_EQ(ipc_signal_recv(reader, ep).badge, -MICA_EACCES);     /* no WRITE on the notification */
    KT_EQ(ipc_signal_recv(badged, send_only).badge, -MICA_EACCES); /* no READ on the endpoint */
    KT_EQ(ipc_signal_recv(ep, ep).badge, -MICA_ENOTTY);
    KT_EQ(ipc_signal_recv(badged, MICA_SLOT_SELF_THREAD).badge, -MICA_ENOTTY);
    KT_EQ(ntfn_signal_wait(badged, badged), -MICA_EACCES); /* a wait needs READ */
    KT_EQ(ipc_signal_recv(empty, ep).badge, -MICA_EBADF);
    KT_EQ(ipc_signal_recv(badged, empty).badge, -MICA_EBADF);
    KT_EQ(ntfn_poll(ntfn), 0); /* none of the refused calls signalled */
    /* The sender waits on the endpoint; the call signals and takes its message. */
    long thread = ipc_thread_spawn(send_after_signal, (uintptr_t)ep, KTEST_PRIORITY,
                                   ktest_supervisor, SERVER_STACK_PAGES);
    KT_OK(thread);
    struct ipc_msg m = ipc_signal_recv(badged, ep);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), SIGNAL_RECV_LABEL);
    KT_EQ(m.w[0], 9);
    KT_EQ(ntfn_poll(ntfn), 0x8);
    /* Bound to the receiver, the signal ends its own receive. */
    KT_EQ(mica_sys_ntfn_bind(ntfn, MICA_SLOT_SELF_THREAD), 0);
    m = ipc_signal_recv(badged, ep);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_NOTIFICATION);
    KT_EQ(m.badge, 0x8);
    KT_EQ(mica_sys_ntfn_bind(0, MICA_SLOT_SELF_THREAD), 0);
    /* A notification to wait on: the same one returns at once with the
     * signal's bits; another blocks until it is signalled. */
    KT_EQ(ntfn_signal_wait(badged, reader), 0x8);
    long other = ipc_obj_create(MICA_CAP_NOTIFICATION, 0), other_badged = ipc_slot_alloc();
    KT_OK(other);
    KT_EQ(mica_sys_cap_mint(0, other_badged, other, MICA_RIGHT_WRITE, 0x30), 0);
    long waker = ipc_thread_spawn(signal_later, (uintptr_t)other_badged, KTEST_PRIORITY,
                                  ktest_supervisor, SERVER_STACK_PAGES);
    KT_OK(waker);
    KT_EQ(ntfn_signal_wait(badged, other), 0x30);
    KT_EQ(ntfn_poll(ntfn), 0x8);
    KT_EQ(ipc_cap_drop(waker), 0);
    KT_EQ(ipc_cap_drop(other_badged), 0);
    KT_EQ(ipc_cap_drop(other), 0);
    long slots[] = { thread, send_only, reader, badged, ntfn, ep };
    for (unsigned i = 0; i < 6; i++)
        KT_EQ(ipc_cap_drop(slots[i]), 0);
    ipc_slot_free(empty);
    return 0;
}

#define QUEUED_LABEL 0x5e4du

static void send_queued(uintptr_t ep)
{
    ipc_send((long)ep, MICA_MSGINFO(QUEUED_LABEL, 1, 0), 7, 0, 0, 0);
}

/* A bound notification ends a receive before a queued sender, but not
 * twice in a row: a server signalled again while it serves (its own
 * signal, doorbells under load) still takes its callers in turn. */
static const char *notification_does_not_pass_senders_twice(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    KT_OK(ep);
    KT_OK(ntfn);
    KT_EQ(mica_sys_ntfn_bind(ntfn, MICA_SLOT_SELF_THREAD), 0);
    long thread = ipc_thread_spawn(send_queued, (uintptr_t)ep, KTEST_PRIORITY, ktest_supervisor,
                                   SERVER_STACK_PAGES);
    KT_OK(thread);
    mica_sys_thread_yield(); /* the sender runs and waits on the endpoint */
    KT_EQ(ntfn_signal(ntfn), 0);
    struct ipc_msg m = ipc_recv(ep);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_NOTIFICATION);
    KT_EQ(m.badge, 1);
    KT_EQ(ntfn_signal(ntfn), 0);
    m = ipc_recv(ep); /* the word is set again: the sender's turn all the same */
    KT_EQ(MICA_MSGINFO_LABEL(m.info), QUEUED_LABEL);
    KT_EQ(m.w[0], 7);
    m = ipc_recv(ep); /* then the word, still pending */
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_NOTIFICATION);
    KT_EQ(m.badge, 1);
    KT_EQ(mica_sys_ntfn_bind(0, MICA_SLOT_SELF_THREAD), 0);
    long slots[] = { thread, ntfn, ep };
    for (unsigned i = 0; i < 3; i++)
        KT_EQ(ipc_cap_drop(slots[i]), 0);
    return 0;
}

/* How far ahead the timers that must not fire are armed: 100 ms at 100 Hz. */
#define REARM_TICKS 10

/* A notification timer signals once, with the cap's badge, no earlier than
 * the ticks asked for; re-arming replaces, 0 disarms, and a timer dies
 * with its notification. */
static const char *notification_timers(void)
{
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long badged = ipc_slot_alloc(), reader = ipc_slot_alloc();
    KT_OK(ntfn);
    KT_EQ(mica_sys_cap_mint(0, badged, ntfn, MICA_RIGHT_WRITE, 0x40), 0);
    KT_EQ(mica_sys_cap_copy(0, reader, ntfn, MICA_RIGHT_READ), 0);
    KT_EQ(mica_sys_ntfn_timer(reader, 1), -MICA_EACCES);
    KT_EQ(mica_sys_ntfn_timer(badged, 1ull << 40), -MICA_EINVAL);
    long before = mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_TICKS);
    KT_EQ(mica_sys_ntfn_timer(badged, 3), 0);
    KT_EQ(ntfn_wait(ntfn), 0x40);
    long after = mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_TICKS);
    KT_TRUE(after - before >= 3);
    KT_EQ(ntfn_poll(ntfn), 0); /* once */
    /* Re-armed to later, then disarmed: nothing comes. A timer fires at a
     * tick boundary, and the boot hart counts ticks however long the host
     * leaves this hart unscheduled between two calls: the first arming is
     * REARM_TICKS ahead, so only a stall that long could let it fire first. */
    KT_EQ(mica_sys_ntfn_timer(badged, REARM_TICKS), 0);
    KT_EQ(mica_sys_ntfn_timer(badged, 2 * REARM_TICKS), 0);
    KT_EQ(mica_sys_ntfn_timer(badged, 0), 0);
    /* Past both deadlines, whenever the tick counter moved meanwhile. */
    long until = mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_TICKS) + 2 * REARM_TICKS + 1;
    while (mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_TICKS) < until)
        mica_sys_thread_yield();
    KT_EQ(ntfn_poll(ntfn), 0);
    /* An armed timer dies with its notification. */
    KT_EQ(mica_sys_ntfn_timer(badged, 1), 0);
    long slots[] = { badged, reader, ntfn };
    for (unsigned i = 0; i < 3; i++)
        KT_EQ(ipc_cap_drop(slots[i]), 0);
    until = mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_TICKS) + 3;
    while (mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_TICKS) < until)
        mica_sys_thread_yield();
    return 0;
}

/* Kernel labels (a notification's, a fault's) are the kernel's alone: every
 * send path refuses them (the register-only call the fastpath takes, a long
 * call through the buffer, send, nbsend), so a receiver can trust them. */
static const char *notification_label_is_the_kernels(void)
{
    struct echo e;
    const char *why = start_echo(&e);
    if (why)
        return why;
    KT_EQ(ipc_call(e.ep, MICA_MSGINFO(MICA_LABEL_NOTIFICATION, 1, 0), 1, 0, 0, 0).badge, -MICA_EINVAL);
    KT_EQ(ipc_call(e.ep, MICA_MSGINFO(MICA_LABEL_NOTIFICATION, 8, 0), 1, 0, 0, 0).badge, -MICA_EINVAL);
    KT_EQ(ipc_send(e.ep, MICA_MSGINFO(MICA_LABEL_NOTIFICATION, 0, 0), 0, 0, 0, 0), -MICA_EINVAL);
    KT_EQ(ipc_nbsend(e.ep, MICA_MSGINFO(MICA_LABEL_NOTIFICATION, 0, 0), 0, 0, 0, 0), -MICA_EINVAL);
    KT_EQ(ipc_call(e.ep, MICA_MSGINFO(MICA_LABEL_FAULT, 3, 0), 1, 2, 3, 0).badge, -MICA_EINVAL);
    /* The echo thread got none of them: its next call is the first it answers. */
    struct ipc_msg m = ipc_call(e.ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), 41, 0, 0, 0);
    KT_EQ(m.w[0], 42);
    return stop_echo(&e);
}

/* What ipc_call must leave as it was: every register but the results
 * a0..a5 and a7 (the ABI lets the kernel use it). The ones a test can set
 * (ra, t0..t6, s1..s11, a6) get patterns before the ecall; the ones it
 * cannot (sp, s0, gp, tp) are recorded before and after. Both fastpath
 * exits run: a register-only message, and one with buffer words. */
uint64_t ktest_regs_fixed[4], ktest_regs_after[24];
#define REG_PATTERN(i) (0x6d69636100000000ull + (i))
#define REG_PATTERN_TEXT "0x6d69636100000000"
static const char *const kept_names[24] = {
    "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "s1", "s2", "s3", "s4",
    "s5", "s6", "s7", "s8", "s9", "s10", "s11", "a6", "sp", "s0", "gp", "tp",
};

static const char *call_keeping_registers(long ep, unsigned words)
{
    register long a0 __asm__("a0") = ep;
    register long a1 __asm__("a1") = (long)MICA_MSGINFO(ECHO_LABEL, words, 0);
    register long a2 __asm__("a2") = 10, a3 __asm__("a3") = 20, a4 __asm__("a4") = 30,
                  a5 __asm__("a5") = 40;
    register long a7 __asm__("a7") = MICA_SYS_ipc_call;
#define SET(reg, i) "li " #reg ", " REG_PATTERN_TEXT " + " #i "\n"
#define KEEP(reg, i) "sd " #reg ", " #i "*8(a7)\n"
    __asm__ volatile("lla t0, ktest_regs_fixed\n"
                     "sd sp, 0(t0)\n sd s0, 8(t0)\n sd gp, 16(t0)\n sd tp, 24(t0)\n"
                     SET(ra, 0) SET(t0, 1) SET(t1, 2) SET(t2, 3) SET(t3, 4) SET(t4, 5) SET(t5, 6)
                     SET(t6, 7) SET(s1, 8) SET(s2, 9) SET(s3, 10) SET(s4, 11) SET(s5, 12)
                     SET(s6, 13) SET(s7, 14) SET(s8, 15) SET(s9, 16) SET(s10, 17) SET(s11, 18)
                     SET(a6, 19)
                     "ecall\n"
                     "lla a7, ktest_regs_after\n"
                     KEEP(ra, 0) KEEP(t0, 1) KEEP(t1, 2) KEEP(t2, 3) KEEP(t3, 4) KEEP(t4, 5)
                     KEEP(t5, 6) KEEP(t6, 7) KEEP(s1, 8) KEEP(s2, 9) KEEP(s3, 10) KEEP(s4, 11)
                     KEEP(s5, 12) KEEP(s6, 13) KEEP(s7, 14) KEEP(s8, 15) KEEP(s9, 16)
                     KEEP(s10, 17) KEEP(s11, 18) KEEP(a6, 19) KEEP(sp, 20) KEEP(s0, 21)
                     KEEP(gp, 22) KEEP(tp, 23)
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a7)
                     :
                     : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "s1", "s2", "s3", "s4", "s5",
                       "s6", "s7", "s8", "s9", "s10", "s11", "a6", "memory");
#undef SET
#undef KEEP
    KT_EQ(a0, 0);
    KT_EQ(MICA_MSGINFO_WORDS((uint64_t)a1), words);
    KT_EQ(a2, 11);
    KT_EQ(a5, 41);
    for (unsigned i = 0; i < 24; i++) {
        uint64_t want = i < 20 ? REG_PATTERN(i) : ktest_regs_fixed[i - 20];
        if (ktest_regs_after[i] != want)
            return ktest_why("%u words: %s = %lx after the call, want %lx", words, kept_names[i],
                             (unsigned long)ktest_regs_after[i], (unsigned long)want);
    }
    return 0;
}

static const char *calls_keep_registers(void)
{
    struct echo e;
    const char *why = start_echo(&e);
    if (why)
        return why;
    for (unsigned round = 0; round < 10 && !why; round++)
        why = call_keeping_registers(e.ep, round % 2 ? 6 : 4);
    if (why)
        return why;
    return stop_echo(&e);
}

const struct ktest_case ktest_ipc_cases[] = {
    { "ipc.notification-label-refused", notification_label_is_the_kernels },
    { "ipc.call-reply", call_and_reply },
    { "ipc.call-keeps-registers", calls_keep_registers },
    { "ipc.badges", badges_name_the_caller },
    { "ipc.long-message", long_messages_use_the_buffer },
    { "ipc.4k-message", four_kib_message_arrives_intact },
    { "ipc.oversized-message", oversized_messages_are_refused },
    { "ipc.cap-transfer", capabilities_travel_with_grant },
    { "ipc.saved-reply", saved_replies },
    { "ntfn.signal-wait-poll", notifications },
    { "ntfn.timer", notification_timers },
    { "ntfn.does-not-pass-senders-twice", notification_does_not_pass_senders_twice },
    { "ntfn.signal-recv", signal_then_receive },
    { 0, 0 },
};
