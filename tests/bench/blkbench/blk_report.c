/* Printing block results; the BENCH line itself is bench_format_line's. */
#include "blk_report.h"

#include <stdio.h>

#include <mica/ipc.h>
#include <mica/log.h>

#include "counter.h"

void blk_report_rate_note(void)
{
    const char *unit = counter_unit();
    uint64_t hz = counter_elapsed_hz();
    if (hz == 0)
        ipc_log_warn("no IOPS or MiB/s: the kernel did not report the timebase frequency; "
                     "latencies are in %s", unit);
    else if (counter_cycle_hz())
        ipc_log_info("rates: ops or bytes x 10^9 / elapsed instructions (under -icount shift=0 "
                     "one instruction is 1 ns of virtual time); the benchmark's own pattern "
                     "filling and checking is not counted");
    else
        ipc_log_info("rates: ops or bytes x %llu / elapsed rdtime ticks (the timebase); the "
                     "benchmark's own pattern filling and checking is not counted",
                     (unsigned long long)hz);
}

void blk_report_device(const char *scheme, const struct blk_stat *st)
{
    ipc_log_info("%s %llu bytes, block %u, max transfer %u, queue depth %u, model '%.*s'%s",
                 scheme, (unsigned long long)st->size_bytes, st->block_size, st->max_transfer,
                 st->queue_depth, (int)sizeof st->model, st->model,
                 (st->flags & BLK_STAT_READ_ONLY) ? ", read-only" : "");
}

void blk_report_bench(const char *metric, const struct blk_client_result *r)
{
    if (r->latency.n == 0)
        return;
    char line[MICA_LOG_LINE_MAX];
    bench_format_line(line, sizeof line, metric, counter_unit(), &r->latency, &r->rate);
    ipc_print("%s\n", line);
}

void blk_format_rates(const struct bench_throughput *t, char *iops, size_t iops_size, char *mibps,
                      size_t mibps_size)
{
    if (t->clock_hz == 0 || t->elapsed == 0) {
        snprintf(iops, iops_size, "-");
        snprintf(mibps, mibps_size, "-");
        return;
    }
    uint64_t x100 = bench_mibps_x100(t);
    snprintf(iops, iops_size, "%llu", (unsigned long long)bench_iops(t));
    snprintf(mibps, mibps_size, "%llu.%02llu", (unsigned long long)(x100 / 100u),
             (unsigned long long)(x100 % 100u));
}
