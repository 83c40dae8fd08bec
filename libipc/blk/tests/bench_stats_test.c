/* Host tests for libipc/blk/bench_stats.c: nearest-rank percentiles on known inputs,
 * sorting, 128-bit-safe rates, and the exact text of BENCH lines. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/bench_stats.h>

static void test_known_percentiles(void **state)
{
    uint64_t storage[100];
    struct bench_samples s;
    struct bench_summary sum;

    (void)state;
    bench_samples_init(&s, storage, 100);
    /* 1..100 in a scrambled order. */
    for (uint32_t i = 0; i < 100; i++)
        bench_add(&s, (i * 37u) % 100u + 1u);
    assert_true(bench_summarize(&s, &sum));
    assert_int_equal(sum.n, 100);
    assert_int_equal(sum.min, 1);
    assert_int_equal(sum.median, 50);
    assert_int_equal(sum.p99, 99);
    assert_int_equal(sum.max, 100);
    assert_int_equal(sum.sum, 5050);
    for (uint32_t i = 1; i < 100; i++)
        assert_true(storage[i - 1] <= storage[i]);
}

static void test_small_counts(void **state)
{
    uint64_t storage[4];
    struct bench_samples s;
    struct bench_summary sum;

    (void)state;
    bench_samples_init(&s, storage, 4);
    assert_false(bench_summarize(&s, &sum));
    bench_add(&s, 7);
    assert_true(bench_summarize(&s, &sum));
    assert_int_equal(sum.min, 7);
    assert_int_equal(sum.median, 7);
    assert_int_equal(sum.p99, 7);
    bench_add(&s, 3); /* two samples: median is the lower one, p99 the upper */
    assert_true(bench_summarize(&s, &sum));
    assert_int_equal(sum.median, 3);
    assert_int_equal(sum.p99, 7);
    bench_add(&s, 5);
    bench_add(&s, 5);
    assert_false(s.overflowed);
    bench_add(&s, 1);
    assert_true(s.overflowed);
    assert_int_equal(s.count, 4);
}

static void test_p99_of_large_run(void **state)
{
    enum { N = 10000 };
    uint64_t *storage = malloc(N * sizeof(uint64_t));
    struct bench_samples s;
    struct bench_summary sum;

    (void)state;
    assert_non_null(storage);
    bench_samples_init(&s, storage, N);
    /* 9,900 samples of 485, then 100 outliers 1000..1099: p99 is the last 485. */
    for (uint32_t i = 0; i < N; i++)
        bench_add(&s, i < 9900 ? 485 : 1000 + (N - 1 - i));
    assert_true(bench_summarize(&s, &sum));
    assert_int_equal(sum.median, 485);
    assert_int_equal(sum.p99, 485);
    assert_int_equal(sum.max, 1099);
    assert_int_equal(bench_percentile(storage, N, 100), 1099);
    free(storage);
}

static void test_muldiv(void **state)
{
    (void)state;
    assert_int_equal(bench_muldiv(6, 7, 3), 14);
    assert_int_equal(bench_muldiv(UINT64_MAX, UINT64_MAX, UINT64_MAX), UINT64_MAX);
    assert_int_equal(bench_muldiv(1ull << 40, 1000000000ull, 1ull << 40), 1000000000ull);
    assert_int_equal(bench_muldiv(UINT64_MAX, 2, 4), UINT64_MAX / 2);
    assert_int_equal(bench_muldiv(0, 5, 1), 0);
}

static void test_rates(void **state)
{
    /* 1000 ops of 4 KiB in 4,000,000 instructions at a 1 GHz virtual clock:
     * 4 ms -> 250,000 IOPS and 976.5625 MiB/s. */
    struct bench_throughput t = { .ops = 1000, .bytes = 4096000, .elapsed = 4000000,
                                  .clock_hz = 1000000000 };

    (void)state;
    assert_int_equal(bench_iops(&t), 250000);
    assert_int_equal(bench_mibps_x100(&t), 97656);
    assert_int_equal(bench_per_op(&t), 4000);
    t.elapsed = 0;
    assert_int_equal(bench_iops(&t), 0);
    /* 1 TiB in one second at 1 MHz ticks must not overflow. */
    t = (struct bench_throughput){ .ops = 1, .bytes = 1ull << 40, .elapsed = 1000000, .clock_hz = 1000000 };
    assert_int_equal(bench_mibps_x100(&t), 100ull << 20);
}

static void test_format(void **state)
{
    struct bench_summary sum = { .n = 10000, .min = 485, .median = 485, .p99 = 490, .max = 1203 };
    struct bench_throughput t = { .ops = 1000, .bytes = 4096000, .elapsed = 4000000,
                                  .clock_hz = 1000000000 };
    char line[200], tiny[16];
    size_t len;

    (void)state;
    len = bench_format_line(line, sizeof(line), "ipc.call_rt", "instr", &sum, NULL);
    assert_string_equal(line, "BENCH name=ipc.call_rt unit=instr n=10000 min=485 median=485 p99=490 max=1203");
    assert_int_equal(len, strlen(line));
    bench_format_line(line, sizeof(line), "blk.ram0.queue.randread.bs4096.qd32", "instr", &sum, &t);
    assert_string_equal(line, "BENCH name=blk.ram0.queue.randread.bs4096.qd32 unit=instr n=10000 min=485 "
                              "median=485 p99=490 max=1203 mibps=976.56 iops=250000");
    /* 1,000,000 of the 4,000,000 spent idle: 3000 busy instructions an op. */
    t.idle = 1000000;
    t.idle_known = true;
    bench_format_line(line, sizeof(line), "blk.vblk0.queue.randread.bs4096.qd32", "instr", &sum, &t);
    assert_string_equal(line, "BENCH name=blk.vblk0.queue.randread.bs4096.qd32 unit=instr n=10000 min=485 "
                              "median=485 p99=490 max=1203 mibps=976.56 iops=250000 busy=3000");
    t.idle = 5000000; /* more idle than elapsed (windows read apart): no negative busy */
    assert_int_equal(bench_busy_per_op(&t), 0);
    t.idle_known = false;
    t.clock_hz = 0;
    bench_format_line(line, sizeof(line), "x", "cycles", &sum, &t);
    assert_string_equal(line, "BENCH name=x unit=cycles n=10000 min=485 median=485 p99=490 max=1203");
    t = (struct bench_throughput){ .ops = 1, .bytes = 1024 * 1024 * 3 + 10486, .elapsed = 1, .clock_hz = 1 };
    bench_format_line(line, sizeof(line), "x", "cycles", &sum, &t);
    assert_non_null(strstr(line, " mibps=3.01 iops=1"));
    assert_int_equal(bench_format_line(tiny, sizeof(tiny), "x", "instr", &sum, NULL), len - 10);
    assert_string_equal(tiny, "BENCH name=x un");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_percentiles),
        cmocka_unit_test(test_small_counts),
        cmocka_unit_test(test_p99_of_large_run),
        cmocka_unit_test(test_muldiv),
        cmocka_unit_test(test_rates),
        cmocka_unit_test(test_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
