/* vblkdirect: a bench program, not a driver. It links virtio-blk's device
 * engine (servers/virtio-blk: bring-up, transport, virtqueue transfers),
 * takes a virtio disk of its own from init, and drives it with no IPC per
 * request: blkbench's direct baseline for virtio disks (direct runs, asked
 * for with BLK_DIRECT_LABEL under the name direct.vblk<n>), and a
 * whole-disk write-flush-read check (verify mode) that overwrites the disk. */
#ifndef VBLKDIRECT_H
#define VBLKDIRECT_H
#include <stdint.h>

#include <mica/bench_stats.h>
#include <mica/blk_direct.h>

#include "vblk.h"

/* engine.c: runs mix on the device: each request's latency in counter ticks
 * (rdcycle) into *latencies, *ticks = the whole run, from the first start to
 * the last completion, *time the same span in rdtime ticks. 0, or a negative
 * MICA_E* code (a buffer it could not get, a failed request); it frees what
 * it allocated either way. */
int direct_engine_run(struct vblk_dev *d, const struct blk_direct_mix *mix,
                      struct bench_samples *latencies, uint64_t *ticks, uint64_t *time);

/* serve.c: answers direct-run calls on `endpoint` until receiving fails;
 * returns that error. */
int direct_serve(struct vblk_dev *d, long endpoint);

/* verify.c: writes the verify pattern (seed, generation 1) to every sector,
 * flushes, reads everything back and checks it. 0 on PASS, 1 on FAIL
 * (result line printed either way). */
int direct_verify(struct vblk_dev *d, uint64_t seed);

#endif
