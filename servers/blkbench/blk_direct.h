/* The direct twin of a block mix: the same pattern, block size, queue depth
 * and op count run by the server on its own device with no IPC per request
 * (DIRECT_RUN, mica/blk_direct.h: virtio-blk's device engine, the ramdisk's
 * memcpy loop), and the through-IPC / direct ratio of a path's IOPS. */
#ifndef BLKBENCH_BLK_DIRECT_H
#define BLKBENCH_BLK_DIRECT_H
#include <stddef.h>

#include "blk_run.h"

/* One client only (DIRECT_RUN runs one stream); the mix's path is ignored.
 * BLK_RUN_REFUSED when the server has no DIRECT_RUN or refuses the mix, or
 * the mix passes DIRECT_RUN's limits (why says which). */
enum blk_run_status blk_direct(const struct blk_mix *mix, struct blk_client_result *out,
                               struct blk_run_outcome *o);

/* "0.962" (IOPS over direct IOPS), or "-" when either is missing or 0. */
void blk_format_ratio(const struct bench_throughput *path, const struct bench_throughput *direct,
                      char *out, size_t size);

#endif
