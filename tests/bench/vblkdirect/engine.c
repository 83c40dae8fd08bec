/* A direct run on virtio-blk's device engine (servers/virtio-blk/io.c)
 * with no IPC per request: queue_depth transfers kept in flight, each on its
 * own slice of a DMA buffer taken from the DMA quota for the run. What goes
 * through the IPC paths is measured against this. */
#include <mica/abi/errno.h>
#include <mica/runtime.h>

#include "vblkdirect.h"

_Static_assert(VBLK_XFERS_MAX >= BLK_DIRECT_QUEUE_DEPTH_MAX, "the engine holds the deepest queue");

struct run {
    struct vblk_dev *d;
    const struct blk_direct_mix *mix;
    struct dma_region buf;
    struct blk_direct_offsets offsets;
    struct vblk_xfer x[BLK_DIRECT_QUEUE_DEPTH_MAX];
    uint64_t started[BLK_DIRECT_QUEUE_DEPTH_MAX];
    bool busy[BLK_DIRECT_QUEUE_DEPTH_MAX];
    uint32_t issued;
};

static int start(struct run *run, unsigned slot)
{
    uint64_t offset = blk_direct_next_offset(&run->offsets);
    uint32_t type = blk_direct_writes(run->mix) ? VBLK_T_OUT : VBLK_T_IN;
    uint64_t size = run->mix->block_size;
    run->started[slot] = arch_rdcycle();
    int err = vblk_start_rw(run->d, &run->x[slot], type, offset / VBLK_SECTOR_SIZE,
                            run->buf.phys + slot * size, size);
    if (err)
        return err;
    run->busy[slot] = true;
    run->issued++;
    return 0;
}

/* Takes the completed transfers (timed at `now`, when the engine returned
 * them) and starts the next requests in their slots. Requests still owed. */
static int turn(struct run *run, struct bench_samples *latencies, uint64_t now, uint32_t *owed)
{
    for (unsigned slot = 0; slot < run->mix->queue_depth; slot++) {
        if (run->busy[slot] && !run->x[slot].active) {
            run->busy[slot] = false;
            if (run->x[slot].err)
                return run->x[slot].err;
            bench_add(latencies, now - run->started[slot]);
            (*owed)--;
        }
        if (!run->busy[slot] && run->issued < run->mix->ops) {
            int err = start(run, slot);
            if (err)
                return err;
        }
    }
    return 0;
}

/* After a failure: nothing may still DMA into the buffer when it is freed. */
static void drain(struct run *run)
{
    for (unsigned slot = 0; slot < run->mix->queue_depth; slot++)
        if (run->busy[slot])
            vblk_finish(run->d, &run->x[slot]);
}

int direct_engine_run(struct vblk_dev *d, const struct blk_direct_mix *mix,
                      struct bench_samples *latencies, uint64_t *ticks, uint64_t *time)
{
    static struct run run;
    run = (struct run){ .d = d, .mix = mix };
    const char *what;
    long err = dma_alloc(&run.buf, (uint64_t)mix->block_size * mix->queue_depth, &what);
    if (err < 0)
        return (int)err;
    blk_direct_offsets_init(&run.offsets, mix, d->capacity * VBLK_SECTOR_SIZE);
    uint32_t owed = mix->ops;
    uint64_t first_time = arch_rdtime(); /* outside the rdcycle span */
    uint64_t first = arch_rdcycle();
    err = turn(&run, latencies, first, &owed);
    while (!err && owed > 0) {
        err = vblk_wait(d);
        if (!err)
            err = turn(&run, latencies, arch_rdcycle(), &owed);
    }
    *ticks = arch_rdcycle() - first;
    *time = arch_rdtime() - first_time;
    drain(&run);
    dma_free(&run.buf);
    return (int)err;
}
