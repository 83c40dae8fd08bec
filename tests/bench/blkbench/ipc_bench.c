/* blkbench ipc: what one IPC costs. Null call/reply_recv round trips across
 * address spaces and within one, the cost as the message grows, one
 * capability transferred, and notification signal-to-wake latency; each
 * figure is warm-up rounds, then measured rounds timed with rdcycle. */
#include <stdbool.h>
#include <stdio.h>

#include <mica/bench_stats.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/runtime.h>

#include "blkbench.h"
#include "counter.h"
#include "peer.h"

#define MSG_WORD_BYTES ((unsigned)sizeof(uint64_t))
#define THREAD_STACK_PAGES 4u
#define NTFN_BADGE 1u
#define FIGURES_MAX 16u
#define FIGURE_NAME_MAX 48u

/* Message sizes of the ipc.msg.<bytes> series; those above the kernel's
 * largest message are reported as unsupported. */
static const unsigned msg_sizes[] = { 0, MICA_MSG_REG_WORDS * MSG_WORD_BYTES, 64, 256, 1024, 4096 };
#define MSG_SIZE_COUNT (sizeof msg_sizes / sizeof msg_sizes[0])

struct figure {
    char name[FIGURE_NAME_MAX];
    struct bench_summary summary;
};

struct ipc_run {
    const struct blkbench_opts *opts;
    const char *unit;
    struct bench_samples samples;
    struct figure figures[FIGURES_MAX];
    unsigned figure_count;
};

/* What one round sends, and the one-word reply it expects (when checked). */
struct round {
    long ep;
    const uint64_t *words;
    unsigned word_count;
    const uint64_t *caps;
    unsigned cap_count;
    bool check_reply;
    uint64_t reply;
};

static uint64_t payload[MICA_MSG_MAX_WORDS];

static struct ipc_msg call_empty(const struct round *r)
{
    return ipc_call(r->ep, PEER_EMPTY_MSG, 0, 0, 0, 0);
}

static struct ipc_msg call_staged(const struct round *r)
{
    return ipc_call_words(r->ep, 0, r->words, r->word_count, r->caps, r->cap_count);
}

/* Inlined into each caller with its round function, so the timed section is
 * the call itself between two counter reads. */
static inline __attribute__((always_inline)) int
time_calls(struct ipc_run *run, const char *name, struct ipc_msg (*call)(const struct round *),
           const struct round *r)
{
    uint32_t total = run->opts->warmup + run->opts->rounds;
    run->samples.count = 0;
    for (uint32_t i = 0; i < total; i++) {
        uint64_t start = arch_rdcycle();
        struct ipc_msg m = call(r);
        uint64_t end = arch_rdcycle();
        if (m.badge < 0) {
            ipc_log_error("%s: round %u: %s", name, i, mica_errno_name((int)m.badge));
            return (int)m.badge;
        }
        if (r->check_reply && m.w[0] != r->reply) {
            ipc_log_error("%s: round %u: the peer saw %llu, expected %llu", name, i,
                          (unsigned long long)m.w[0], (unsigned long long)r->reply);
            return -MICA_EPROTO;
        }
        if (i >= run->opts->warmup)
            bench_add(&run->samples, end - start);
    }
    return 0;
}

static int report(struct ipc_run *run, const char *name)
{
    if (run->figure_count == FIGURES_MAX || run->samples.overflowed)
        return -MICA_ENOSPC;
    struct figure *f = &run->figures[run->figure_count];
    if (!bench_summarize(&run->samples, &f->summary))
        return -MICA_EINVAL;
    snprintf(f->name, sizeof f->name, "%s", name);
    char line[MICA_LOG_LINE_MAX];
    bench_format_line(line, sizeof line, f->name, run->unit, &f->summary, NULL);
    ipc_print("%s\n", line);
    run->figure_count++;
    return 0;
}

static int call_rt_other_as(struct ipc_run *run, long ep)
{
    struct process peer;
    int r = peer_spawn(PEER_NULL, blkbench_priority(), ep, 0, &peer);
    if (r < 0)
        return r;
    struct round rd = { .ep = ep };
    r = time_calls(run, "ipc.call_rt", call_empty, &rd);
    peer_stop(&peer);
    return r < 0 ? r : report(run, "ipc.call_rt");
}

static int call_rt_same_as(struct ipc_run *run, long ep)
{
    long thread = ipc_thread_spawn(peer_thread_null, (uintptr_t)ep, blkbench_priority(),
                                   MICA_CHILD_SLOT_PARENT, THREAD_STACK_PAGES);
    if (thread < 0) {
        ipc_log_error("cannot start the server thread: %s", mica_errno_name((int)thread));
        return (int)thread;
    }
    struct round rd = { .ep = ep };
    int r = time_calls(run, "ipc.call_rt.same_as", call_empty, &rd);
    mica_sys_thread_suspend(thread);
    ipc_cap_drop(thread);
    return r < 0 ? r : report(run, "ipc.call_rt.same_as");
}

static int message_sizes(struct ipc_run *run, long ep)
{
    struct process peer;
    int r = peer_spawn(PEER_COUNT, blkbench_priority(), ep, 0, &peer);
    if (r < 0)
        return r;
    for (unsigned i = 0; i < MICA_MSG_MAX_WORDS; i++)
        payload[i] = 0x6d69636100000000ull | i;
    for (unsigned i = 0; i < MSG_SIZE_COUNT && r >= 0; i++) {
        char name[FIGURE_NAME_MAX];
        snprintf(name, sizeof name, "ipc.msg.%u", msg_sizes[i]);
        unsigned words = msg_sizes[i] / MSG_WORD_BYTES;
        if (words > MICA_MSG_MAX_WORDS) {
            ipc_log_warn("%s: not supported: a message holds at most %u words (%u bytes)", name,
                         MICA_MSG_MAX_WORDS, MICA_MSG_MAX_WORDS * MSG_WORD_BYTES);
            continue;
        }
        struct round rd = { .ep = ep, .words = payload, .word_count = words,
                            .check_reply = true, .reply = words };
        r = time_calls(run, name, call_staged, &rd);
        if (r >= 0)
            r = report(run, name);
    }
    peer_stop(&peer);
    return r;
}

static int cap_transfer(struct ipc_run *run, long ep)
{
    long cap = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (cap < 0)
        return (int)cap;
    struct process peer;
    int r = peer_spawn(PEER_CAPS, blkbench_priority(), ep, 0, &peer);
    if (r >= 0) {
        uint64_t send_cap = (uint64_t)cap;
        struct round rd = { .ep = ep, .caps = &send_cap, .cap_count = 1,
                            .check_reply = true, .reply = 1 };
        r = time_calls(run, "ipc.cap1", call_staged, &rd);
        peer_stop(&peer);
        if (r >= 0)
            r = report(run, "ipc.cap1");
    }
    ipc_cap_drop(cap);
    return r;
}

/* blkbench waits; the peer, one priority below, runs only then: it reads the
 * counter, signals (which switches straight back here), and sends what it
 * read once blkbench waits for that. */
static int ntfn_wake(struct ipc_run *run, long ep)
{
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (ntfn < 0)
        return (int)ntfn;
    long badged = ipc_slot_alloc();
    int r = badged < 0 ? (int)badged
                       : (int)mica_sys_cap_mint(0, badged, ntfn, MICA_RIGHT_WRITE, NTFN_BADGE);
    struct process peer;
    if (r >= 0)
        r = peer_spawn(PEER_SIGNAL, blkbench_priority() - (blkbench_priority() > 0), ep, badged, &peer);
    if (r < 0) {
        if (badged >= 0)
            ipc_cap_drop(badged);
        ipc_cap_drop(ntfn);
        return r;
    }
    uint32_t total = run->opts->warmup + run->opts->rounds;
    run->samples.count = 0;
    for (uint32_t i = 0; i < total && r >= 0; i++) {
        long word = ntfn_wait(ntfn);
        uint64_t woken = arch_rdcycle();
        struct ipc_msg m = ipc_recv(ep);
        if (word != NTFN_BADGE || m.badge < 0) {
            ipc_log_error("ipc.ntfn_wake: round %u: word %ld, receive %s", i, word,
                          mica_errno_name((int)m.badge));
            r = -MICA_EPROTO;
        } else if (i >= run->opts->warmup) {
            bench_add(&run->samples, woken - m.w[0]);
        }
    }
    peer_stop(&peer);
    ipc_cap_drop(badged);
    ipc_cap_drop(ntfn);
    return r < 0 ? r : report(run, "ipc.ntfn_wake");
}

static void print_table(const struct ipc_run *run)
{
    const struct figure *base = &run->figures[0];
    ipc_log_info("%-22s %10s %10s %10s  (unit %s)", "figure", "median", "p99",
                 "vs call_rt", run->unit);
    for (unsigned i = 0; i < run->figure_count; i++) {
        const struct figure *f = &run->figures[i];
        long long extra = (long long)f->summary.median - (long long)base->summary.median;
        ipc_log_info("%-22s %10llu %10llu %+10lld", f->name,
                     (unsigned long long)f->summary.median,
                     (unsigned long long)f->summary.p99, extra);
    }
}

static int (*const benchmarks[])(struct ipc_run *, long) = {
    call_rt_other_as, call_rt_same_as, message_sizes, cap_transfer, ntfn_wake,
};
#define BENCHMARK_COUNT (sizeof benchmarks / sizeof benchmarks[0])

int blkbench_ipc(const struct blkbench_opts *o)
{
    static struct ipc_run run;
    run = (struct ipc_run){ .opts = o }; /* a sequence may measure twice */
    run.unit = counter_unit();
    uint64_t pages = ((uint64_t)o->rounds * sizeof(uint64_t) + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long frame, err;
    uint64_t *storage = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    if (!storage) {
        return blkbench_verdict(false, "ipc: no memory for %u samples: %s", o->rounds,
                                mica_errno_name((int)err));
    }
    bench_samples_init(&run.samples, storage, o->rounds);
    ipc_log_info("ipc: %u rounds per figure after %u warm-up rounds", o->rounds, o->warmup);

    for (unsigned i = 0; i < BENCHMARK_COUNT; i++) {
        long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
        int r = ep < 0 ? (int)ep : benchmarks[i](&run, ep);
        if (ep >= 0)
            ipc_cap_drop(ep);
        if (r < 0) {
            ipc_frame_unmap(storage, pages, frame);
            return blkbench_verdict(false, "ipc: %s after %u figures", mica_errno_name(r),
                                    run.figure_count);
        }
    }
    print_table(&run);
    ipc_frame_unmap(storage, pages, frame);
    return blkbench_verdict(true, "ipc: %u figures of %u rounds, unit %s", run.figure_count,
                            o->rounds, run.unit);
}
