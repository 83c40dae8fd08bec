/* Several harts: placing threads (thread_set_hart), IPC between threads on
 * different harts, a blocked thread moved before it wakes, and a thread
 * stopped, deleted or faulted by an unmap while it runs on another hart,
 * a server deleted while callers on another hart are mid-call, and the IPC
 * fastpath within one address space while other harts hold the kernel lock.
 * With one hart only the placement checks run; the others report "not run". */
#include <stdbool.h>

#include <mica/cap.h>
#include <mica/runtime.h>

#include "ktest.h"

#define WORKER_STACK_PAGES 4u
#define WHERE_LABEL 4u
/* How long a watcher waits for a counter on another hart: each hart is a
 * host thread, which a busy host may leave unscheduled for a while. */
#define WATCH_SECONDS 2u
#define QUIET_MS 100u

static long my_hart(void)
{
    return mica_sys_system_info(0, MICA_INFO_HART);
}

/* Another hart than the caller's, or -1 with one hart. */
static long other_hart(void)
{
    unsigned list[2];
    return ipc_harts(list, 2) == 2 ? (long)list[1] : -1;
}

static const char *placement(void)
{
    unsigned list[8], n = ipc_harts(list, 8);
    long home = my_hart();
    KT_TRUE(n >= 1 && home >= 0);
    KT_EQ(list[0], home); /* the caller's own first */
    KT_EQ(mica_sys_thread_set_hart(MICA_SLOT_SELF_THREAD, 64), -MICA_EINVAL);
    KT_EQ(mica_sys_thread_set_hart(MICA_SLOT_SELF_THREAD, (long)-1), -MICA_EINVAL);
    KT_EQ(mica_sys_thread_set_hart(0, 0), -MICA_EBADF);
    /* Every online hart, then home again: the caller runs where it is placed. */
    for (unsigned i = 0; i < n; i++) {
        KT_EQ(mica_sys_thread_set_hart(MICA_SLOT_SELF_THREAD, list[i]), 0);
        KT_EQ(my_hart(), list[i]);
    }
    KT_EQ(mica_sys_thread_set_hart(MICA_SLOT_SELF_THREAD, home), 0);
    KT_EQ(my_hart(), home);
    if (n == 1)
        KT_EQ(mica_sys_thread_set_hart(MICA_SLOT_SELF_THREAD, home + 1), -MICA_EINVAL);
    return 0;
}

/* Answers each call with the hart it runs on and w0 + 1; STOP ends it. */
static void where_server(uintptr_t ep)
{
    struct ipc_msg m = ipc_recv((long)ep);
    while (MICA_MSGINFO_LABEL(m.info) != STOP_LABEL)
        m = ipc_reply_recv((long)ep, MICA_MSGINFO(WHERE_LABEL, 2, 0), (uint64_t)my_hart(), m.w[0] + 1, 0, 0);
    ipc_reply(MICA_MSGINFO(STOP_LABEL, 0, 0), 0, 0, 0, 0);
}

/* An endpoint and a where_server thread serving it on another hart ("not
 * run" with one hart). */
static const char *start_server_elsewhere(long *there, long *ep, long *server)
{
    *there = other_hart();
    if (*there < 0)
        return ktest_not_run("one hart");
    *ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    KT_OK(*ep);
    *server = ipc_thread_spawn(where_server, (uintptr_t)*ep, KTEST_PRIORITY, ktest_supervisor,
                               WORKER_STACK_PAGES);
    KT_OK(*server);
    KT_EQ(mica_sys_thread_set_hart(*server, *there), 0);
    return 0;
}

static const char *ipc_across_harts(void)
{
    long there, ep, server;
    const char *why = start_server_elsewhere(&there, &ep, &server);
    if (why)
        return why;
    for (uint64_t i = 0; i < 2000; i++) {
        struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), i, 0, 0, 0);
        KT_EQ(MICA_MSGINFO_LABEL(m.info), WHERE_LABEL);
        KT_EQ(m.w[0], there);
        KT_EQ(m.w[1], i + 1);
    }
    KT_EQ(MICA_MSGINFO_LABEL(ipc_call(ep, MICA_MSGINFO(STOP_LABEL, 0, 0), 0, 0, 0, 0).info), STOP_LABEL);
    KT_EQ(ipc_cap_drop(server), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

struct waiter {
    long ntfn, ep;
};

/* Waits for the notification, then reports the hart it woke on. */
static void wait_then_report(uintptr_t arg)
{
    const struct waiter *w = (const struct waiter *)arg;
    mica_sys_ntfn_wait(w->ntfn);
    ipc_call(w->ep, MICA_MSGINFO(WHERE_LABEL, 1, 0), (uint64_t)my_hart(), 0, 0, 0);
}

static const char *blocked_thread_moved(void)
{
    long there = other_hart();
    if (there < 0)
        return ktest_not_run("one hart");
    struct waiter w = { ipc_obj_create(MICA_CAP_NOTIFICATION, 0), ipc_obj_create(MICA_CAP_ENDPOINT, 0) };
    KT_OK(w.ntfn);
    KT_OK(w.ep);
    /* Same priority, this hart: it runs (and blocks) when this thread yields. */
    long t = ipc_thread_spawn(wait_then_report, (uintptr_t)&w, KTEST_PRIORITY, ktest_supervisor,
                              WORKER_STACK_PAGES);
    KT_OK(t);
    for (unsigned i = 0; i < 10; i++)
        mica_sys_thread_yield();
    KT_EQ(mica_sys_thread_set_hart(t, there), 0);
    KT_EQ(mica_sys_ntfn_signal(w.ntfn), 0);
    struct ipc_msg m = ipc_recv(w.ep);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), WHERE_LABEL);
    KT_EQ(m.w[0], there);
    ipc_reply(0, 0, 0, 0, 0);
    KT_EQ(ipc_cap_drop(t), 0);
    KT_EQ(ipc_cap_drop(w.ntfn), 0);
    KT_EQ(ipc_cap_drop(w.ep), 0);
    return 0;
}

/* Counts in the word it is given, forever. */
static void count_forever(uintptr_t word)
{
    volatile uint64_t *p = (volatile uint64_t *)word;
    for (;;)
        (*p)++;
}

/* Whether the counter changes within `ticks` of rdtime. */
static int changes_within(volatile uint64_t *p, uint64_t ticks)
{
    uint64_t before = *p, until = arch_rdtime() + ticks;
    while (*p == before && arch_rdtime() < until)
        __asm__ volatile("nop");
    return *p != before;
}

static int counter_moves(volatile uint64_t *p)
{
    return changes_within(p, WATCH_SECONDS * (uint64_t)mica_sys_system_info(0, MICA_INFO_TIMEBASE_HZ));
}

static int counter_still(volatile uint64_t *p)
{
    return !changes_within(p, QUIET_MS * (uint64_t)mica_sys_system_info(0, MICA_INFO_TIMEBASE_HZ) / 1000);
}

/* A thread counting in *count on hart `there`, seen counting. */
static const char *start_counter(long there, volatile uint64_t *count, long *thread)
{
    *thread = ipc_thread_spawn(count_forever, (uintptr_t)count, KTEST_PRIORITY, ktest_supervisor,
                               WORKER_STACK_PAGES);
    KT_OK(*thread);
    KT_EQ(mica_sys_thread_set_hart(*thread, there), 0);
    KT_TRUE(counter_moves(count));
    return 0;
}

struct counting {
    long there, frame, thread;
    volatile uint64_t *count;
};

/* A fresh page and a thread counting in it on another hart ("not run"
 * with one hart). */
static const char *start_counting(struct counting *c)
{
    c->there = other_hart();
    if (c->there < 0)
        return ktest_not_run("one hart");
    long err;
    c->count = ipc_frame_map_new(1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &c->frame, &err);
    KT_TRUE(c->count != 0);
    return start_counter(c->there, c->count, &c->thread);
}

static const char *stop_and_delete_running_elsewhere(void)
{
    struct counting c;
    const char *why = start_counting(&c);
    if (why)
        return why;
    /* Suspended while it counts on the other hart, then deleted. */
    KT_EQ(mica_sys_thread_suspend(c.thread), 0);
    KT_TRUE(counter_still(c.count));
    KT_EQ(ipc_cap_drop(c.thread), 0);
    /* A second one, deleted while it runs there. */
    if ((why = start_counter(c.there, c.count, &c.thread)))
        return why;
    KT_EQ(ipc_cap_drop(c.thread), 0);
    KT_TRUE(counter_still(c.count));
    ipc_frame_unmap((void *)c.count, 1, c.frame);
    return 0;
}

static const char *unmap_in_use_elsewhere(void)
{
    struct counting c;
    const char *why = start_counting(&c);
    if (why)
        return why;
    volatile uint64_t *count = c.count;
    long t = c.thread, frame = c.frame;
    /* Unmapped while the other hart stores through its TLB entry: the next
     * store must fault there (the kernel fenced that hart's TLB). */
    KT_EQ(mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)count, 1), 1); /* pages unmapped */
    struct ipc_msg m = ipc_recv(ktest_supervisor);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_FAULT);
    KT_TRUE(m.w[0] == 13 || m.w[0] == 15); /* load or store page fault: count++ does both */
    KT_EQ(m.w[2], (uint64_t)(uintptr_t)count);
    KT_EQ(ipc_cap_drop(t), 0);
    KT_EQ(ipc_cap_drop(frame), 0);
    return 0;
}

struct caller {
    long ep;
    volatile long failed;     /* the error that ended its calls; 0 while they go on */
    volatile uint64_t calls;  /* answered calls */
};

/* Calls until a call fails, then records the error and returns (the thread
 * then suspends itself). */
static void call_until_error(uintptr_t arg)
{
    struct caller *c = (struct caller *)arg;
    for (;;) {
        struct ipc_msg m = ipc_call(c->ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), c->calls, 0, 0, 0);
        if (m.badge < 0) {
            c->failed = m.badge;
            return;
        }
        c->calls++;
    }
}

static int failed_within(const struct caller *c, uint64_t ticks)
{
    uint64_t until = arch_rdtime() + ticks;
    while (!c->failed && arch_rdtime() < until)
        mica_sys_thread_yield();
    return c->failed != 0;
}

static const char *server_stopped_mid_call(void)
{
    long there, ep, server;
    const char *why = start_server_elsewhere(&there, &ep, &server);
    if (why)
        return why;
    uint64_t hz = (uint64_t)mica_sys_system_info(0, MICA_INFO_TIMEBASE_HZ);
    /* Two callers on this hart, calling the server on the other. */
    static struct caller callers[2];
    long threads[2];
    for (unsigned i = 0; i < 2; i++) {
        callers[i] = (struct caller){ .ep = ep };
        threads[i] = ipc_thread_spawn(call_until_error, (uintptr_t)&callers[i], KTEST_PRIORITY,
                                      ktest_supervisor, WORKER_STACK_PAGES);
        KT_OK(threads[i]);
    }
    /* Each round trip wakes the other hart, whose host thread a busy host
     * may be slow to run: a few calls each is enough to be mid-call. */
    uint64_t until = arch_rdtime() + 5 * WATCH_SECONDS * hz;
    while ((callers[0].calls < 10 || callers[1].calls < 10) && arch_rdtime() < until)
        mica_sys_thread_yield();
    KT_TRUE(callers[0].calls >= 10 && callers[1].calls >= 10);
    /* The server goes while calls are in flight: a caller waiting for its
     * reply gets EPIPE; one queued to send gets EPIPE when the endpoint
     * goes; one about to call finds the slot empty (EBADF). */
    KT_EQ(ipc_cap_drop(server), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    for (unsigned i = 0; i < 2; i++) {
        KT_TRUE(failed_within(&callers[i], WATCH_SECONDS * hz));
        KT_TRUE(callers[i].failed == -MICA_EPIPE || callers[i].failed == -MICA_EBADF);
        KT_EQ(ipc_cap_drop(threads[i]), 0);
    }
    return 0;
}

struct lock_hog {
    long frame, thread;
    void *page;
};

/* Unmaps its page and maps it again, forever: each unmap holds the kernel
 * lock while the other harts' TLBs are fenced, a long wait for them. */
static void hold_the_lock_often(uintptr_t arg)
{
    const struct lock_hog *h = (const struct lock_hog *)arg;
    for (;;) {
        mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)h->page, 1);
        mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, h->frame, (long)(uintptr_t)h->page,
                            MICA_RIGHT_READ | MICA_RIGHT_WRITE, MICA_SLOT_QUOTA);
    }
}

/* The calls under contention end after this many rounds or seconds: every
 * unmap waits for all harts, each a host thread, so a busy host makes
 * rounds slow (without the fix the first fault came within 0 to 2,700). */
#define CONTENDED_ROUNDS 20000u
#define CONTENDED_SECONDS 3u

struct contended_client {
    long ep;
    uint64_t until;  /* rdtime at which the calls stop */
    uint64_t rounds; /* answered as expected */
    bool wrong;      /* a reply was not the echo of its call */
};

/* Calls the echo thread until a reply is wrong, CONTENDED_ROUNDS are done or
 * the time is up, then tells ktest_supervisor. */
static void call_echo_rounds(uintptr_t arg)
{
    struct contended_client *c = (struct contended_client *)arg;
    c->rounds = 0;
    do {
        struct ipc_msg m = ipc_call(c->ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), c->rounds, 0, 0, 0);
        if (m.badge != 0 || m.w[0] != c->rounds + 1) {
            c->wrong = true;
            break;
        }
    } while (++c->rounds < CONTENDED_ROUNDS && arch_rdtime() < c->until);
    ipc_send(ktest_supervisor, MICA_MSGINFO(HELPER_RESULT_LABEL, 1, 0), c->rounds, 0, 0, 0);
}

/* A client and the echo thread, both in this address space and on this
 * hart, take the IPC fastpath both ways while a thread on every other hart
 * keeps entering the kernel. A trap that finds the lock held waits for it on
 * the kernel's own page table, and the fastpath must still return to user
 * mode on the space's table although caller and partner share it; otherwise
 * the partner's next fetch faults (reported to ktest_supervisor). */
static const char *fastpath_after_lock_wait(void)
{
    unsigned list[8], n = ipc_harts(list, 8);
    if (n < 2)
        return ktest_not_run("one hart");
    static struct lock_hog hogs[8];
    for (unsigned i = 1; i < n; i++) {
        long err;
        hogs[i].page = ipc_frame_map_new(1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &hogs[i].frame, &err);
        KT_TRUE(hogs[i].page != 0);
        hogs[i].thread = ipc_thread_spawn(hold_the_lock_often, (uintptr_t)&hogs[i], KTEST_PRIORITY,
                                          ktest_supervisor, WORKER_STACK_PAGES);
        KT_OK(hogs[i].thread);
        KT_EQ(mica_sys_thread_set_hart(hogs[i].thread, list[i]), 0);
    }
    static struct contended_client client;
    uint64_t hz = (uint64_t)mica_sys_system_info(0, MICA_INFO_TIMEBASE_HZ);
    client = (struct contended_client){ .ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0),
                                        .until = arch_rdtime() + CONTENDED_SECONDS * hz };
    KT_OK(client.ep);
    long echo = ipc_thread_spawn(echo_thread, (uintptr_t)client.ep, KTEST_PRIORITY, ktest_supervisor,
                                 WORKER_STACK_PAGES);
    KT_OK(echo);
    long caller = ipc_thread_spawn(call_echo_rounds, (uintptr_t)&client, KTEST_PRIORITY,
                                   ktest_supervisor, WORKER_STACK_PAGES);
    KT_OK(caller);
    /* The caller's result or the first fault of any of these threads. */
    struct ipc_msg m = ktest_next_report();
    for (unsigned i = 1; i < n; i++) {
        KT_EQ(ipc_cap_drop(hogs[i].thread), 0);
        ipc_frame_unmap(hogs[i].page, 1, hogs[i].frame);
    }
    KT_EQ(ipc_cap_drop(caller), 0);
    KT_EQ(ipc_cap_drop(echo), 0);
    KT_EQ(ipc_cap_drop(client.ep), 0);
    if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_FAULT)
        return ktest_why("a thread faulted after %llu rounds: scause %llu at %#llx",
                         (unsigned long long)client.rounds, (unsigned long long)m.w[0],
                         (unsigned long long)m.w[1]);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), HELPER_RESULT_LABEL);
    KT_TRUE(!client.wrong);
    KT_EQ(m.w[0], client.rounds);
    return 0;
}

/* Two threads of one priority counting on each hart in turn: both count only
 * if that hart's timer tick takes the hart from one and gives it to the
 * other (each hart arms its own tick: stimecmp or the SBI call, timer.c). On
 * this thread's own hart it spins beside them and needs its turns too. */
static const char *time_slices_on_every_hart(void)
{
    unsigned list[8], n = ipc_harts(list, 8);
    KT_TRUE(n >= 1);
    long frame, err;
    volatile uint64_t *count = ipc_frame_map_new(1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    KT_TRUE(count != 0);
    for (unsigned i = 0; i < n; i++) {
        long threads[2];
        for (unsigned k = 0; k < 2; k++) {
            count[k] = 0;
            threads[k] = ipc_thread_spawn(count_forever, (uintptr_t)&count[k], KTEST_PRIORITY, ktest_supervisor,
                                          WORKER_STACK_PAGES);
            KT_OK(threads[k]);
            KT_EQ(mica_sys_thread_set_hart(threads[k], list[i]), 0);
        }
        int both = counter_moves(&count[0]) && counter_moves(&count[1]);
        for (unsigned k = 0; k < 2; k++)
            KT_EQ(ipc_cap_drop(threads[k]), 0);
        if (!both)
            return ktest_why("hart %u: one of two counting threads of one priority never ran", list[i]);
    }
    ipc_frame_unmap((void *)count, 1, frame);
    return 0;
}

const struct ktest_case ktest_smp_cases[] = {
    { "smp.placement", placement },
    { "smp.ipc-across-harts", ipc_across_harts },
    { "smp.blocked-thread-moved", blocked_thread_moved },
    { "smp.stop-and-delete-running-elsewhere", stop_and_delete_running_elsewhere },
    { "smp.unmap-in-use-elsewhere", unmap_in_use_elsewhere },
    { "smp.server-stopped-mid-call", server_stopped_mid_call },
    { "smp.fastpath-after-lock-wait", fastpath_after_lock_wait },
    { "smp.time-slices-on-every-hart", time_slices_on_every_hart },
    { 0, 0 },
};
