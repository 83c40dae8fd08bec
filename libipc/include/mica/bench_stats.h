/* blkbench statistics: exact min/median/p99/max of counter samples, IOPS and
 * MiB/s from a counter and its clock rate, and the BENCH contract line.
 * Freestanding (no libc), so the same code runs in blkbench and host tests. */

#ifndef MICA_BENCH_STATS_H
#define MICA_BENCH_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Samples in caller-provided storage (no allocator in a server). */
struct bench_samples {
    uint64_t *values;
    uint32_t count;
    uint32_t capacity;
    bool overflowed; /* a sample was refused: the summary would lie, callers report FAIL */
};

/* Nearest-rank percentiles of the sorted samples s[0..n-1]: the p-th
 * percentile is s[ceil(p * n / 100) - 1], so each figure is a measured
 * sample, never an interpolation. median = p50 (the lower middle for even n). */
struct bench_summary {
    uint32_t n;
    uint64_t min, median, p99, max;
    uint64_t sum;
};

/* Whole-run figures for a throughput line; elapsed in counter units. */
struct bench_throughput {
    uint64_t ops;
    uint64_t bytes;
    uint64_t elapsed;
    uint64_t clock_hz; /* counter ticks per second; 0 = unknown, omit rates */
    uint64_t idle;     /* of elapsed, what the harts spent waiting idle (wfi) */
    bool idle_known;   /* idle was measured: the line carries busy= */
};

void bench_samples_init(struct bench_samples *samples, uint64_t *storage, uint32_t capacity);
void bench_add(struct bench_samples *samples, uint64_t value);
/* Sorts the samples in place; false when there are none. */
bool bench_summarize(struct bench_samples *samples, struct bench_summary *summary);
uint64_t bench_percentile(const uint64_t *sorted, uint32_t n, uint32_t percent);

/* floor(a * b / c) without overflow in the product; c must not be 0 and the
 * result must fit 64 bits (true for every rate below). */
uint64_t bench_muldiv(uint64_t a, uint64_t b, uint64_t c);
uint64_t bench_iops(const struct bench_throughput *t);
/* MiB/s times 100, truncated: printed with two decimals. */
uint64_t bench_mibps_x100(const struct bench_throughput *t);
/* Counter units per operation, rounded down (instructions per op under icount). */
uint64_t bench_per_op(const struct bench_throughput *t);
/* The same less the idle time: what the CPU did per operation (elapsed under
 * sleep=on includes QEMU's host I/O waits, this does not). */
uint64_t bench_busy_per_op(const struct bench_throughput *t);

/* Writes the contract line (no newline), adding " mibps=<x.xx> iops=<n>" when
 * throughput is given with a clock rate, and " busy=<n>" (bench_busy_per_op)
 * when its idle time is known too. Always NUL-terminated; returns the
 * length the whole line needs, so a result >= size means it was cut. */
size_t bench_format_line(char *out, size_t size, const char *name, const char *unit,
                         const struct bench_summary *summary,
                         const struct bench_throughput *throughput);

#endif
