/* blkbench's direct runner for ramdisks (direct_ram.c): the ramdisk's
 * engine linked in, run with no IPC over a disk of the same size. */
#ifndef BLKBENCH_DIRECT_RAM_H
#define BLKBENCH_DIRECT_RAM_H
#include <mica/bench_stats.h>
#include <mica/blk_direct.h>

/* Runs mix (checked by decode_blk_direct_mix against limits) on a private
 * ramdisk of limits' size: 0 and *out, or a negative MICA_E* code (memory
 * it could not get). */
int direct_ram_run(const struct blk_device_limits *limits, const struct blk_direct_mix *mix,
                   struct blk_direct_result *out);

#endif
