/* Direct mode: the driver exercises its own device with no IPC, as the
 * baseline the benchmark compares the IPC paths against, and as a
 * self-check that data written and flushed reads back intact. */
#ifndef VBLK_DIRECT_H
#define VBLK_DIRECT_H
#include <stdint.h>

#include "vblk.h"

/* Writes the verify pattern (seed, generation 1) to every sector, flushes,
 * reads everything back and checks it. 0 on PASS, 1 on FAIL (result line
 * printed either way). */
int vblk_direct_verify(struct vblk_dev *d, uint64_t seed);

#endif
