/* What ktest's helper processes and threads do: serve the echo protocol,
 * fault in chosen ways, use a granted capability, or spin. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/fault.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "ktest.h"

static void reply_words(const struct ipc_msg *m, uint64_t out[MICA_MSG_MAX_WORDS], unsigned *n)
{
    *n = MICA_MSGINFO_WORDS(m->info);
    for (unsigned i = 0; i < *n; i++)
        out[i] = ipc_msg_word(m, i) + 1;
}

void echo_serve(long ep)
{
    long recv_slot = ipc_slot_alloc();
    uint64_t slots[1] = { (uint64_t)recv_slot };
    ipc_set_recv_slots(slots, 1);
    uint64_t out[MICA_MSG_MAX_WORDS];
    struct ipc_msg m = ipc_recv(ep);
    for (;;) {
        if (m.badge < 0) {
            m = ipc_recv(ep);
            continue;
        }
        uint64_t label = MICA_MSGINFO_LABEL(m.info);
        unsigned n = 0;
        if (label == STOP_LABEL) {
            ipc_reply(MICA_MSGINFO(STOP_LABEL, 0, 0), 0, 0, 0, 0);
            return;
        }
        if (label == XFER_LABEL) {
            unsigned got = ipc_received_caps();
            struct ipc_cap_id id = ipc_cap_identify(recv_slot);
            if (got && id.type == MICA_CAP_NOTIFICATION)
                ntfn_signal(recv_slot);
            if (got)
                mica_sys_cap_delete(0, recv_slot);
            out[0] = (uint64_t)id.type;
            out[1] = got;
            n = 2;
        } else {
            reply_words(&m, out, &n);
        }
        m = ipc_reply_recv_words(ep, (uint64_t)m.badge, out, n, 0, 0);
    }
}

void echo_thread(uintptr_t ep)
{
    echo_serve((long)ep);
}

static void report(long result)
{
    ipc_send(MICA_CHILD_SLOT_PARENT, MICA_MSGINFO(HELPER_RESULT_LABEL, 1, 0), (uint64_t)result, 0,
             0, 0);
}

__attribute__((noreturn)) static int spin(void)
{
    long r = mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, MICA_CHILD_SLOT_FIRST_GRANT,
                                 (long)HELPER_MAP_VADDR, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                 MICA_SLOT_QUOTA);
    report(r);
    volatile uint64_t *counter = (volatile uint64_t *)HELPER_MAP_VADDR;
    for (;;)
        (*counter)++; /* no syscalls: only the timer can take the CPU away */
}

/* Threads that never return by themselves; only their process's death ends them. */
static void call_forever(uintptr_t ep)
{
    ipc_call((long)ep, MICA_MSGINFO(ECHO_LABEL, 1, 0), 7, 0, 0, 0);
    for (;;)
        mica_sys_thread_yield();
}

static void recv_forever(uintptr_t ep)
{
    ipc_recv((long)ep);
    for (;;)
        mica_sys_thread_yield();
}

static void wait_forever(uintptr_t ntfn)
{
    ntfn_wait((long)ntfn);
    for (;;)
        mica_sys_thread_yield();
}

/* Grants: an endpoint the parent answers by saving the reply (two callers
 * block there), one nobody receives on (a caller blocks sending), and a
 * notification nobody signals. Its own endpoint and notification get a
 * receiver and a waiter too. Then it says so and exits with all of them blocked. */
static int leave_blocked_threads(void)
{
    const long served = MICA_CHILD_SLOT_FIRST_GRANT, unserved = MICA_CHILD_SLOT_FIRST_GRANT + 1,
               ntfn = MICA_CHILD_SLOT_FIRST_GRANT + 2;
    long own_ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0), own_ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (own_ep < 0 || own_ntfn < 0) {
        report(own_ep < 0 ? own_ep : own_ntfn);
        return 1;
    }
    const struct {
        void (*fn)(uintptr_t);
        long cap;
    } blocked[] = { { call_forever, served }, { call_forever, served }, { call_forever, unserved },
                    { recv_forever, own_ep },  { wait_forever, ntfn },  { wait_forever, own_ntfn } };
    for (unsigned i = 0; i < sizeof blocked / sizeof blocked[0]; i++) {
        long t = ipc_thread_spawn(blocked[i].fn, (uintptr_t)blocked[i].cap, KTEST_PRIORITY, 0, 1);
        if (t < 0) {
            report(t);
            return 1;
        }
    }
    /* Same priority: each yield lets the new threads run until they block. */
    for (int i = 0; i < 16; i++)
        mica_sys_thread_yield();
    report(sizeof blocked / sizeof blocked[0]);
    return 0;
}

int ktest_helper_main(uintptr_t arg)
{
    uint64_t param = KTEST_PARAM_OF(arg);
    switch (KTEST_HELPER_OF(arg)) {
    case HELPER_ECHO:
        echo_serve(MICA_CHILD_SLOT_FIRST_GRANT);
        return 0;
    case HELPER_BAD_LOAD:
        return (int)*(volatile uint64_t *)(uintptr_t)param;
    case HELPER_ILLEGAL:
        __asm__ volatile(".word 0");
        return 1;
    case HELPER_CALL_TWICE:
        /* The second grant is a notification: wait for it between calls. */
        for (int i = 0; i < 2; i++) {
            if (i)
                ntfn_wait(MICA_CHILD_SLOT_FIRST_GRANT + 1);
            struct ipc_msg m = ipc_call(MICA_CHILD_SLOT_FIRST_GRANT, MICA_MSGINFO(ECHO_LABEL, 1, 0),
                                        41, 0, 0, 0);
            report(m.badge < 0 ? m.badge : (long)m.w[0]);
        }
        return 0;
    case HELPER_SPIN:
        return spin();
    case HELPER_BLOCKED:
        return leave_blocked_threads();
    default:
        ipc_log_error("unknown helper %lu", (unsigned long)KTEST_HELPER_OF(arg));
        return 1;
    }
}
