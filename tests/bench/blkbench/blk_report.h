/* How block results are printed: the BENCH line, the rate figures of the
 * human tables, and the note saying how rates are derived. */
#ifndef BLKBENCH_BLK_REPORT_H
#define BLKBENCH_BLK_REPORT_H
#include <stddef.h>

#include "blk_run.h"

/* Says which clock the rates come from (once per run of blkbench). */
void blk_report_rate_note(void);
/* The device as fstat described it. */
void blk_report_device(const char *scheme, const struct blk_stat *st);
/* The BENCH line of a result (no line when it has no samples). */
void blk_report_bench(const char *metric, const struct blk_client_result *r);
/* "12345" and "48.22", or "-" for both when the clock rate is unknown. */
void blk_format_rates(const struct bench_throughput *t, char *iops, size_t iops_size, char *mibps,
                      size_t mibps_size);

#endif
