/* DIRECT_RUN from blkbench: the mix translated, the server's figures turned
 * into a result like a client's. The server times with rdcycle too, so its
 * ticks are instructions under icount (rates at 10^9 per second) and cycles
 * on hardware (no rate known: the line has no IOPS). */
#include "blk_direct.h"

#include <stdio.h>
#include <string.h>

#include <mica/blk_direct.h>
#include <mica/errno.h>

#include "counter.h"

static const uint32_t patterns[BLKBENCH_RW_COUNT] = {
    [BLKBENCH_RW_READ] = BLK_DIRECT_READ,
    [BLKBENCH_RW_WRITE] = BLK_DIRECT_WRITE,
    [BLKBENCH_RW_RANDREAD] = BLK_DIRECT_RANDREAD,
    [BLKBENCH_RW_RANDWRITE] = BLK_DIRECT_RANDWRITE,
};

static enum blk_run_status refused(struct blk_run_outcome *o, int error, const char *why)
{
    o->status = BLK_RUN_REFUSED;
    o->error = error;
    snprintf(o->why, sizeof o->why, "%s", why);
    return BLK_RUN_REFUSED;
}

enum blk_run_status blk_direct(const struct blk_mix *m, struct blk_client_result *out,
                               struct blk_run_outcome *o)
{
    memset(o, 0, sizeof *o);
    char why[sizeof o->why];
    if (m->clients != 1)
        return refused(o, -MICA_EINVAL, "DIRECT_RUN runs one stream, not several clients");
    if (m->bs > BLK_DIRECT_BLOCK_MAX || (uint64_t)m->bs * m->qd > BLK_DIRECT_SPAN_MAX ||
        m->ops > BLK_DIRECT_OPS_MAX) {
        snprintf(why, sizeof why, "DIRECT_RUN takes at most bs x qd %u KiB and %u ops",
                 BLK_DIRECT_SPAN_MAX / 1024u, BLK_DIRECT_OPS_MAX);
        return refused(o, -MICA_E2BIG, why);
    }
    struct blk_direct_mix mix = {
        .pattern = patterns[m->rw], .block_size = m->bs, .queue_depth = m->qd,
        .ops = (uint32_t)m->ops, .seed = m->seed,
    };
    struct ipc_blk_handle h;
    unsigned flags = BLK_OPEN_READ | (blk_direct_writes(&mix) ? BLK_OPEN_WRITE : 0);
    int r = ipc_scheme_open(&h, m->scheme, flags);
    struct blk_direct_result res;
    if (r == 0) {
        r = ipc_blk_direct_run(&h, &mix, &res);
        ipc_blk_close(&h);
    }
    if (r < 0) {
        snprintf(why, sizeof why, "DIRECT_RUN: %s", mica_errno_name(r));
        /* ENOSYS: a server without it; EINVAL: a mix it will not run. */
        if (r == -MICA_ENOSYS || r == -MICA_EINVAL || r == -MICA_EROFS)
            return refused(o, r, why);
        o->status = BLK_RUN_FAILED;
        o->error = r;
        snprintf(o->why, sizeof o->why, "%s", why);
        return BLK_RUN_FAILED;
    }
    *out = (struct blk_client_result){
        .latency = { .n = (uint32_t)res.ops, .min = res.latency_min, .median = res.latency_median,
                     .p99 = res.latency_p99, .max = res.latency_max },
        .rate = { .ops = res.ops, .bytes = res.bytes, .elapsed = res.ticks,
                  .clock_hz = counter_cycle_hz() },
    };
    o->status = BLK_RUN_OK;
    return BLK_RUN_OK;
}

void blk_format_ratio(const struct bench_throughput *path, const struct bench_throughput *direct,
                      char *out, size_t size)
{
    uint64_t a = bench_iops(path), b = bench_iops(direct);
    if (path->clock_hz == 0 || direct->clock_hz == 0 || a == 0 || b == 0) {
        snprintf(out, size, "-");
        return;
    }
    uint64_t x1000 = bench_muldiv(a, 1000, b);
    snprintf(out, size, "%llu.%03llu", (unsigned long long)(x1000 / 1000u),
             (unsigned long long)(x1000 % 1000u));
}
