/* stress's coordinator: starts the pong server and the fuzzer, keeps doing
 * IPC round trips with pong while the fuzzer runs, and judges: every round
 * trip answered correctly, the fuzzer finished without faulting, and the
 * kernel still creates objects afterwards. With several harts each process
 * starts on its own (as far as they go), so the round trips cross harts and
 * the fuzzer's syscalls run beside them; the fuzzer also moves its own
 * threads between harts at random. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/fault.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include <mica/proc_spawn.h>
#include "stress.h"

MICA_PROGRAM("stress");

#define STRESS_PRIORITY 100u
#define PONG_QUOTA (512u * 1024u)
/* Small on purpose: the fuzzer must run into quota exhaustion often. */
#define FUZZER_QUOTA (256u * 1024u)
#define WATCHER_STACK_PAGES 4u
#define PONG_BADGE 1u
#define FUZZER_BADGE 2u

static long supervisor;
static volatile int fuzzer_done;
static volatile uint64_t ended_badge, fuzzer_label, fuzzer_word0, fuzzer_word1, fuzzer_word2;

static void serve_pong(long ep)
{
    struct ipc_msg m = ipc_recv(ep);
    for (;;) {
        /* Only the coordinator's unbadged cap may stop pong; the fuzzer's is badged. */
        if (m.badge == 0 && MICA_MSGINFO_LABEL(m.info) == PONG_STOP_LABEL) {
            ipc_reply(MICA_MSGINFO(0, 0, 0), 0, 0, 0, 0);
            return;
        }
        m = ipc_reply_recv(ep, MICA_MSGINFO(0, 1, 0), m.w[0] + 1, 0, 0, 0);
    }
}

/* Waits for the fuzzer's end, or pong's (which is a failure), while the
 * main thread works. */
static void watch_fuzzer(uintptr_t unused)
{
    (void)unused;
    for (;;) {
        struct ipc_msg m = ipc_recv(supervisor);
        uint64_t label = MICA_MSGINFO_LABEL(m.info);
        if (m.badge < 0 || (label != MICA_LABEL_EXIT && label != MICA_LABEL_FAULT))
            continue;
        ended_badge = (uint64_t)m.badge;
        fuzzer_label = label;
        fuzzer_word0 = m.w[0];
        fuzzer_word1 = m.w[1];
        fuzzer_word2 = m.w[2];
        fuzzer_done = 1;
        return;
    }
}

static int start(const char *name, uintptr_t arg, uint64_t quota, uint64_t badge, const long *grants,
                 unsigned ngrants, unsigned hart, struct process *p)
{
    struct mica_sysret2 initrd = ipc_frame_info(MICA_SLOT_INITRD_FRAME);
    const uint8_t *image;
    size_t size;
    if (initrd.value < 0 || initrd_find((uint64_t)initrd.value, mica_program_name, &image, &size) < 0)
        return -MICA_ENOENT;
    struct spawn_request req = {
        .name = name,
        .image = image,
        .image_size = size,
        .quota_bytes = quota,
        .priority = STRESS_PRIORITY,
        .place_on_hart = 1,
        .hart = hart,
        .supervisor_ep = supervisor,
        .badge = badge,
        .arg = arg,
        .grant_count = ngrants,
    };
    for (unsigned i = 0; i < ngrants; i++)
        req.grants[i] = grants[i];
    const char *why = "";
    int r = spawn_process(&req, p, &why);
    if (r < 0)
        ipc_log_error("cannot start %s: %s (%s)", name, why, mica_errno_name(r));
    return r;
}

static int judge(uint64_t round_trips, uint64_t wrong)
{
    const char *who = ended_badge == FUZZER_BADGE ? "fuzzer" : "pong";
    if (fuzzer_label == MICA_LABEL_FAULT) {
        ipc_log_result("FAIL %s faulted: %s at 0x%llx (stval 0x%llx)", who,
                       ipc_fault_cause_name(fuzzer_word0), (unsigned long long)fuzzer_word1,
                       (unsigned long long)fuzzer_word2);
        return 1;
    }
    if (ended_badge != FUZZER_BADGE || fuzzer_word0 != 0) {
        ipc_log_result("FAIL %s exited with status %lld", who, (long long)fuzzer_word0);
        return 1;
    }
    if (wrong || round_trips == 0) {
        ipc_log_result("FAIL %llu of %llu round trips answered wrongly", (unsigned long long)wrong,
                       (unsigned long long)round_trips);
        return 1;
    }
    long probe = ipc_obj_create(MICA_CAP_FRAME, 1);
    if (probe < 0 || ipc_cap_drop(probe) < 0) {
        ipc_log_result("FAIL kernel no longer creates objects: %s", mica_errno_name((int)probe));
        return 1;
    }
    ipc_log_info("%llu IPC round trips while fuzzing, all answered", (unsigned long long)round_trips);
    ipc_log_result("PASS %u syscalls", STRESS_SYSCALLS);
    return 0;
}

static int coordinate(uint64_t seed)
{
    long pong_ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    supervisor = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long fuzzer_pong = ipc_slot_alloc();
    if (pong_ep < 0 || supervisor < 0 ||
        mica_sys_cap_mint(0, fuzzer_pong, pong_ep, MICA_RIGHT_WRITE, STRESS_PONG_BADGE) < 0) {
        ipc_log_result("FAIL setup");
        return 1;
    }
    unsigned harts[3], n = ipc_harts(harts, 3);
    if (n == 0) {
        ipc_log_result("FAIL setup: no hart list");
        return 1;
    }
    unsigned pong_hart = harts[1 % n], fuzzer_hart = harts[2 % n];
    ipc_log_info("harts: coordinator %u, pong %u, fuzzer %u", harts[0], pong_hart, fuzzer_hart);
    struct process pong, fuzzer;
    if (start("pong", STRESS_ARG(STRESS_PONG, 0), PONG_QUOTA, PONG_BADGE, &pong_ep, 1, pong_hart, &pong) < 0 ||
        ipc_thread_spawn(watch_fuzzer, 0, STRESS_PRIORITY, 0, WATCHER_STACK_PAGES) < 0 ||
        start("fuzzer", STRESS_ARG(STRESS_FUZZER, seed), FUZZER_QUOTA, FUZZER_BADGE, &fuzzer_pong,
              1, fuzzer_hart, &fuzzer) < 0) {
        ipc_log_result("FAIL setup");
        return 1;
    }
    uint64_t round_trips = 0, wrong = 0;
    while (!fuzzer_done) {
        struct ipc_msg m = ipc_call(pong_ep, MICA_MSGINFO(0, 1, 0), round_trips, 0, 0, 0);
        if (m.badge < 0 || m.w[0] != round_trips + 1)
            wrong++;
        round_trips++;
        /* One round trip per turn: the fuzzer gets the rest of the CPU. */
        mica_sys_thread_yield();
    }
    process_destroy(&fuzzer);
    int verdict = judge(round_trips, wrong);
    ipc_call(pong_ep, MICA_MSGINFO(PONG_STOP_LABEL, 0, 0), 0, 0, 0, 0);
    process_destroy(&pong);
    return verdict;
}

int mica_main(uintptr_t arg)
{
    switch (STRESS_ROLE_OF(arg)) {
    case STRESS_PONG:
        serve_pong(MICA_CHILD_SLOT_FIRST_GRANT);
        return 0;
    case STRESS_FUZZER:
        return fuzz_main(STRESS_SEED_OF(arg));
    default: {
        /* init.conf may fix the seed (arg=<seed>); otherwise the clock picks one. */
        uint64_t seed = STRESS_SEED_OF(arg) ? STRESS_SEED_OF(arg) : arch_rdtime() | 1;
        seed &= (1ull << 48) - 1;
        ipc_log_info("seed %llu (to repeat: `arg=<seed * 256>` on the stress line of etc/stress.conf)",
                     (unsigned long long)seed);
        return coordinate(seed);
    }
    }
}
