/* blkbench chaos: what the write-verify workload (the main thread, which
 * alone allocates slots, as a recovery does) and the crasher thread share. */
#ifndef BLKBENCH_CHAOS_H
#define BLKBENCH_CHAOS_H
#include <stdbool.h>
#include <stdint.h>

#include "blkbench_args.h"

struct chaos_shared {
    char scheme[32];          /* the name the driver registered: "disk.vblk0" */
    uint32_t crashes;         /* to cause */
    uint64_t rng;             /* the crasher's random state (from --seed) */
    /* --update: the images live updates cycle through; 0 images: crashes. */
    unsigned image_count;
    char images[BLKBENCH_MAX_UPDATE_IMAGES][BLKBENCH_MAX_IMAGE_PATH];
    volatile bool go;         /* set by the workload once it has counted its slots */
    /* Written by the crasher: */
    volatile uint32_t issued; /* crashes caused so far */
    volatile uint64_t crash_time[BLKBENCH_MAX_CRASHES]; /* rdtime just before crash k */
    volatile long error;      /* why the crasher stopped early; 0 */
    volatile bool finished;
    /* Written by the workload: recoveries it has seen end in a completed request. */
    volatile uint32_t recovered;
};

/* Starts the crasher thread: once s->go is set, `crashes` times, after a
 * random pause while the workload runs, it crashes the driver serving
 * s->scheme and waits for the workload to see a request complete on the
 * restarted instance. */
int chaos_crasher_start(struct chaos_shared *s);

/* The one place that says how the driver is crashed, or replaced by the
 * k-th live update (chaos_crash.c). */
long chaos_crash(struct chaos_shared *s, uint32_t k, uint64_t pid);

#endif
