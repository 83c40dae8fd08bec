/* smpbench: IPC round trips between two threads of one process, first with
 * both on one hart, then with the server on another, timed by the wall
 * clock (rdtime): under -icount QEMU runs the harts one after another, so
 * a cross-hart figure needs QEMU's multi-threaded mode without it (make
 * bench-smp). Each sample is one batch of round trips; the figures are
 * nanoseconds per round trip, and the last line gives their ratio. */
#include <stdint.h>

#include <mica/bench_stats.h>
#include <mica/abi/errno.h>
#include <mica/cap.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/runtime.h>

MICA_PROGRAM("smpbench");

#define PRIORITY 100u
#define SERVER_STACK_PAGES 4u
#define BATCH 100u
#define SAMPLES 200u
#define WARMUP_BATCHES 10u
#define STOP_LABEL 1u

static uint64_t storage[SAMPLES];

static void serve(uintptr_t ep)
{
    struct ipc_msg m = ipc_recv((long)ep);
    while (MICA_MSGINFO_LABEL(m.info) != STOP_LABEL)
        m = ipc_reply_recv((long)ep, MICA_MSGINFO(0, 1, 0), m.w[0] + 1, 0, 0, 0);
    ipc_reply(MICA_MSGINFO(0, 0, 0), 0, 0, 0, 0);
}

/* Another hart that runs the scheduler than the caller's, or -1. */
static long other_hart(void)
{
    unsigned harts[2];
    return ipc_harts(harts, 2) == 2 ? (long)harts[1] : -1;
}

/* Median nanoseconds per round trip with the server on `hart`, or 0. */
static uint64_t measure(const char *name, long hart, uint64_t hz)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long server = ep < 0 ? ep : ipc_thread_spawn(serve, (uintptr_t)ep, PRIORITY, 0, SERVER_STACK_PAGES);
    if (server < 0 || mica_sys_thread_set_hart(server, hart) < 0) {
        ipc_log_error("%s: cannot start the server on hart %ld: %s", name, hart, mica_errno_name((int)server));
        return 0;
    }
    struct bench_samples samples;
    bench_samples_init(&samples, storage, SAMPLES);
    uint64_t wrong = 0;
    for (unsigned b = 0; b < WARMUP_BATCHES + SAMPLES; b++) {
        uint64_t start = arch_rdtime();
        for (uint64_t i = 0; i < BATCH; i++)
            wrong += ipc_call(ep, MICA_MSGINFO(0, 1, 0), i, 0, 0, 0).w[0] != i + 1;
        uint64_t ticks = arch_rdtime() - start;
        if (b >= WARMUP_BATCHES)
            bench_add(&samples, bench_muldiv(ticks, 1000000000u, hz * BATCH));
    }
    ipc_call(ep, MICA_MSGINFO(STOP_LABEL, 0, 0), 0, 0, 0, 0);
    ipc_cap_drop(server);
    ipc_cap_drop(ep);
    struct bench_summary s;
    if (wrong || !bench_summarize(&samples, &s)) {
        ipc_log_error("%s: %llu wrong answers", name, (unsigned long long)wrong);
        return 0;
    }
    char line[160];
    bench_format_line(line, sizeof line, name, "ns", &s, 0);
    ipc_print("%s\n", line);
    return s.median;
}

int mica_main(uintptr_t arg)
{
    (void)arg;
    long here = mica_sys_system_info(0, MICA_INFO_HART), there = other_hart();
    long hz = mica_sys_system_info(0, MICA_INFO_TIMEBASE_HZ);
    if (there < 0 || hz <= 0) {
        ipc_log_result("FAIL needs a second hart (boot with SMP=2 or more) and the timebase");
        return 1;
    }
    ipc_log_info("%u batches of %u round trips, wall clock (rdtime at %ld Hz); client on hart %ld", SAMPLES,
                 BATCH, hz, here);
    uint64_t same = measure("ipc.call_rt.same_hart_wall", here, (uint64_t)hz);
    uint64_t cross = measure("ipc.call_rt.cross_hart", there, (uint64_t)hz);
    if (!same || !cross) {
        ipc_log_result("FAIL a measurement failed");
        return 1;
    }
    uint64_t x100 = bench_muldiv(cross, 100, same);
    ipc_log_result("PASS cross_hart / same hart median: %llu.%02llu (%llu ns / %llu ns, server on hart %ld)",
                   (unsigned long long)(x100 / 100), (unsigned long long)(x100 % 100), (unsigned long long)cross,
                   (unsigned long long)same, there);
    return 0;
}
