/* blkbench blk: one mix on one scheme. The device, the mix, the BENCH line
 * of the whole run, a table per client and the total, then the verdict. */
#include <stdbool.h>
#include <stdio.h>

#include <mica/abi/errno.h>
#include <mica/log.h>

#include "blk_direct.h"
#include "blk_report.h"
#include "blk_run.h"
#include "blkbench.h"
#include "counter.h"
#include "workers.h"

static void print_row(const char *who, const struct blk_client_result *r)
{
    char iops[24], mibps[24];
    blk_format_rates(&r->rate, iops, sizeof iops, mibps, sizeof mibps);
    ipc_log_info("%-8s %8llu %10llu %10llu %10llu %10llu %10s %10s", who,
                 (unsigned long long)r->rate.ops, (unsigned long long)r->latency.min,
                 (unsigned long long)r->latency.median, (unsigned long long)r->latency.p99,
                 (unsigned long long)r->latency.max, iops, mibps);
}

static void print_table(const struct blk_mix *m, const struct blk_run_result *res)
{
    ipc_log_info("%-8s %8s %10s %10s %10s %10s %10s %10s  (latency per op, unit %s)", "client",
                 "ops", "min", "median", "p99", "max", "IOPS", "MiB/s", counter_unit());
    for (unsigned i = 0; i < m->clients; i++) {
        char who[12];
        snprintf(who, sizeof who, "%u", i);
        print_row(who, &res->clients[i]);
    }
    if (m->clients > 1)
        print_row("total", &res->total);
}

/* The same mix run by the server itself. It runs before the paths' run:
 * its writes leave the server's buffer bytes, and the paths' writes then
 * leave the verify pattern on the disk. A missing direct figure is said,
 * never a failure of the run. */
struct direct_twin {
    bool measured;
    struct blk_client_result result;
    struct blk_run_outcome outcome;
};

static void direct_measure(const struct blk_mix *m, struct direct_twin *d)
{
    d->measured = blk_direct(m, &d->result, &d->outcome) == BLK_RUN_OK;
}

static void direct_report(const struct blk_mix *m, const struct direct_twin *d,
                          const struct blk_run_result *res)
{
    char metric[BLK_RUN_METRIC_MAX];
    blk_metric_name(metric, sizeof metric, m, "direct");
    if (!d->measured) {
        ipc_log_warn("%s: no direct figure: %s", metric, d->outcome.why);
        return;
    }
    blk_report_bench(metric, &d->result);
    char ratio[24], iops[24], direct_iops[24], mibps[24];
    blk_format_ratio(&res->total.rate, &d->result.rate, ratio, sizeof ratio);
    blk_format_rates(&res->total.rate, iops, sizeof iops, mibps, sizeof mibps);
    blk_format_rates(&d->result.rate, direct_iops, sizeof direct_iops, mibps, sizeof mibps);
    ipc_log_info("through IPC / direct (IOPS): %s / %s = %s", iops, direct_iops, ratio);
    if (!res->total.rate.idle_known || !d->result.rate.idle_known)
        return;
    blk_format_busy_ratio(&res->total.rate, &d->result.rate, ratio, sizeof ratio);
    ipc_log_info("direct / through IPC (busy instructions per op): %llu / %llu = %s",
                 (unsigned long long)bench_busy_per_op(&d->result.rate),
                 (unsigned long long)bench_busy_per_op(&res->total.rate), ratio);
}

/* Ops per client: --ops, or --bytes rounded up to whole ops. */
static uint64_t ops_of(const struct blkbench_opts *o)
{
    return o->ops ? o->ops : (o->bytes + o->bs - 1) / o->bs;
}

int blkbench_blk(const struct blkbench_opts *o)
{
    struct blk_mix mix = {
        .scheme = o->scheme, .path = o->path, .rw = o->rw, .bs = o->bs, .qd = o->qd,
        .clients = o->clients, .harts = o->harts, .ops = ops_of(o), .seed = o->seed,
    };
    char metric[BLK_RUN_METRIC_MAX];
    blk_metric_name(metric, sizeof metric, &mix, NULL);
    int r = blk_run_reserve(mix.clients, mix.ops);
    if (r < 0) {
        ipc_log_error("%s: cannot keep %llu samples per client (at most %u): %s", metric,
                      (unsigned long long)mix.ops, BLK_RUN_MAX_OPS, mica_errno_name(r));
        return blkbench_verdict(false, "blk: %s", mica_errno_name(r));
    }
    struct blk_stat st;
    r = blk_run_probe(mix.scheme, &st);
    if (r < 0) {
        ipc_log_error("cannot open %s %s", mix.scheme, mica_errno_name(r));
        return blkbench_verdict(false, "blk: cannot open %s %s", mix.scheme, mica_errno_name(r));
    }
    blk_report_device(mix.scheme, &st);
    if ((r = workers_spread(o->harts)) < 0) {
        ipc_log_error("cannot spread %u clients over %u harts: %s", mix.clients, o->harts, mica_errno_name(r));
        return blkbench_verdict(false, "blk: --harts %u: %s", o->harts, mica_errno_name(r));
    }
    if (o->harts > 1)
        ipc_log_info("blk: clients spread over %u harts", o->harts);
    ipc_log_info("blk: path %s, %s, bs %u, qd %u, %u client(s) x %llu ops, seed %llu",
                 blkbench_path_names[mix.path], blkbench_rw_names[mix.rw], mix.bs, mix.qd,
                 mix.clients, (unsigned long long)mix.ops, (unsigned long long)mix.seed);
    blk_report_rate_note();

    static struct blk_run_result res;
    struct blk_run_outcome out;
    static struct direct_twin direct;
    direct_measure(&mix, &direct);
    enum blk_run_status s = blk_run(&mix, &res, &out);
    workers_spread(1); /* later steps place every client on blkbench's hart again */
    if (s == BLK_RUN_REFUSED) {
        ipc_log_error("%s: not possible: %s", metric, out.why);
        return blkbench_verdict(false, "blk: %s", out.why);
    }
    if (s == BLK_RUN_FAILED) {
        ipc_log_error("%s: %s", metric, out.why);
        return blkbench_verdict(false, "blk: %s", out.why);
    }
    if (res.requests_per_op > 1)
        ipc_log_info("each op of %u bytes is %u requests on the %s path", mix.bs,
                     res.requests_per_op, blkbench_path_names[mix.path]);
    blk_report_bench(metric, &res.total);
    print_table(&mix, &res);
    if (mix.rw == BLKBENCH_RW_READ || mix.rw == BLKBENCH_RW_RANDREAD)
        ipc_log_info("read data: %llu sectors held the seed-%llu pattern and were checked",
                     (unsigned long long)res.total.sectors_checked, (unsigned long long)mix.seed);
    const struct blk_pattern_work *w = &res.pattern_work;
    ipc_log_info("pattern work per op, left out of the figures (%s): fill %llu, check %llu, skip %llu",
                 counter_unit(), (unsigned long long)w->fill, (unsigned long long)w->check,
                 (unsigned long long)w->skip);
    direct_report(&mix, &direct, &res);
    char iops[24], mibps[24];
    blk_format_rates(&res.total.rate, iops, sizeof iops, mibps, sizeof mibps);
    return blkbench_verdict(true, "blk %s: %llu ops, median %llu %s, %s IOPS, %s MiB/s", metric,
                   (unsigned long long)res.total.rate.ops,
                   (unsigned long long)res.total.latency.median, counter_unit(), iops, mibps);
}
