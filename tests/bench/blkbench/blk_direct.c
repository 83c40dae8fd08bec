/* The direct twin from blkbench: the mix translated, run by the runner that
 * links the disk's engine, and its figures turned into a result like a
 * client's. A ramdisk's (disk.ram<n>:) runs here (direct_ram.c); a virtio
 * disk's (disk.vblk<n>:) in the bench program vblkdirect, found as
 * direct.vblk<n> (tests/bench/direct_call.h). Both time with rdcycle, so
 * ticks are instructions under icount (rates at 10^9 per second) and cycles
 * on hardware (no rate known: the line has no IOPS). */
#include "blk_direct.h"

#include <stdio.h>
#include <string.h>

#include <mica/blk_client.h>
#include <mica/blk_direct.h>
#include <mica/abi/errno.h>
#include <mica/scheme.h>

#include "counter.h"
#include "direct_call.h"
#include "direct_ram.h"

#define RAM_PREFIX "disk.ram"
#define VBLK_PREFIX "disk.vblk"

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

/* The ramdisk's engine here, on a disk of the size fstat gives, after the
 * checks a mix gets everywhere (decode_blk_direct_mix). */
static int ram_twin(const char *scheme, const struct blk_direct_mix *mix,
                    struct blk_direct_result *out)
{
    struct ipc_blk_handle h;
    struct blk_stat st;
    int r = ipc_scheme_open(&h, scheme, BLK_OPEN_READ);
    if (r < 0)
        return r;
    r = ipc_blk_fstat(&h, &st);
    ipc_blk_close(&h);
    if (r < 0)
        return r;
    const struct blk_device_limits limits = {
        .block_count = st.size_bytes / st.block_size, .block_size = st.block_size,
        .read_only = (st.flags & BLK_STAT_READ_ONLY) != 0,
    };
    const uint64_t words[BLK_DIRECT_WORDS] = {
        [BLK_DIRECT_W_PATTERN] = mix->pattern, [BLK_DIRECT_W_BLOCK_SIZE] = mix->block_size,
        [BLK_DIRECT_W_QUEUE_DEPTH] = mix->queue_depth, [BLK_DIRECT_W_OPS] = mix->ops,
        [BLK_DIRECT_W_SEED] = mix->seed,
    };
    const struct blk_handle_state writer = { .writable = true };
    struct blk_direct_mix checked;
    r = decode_blk_direct_mix(&limits, &writer, MICA_MSGINFO(BLK_DIRECT_LABEL, BLK_DIRECT_WORDS, 0),
                              words, &checked);
    return r < 0 ? r : direct_ram_run(&limits, &checked, out);
}

/* disk.vblk<n>: -> the bench program registered as direct.vblk<n>, which
 * drives an identical disk of its own on virtio-blk's engine. */
static int vblk_twin(const char *scheme, const struct blk_direct_mix *mix,
                     struct blk_direct_result *out)
{
    char name[MICA_SCHEME_NAME_MAX];
    const char *unit = scheme + strlen(VBLK_PREFIX);
    size_t n = strcspn(unit, ":");
    if (n == 0 || n + sizeof "direct.vblk" > sizeof name)
        return -MICA_ENOENT;
    snprintf(name, sizeof name, "direct.vblk%.*s", (int)n, unit);
    long ep = direct_lookup(name);
    if (ep < 0)
        return (int)ep;
    int r = direct_call(ep, mix, out);
    direct_forget(ep);
    return r;
}

enum blk_run_status blk_direct(const struct blk_mix *m, struct blk_client_result *out,
                               struct blk_run_outcome *o)
{
    memset(o, 0, sizeof *o);
    char why[sizeof o->why];
    if (m->clients != 1)
        return refused(o, -MICA_EINVAL, "a direct run is one stream, not several clients");
    if (m->bs > BLK_DIRECT_BLOCK_MAX || (uint64_t)m->bs * m->qd > BLK_DIRECT_SPAN_MAX ||
        m->ops > BLK_DIRECT_OPS_MAX) {
        snprintf(why, sizeof why, "a direct run takes at most bs x qd %u KiB and %u ops",
                 BLK_DIRECT_SPAN_MAX / 1024u, BLK_DIRECT_OPS_MAX);
        return refused(o, -MICA_E2BIG, why);
    }
    struct blk_direct_mix mix = {
        .pattern = patterns[m->rw], .block_size = m->bs, .queue_depth = m->qd,
        .ops = (uint32_t)m->ops, .seed = m->seed,
    };
    struct blk_direct_result res;
    int r;
    /* The runner's own timed window lies inside this one, and blkbench
     * waits for it: the idle time between the two reads is the run's. */
    uint64_t idle_start = 0, idle_end = 0;
    bool idle_known = counter_idle(&idle_start);
    if (strncmp(m->scheme, RAM_PREFIX, strlen(RAM_PREFIX)) == 0) {
        r = ram_twin(m->scheme, &mix, &res);
    } else if (strncmp(m->scheme, VBLK_PREFIX, strlen(VBLK_PREFIX)) == 0) {
        r = vblk_twin(m->scheme, &mix, &res);
    } else {
        snprintf(why, sizeof why, "no direct runner links the engine behind %s", m->scheme);
        return refused(o, -MICA_ENOSYS, why);
    }
    if (r < 0) {
        snprintf(why, sizeof why, "direct run: %s", mica_errno_name(r));
        /* ENOENT: no twin registered; EINVAL, EROFS: a mix it will not run. */
        if (r == -MICA_ENOENT || r == -MICA_EINVAL || r == -MICA_EROFS)
            return refused(o, r, why);
        o->status = BLK_RUN_FAILED;
        o->error = r;
        snprintf(o->why, sizeof o->why, "%s", why);
        return BLK_RUN_FAILED;
    }
    idle_known = idle_known && counter_idle(&idle_end);
    /* Where rdcycle is not instruction-exact its rate is unknown: the rate
     * comes from the run's rdtime ticks, the clock the paths' rates use. */
    bool exact = counter_cycle_hz() != 0;
    *out = (struct blk_client_result){
        .latency = { .n = (uint32_t)res.ops, .min = res.latency_min, .median = res.latency_median,
                     .p99 = res.latency_p99, .max = res.latency_max },
        .rate = { .ops = res.ops, .bytes = res.bytes, .elapsed = exact ? res.ticks : res.time,
                  .clock_hz = exact ? counter_cycle_hz() : counter_elapsed_hz(),
                  .idle = idle_known ? idle_end - idle_start : 0, .idle_known = idle_known },
    };
    o->status = BLK_RUN_OK;
    return BLK_RUN_OK;
}

static void format_thousandths(uint64_t a, uint64_t b, char *out, size_t size)
{
    if (a == 0 || b == 0) {
        snprintf(out, size, "-");
        return;
    }
    uint64_t x1000 = bench_muldiv(a, 1000, b);
    snprintf(out, size, "%llu.%03llu", (unsigned long long)(x1000 / 1000u),
             (unsigned long long)(x1000 % 1000u));
}

void blk_format_busy_ratio(const struct bench_throughput *path, const struct bench_throughput *direct,
                           char *out, size_t size)
{
    if (!path->idle_known || !direct->idle_known) {
        snprintf(out, size, "-");
        return;
    }
    format_thousandths(bench_busy_per_op(direct), bench_busy_per_op(path), out, size);
}

void blk_format_ratio(const struct bench_throughput *path, const struct bench_throughput *direct,
                      char *out, size_t size)
{
    if (path->clock_hz == 0 || direct->clock_hz == 0) {
        snprintf(out, size, "-");
        return;
    }
    format_thousandths(bench_iops(path), bench_iops(direct), out, size);
}
