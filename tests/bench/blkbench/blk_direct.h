/* The direct twin of a block mix: the same pattern, block size, queue depth
 * and op count run on the disk's engine linked into a bench program, with no
 * IPC per request (mica/blk_direct.h: the ramdisk's copy in blkbench,
 * virtio-blk's device engine in tests/bench/vblkdirect), and the
 * through-IPC / direct ratio of a path's IOPS. */
#ifndef BLKBENCH_BLK_DIRECT_H
#define BLKBENCH_BLK_DIRECT_H
#include <stddef.h>

#include "blk_run.h"

/* One client only (a direct run is one stream); the mix's path is ignored.
 * BLK_RUN_REFUSED when no runner links the disk's engine (a virtio disk
 * without its direct.vblk<n> twin registered), the runner refuses the mix,
 * or the mix passes the direct run's limits (why says which). */
enum blk_run_status blk_direct(const struct blk_mix *mix, struct blk_client_result *out,
                               struct blk_run_outcome *o);

/* "0.962" (IOPS over direct IOPS), or "-" when either is missing or 0. */
void blk_format_ratio(const struct bench_throughput *path, const struct bench_throughput *direct,
                      char *out, size_t size);
/* "0.962" (the direct run's busy instructions per op over the path's), or
 * "-" when either has no idle figure or is 0: the ratio that holds still
 * when device waits cost host time. */
void blk_format_busy_ratio(const struct bench_throughput *path, const struct bench_throughput *direct,
                           char *out, size_t size);

#endif
