/* Serve mode's driver ops for the framework: a request becomes a device
 * transfer of its tag, started here and reported when the device returns
 * it; the interrupt (VBLK_IRQ_BADGE, on the notification the framework
 * also rings doorbells on) is acknowledged, and before the loop sleeps the
 * queued transfers go to the device and its interrupt is armed. */
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>

#include "serve.h"

static uint32_t device_type(enum blk_opcode op)
{
    return op == BLK_OP_READ ? VBLK_T_IN : op == BLK_OP_WRITE ? VBLK_T_OUT : VBLK_T_FLUSH;
}

/* A flush on a device without a volatile cache is done already: the
 * engine never has it, so it is answered here. */
static __attribute__((noinline)) int start_flush(struct vblk_server *s, unsigned tag)
{
    int err = vblk_start_flush(s->d, &s->x[tag]);
    if (!err && !s->x[tag].active)
        blk_server_complete(&s->server, tag, 0);
    return err;
}

/* A read or write only joins the engine's transfers (it never ends inside
 * start), so it is the engine's call alone, made last. */
static int start(void *driver, unsigned tag, const struct blk_io *io)
{
    struct vblk_server *s = driver;
    if (io->op == BLK_OP_FLUSH)
        return start_flush(s, tag);
    /* The framework keeps io's extents until the request completes, as
     * long as the engine may still read them. */
    uint64_t sector = io->lba * (s->d->blk_size / VBLK_SECTOR_SIZE);
    return vblk_start_extents(s->d, &s->x[tag], device_type(io->op), sector, io->extents,
                              io->extent_count);
}

/* The transfers the engine retired, answered together in the order they
 * ended: each is its tag's, so the tag is where it sits in x[]. */
static int poll(void *driver)
{
    struct vblk_server *s = driver;
    int n = vblk_poll(s->d);
    if (n < 0)
        return n;
    unsigned count = s->d->retired_count;
    if (count == 0)
        return 0;
    struct blk_server_ended ended[VBLK_XFERS_MAX];
    for (unsigned i = 0; i < count; i++) {
        struct vblk_xfer *x = s->d->retired[i];
        ended[i] = (struct blk_server_ended){ .tag = (unsigned)(x - s->x), .status = x->err };
    }
    blk_server_complete_many(&s->server, ended, count);
    return 0;
}

static bool arm(void *driver)
{
    struct vblk_server *s = driver;
    vblk_kick(s->d);
    return !vblk_busy(s->d) || vblk_arm_interrupt(s->d);
}

static void irq(void *driver)
{
    vblk_interrupt_ack(((struct vblk_server *)driver)->d);
}

/* Requests may still be in flight: the device must not complete them into
 * our DMA pages or a client's frames once the process is gone. */
static void quiesce(void *driver)
{
    vmmio_reset(&((struct vblk_server *)driver)->d->mmio);
}

static const struct blk_driver_ops ops = {
    .start = start, .irq = irq, .poll = poll, .arm = arm, .quiesce = quiesce,
};

int vblk_serve(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
               struct mica_ipc_buffer *ipc)
{
    const char *what;
    s->d = d;
    snprintf(s->name, sizeof s->name, "vblk%u", unit);
    long err = dma_alloc(&s->bounce, (uint64_t)BLK_SERVER_MAX_TAGS * BLK_SERVER_BOUNCE_BYTES, &what);
    if (err < 0) {
        ipc_log_error("%s: %s", s->name, what);
        return (int)err;
    }
    uint32_t max = d->blk_size > VBLK_SERVE_MAX_TRANSFER ? d->blk_size : VBLK_SERVE_MAX_TRANSFER;
    struct blk_server_config c = {
        .name = s->name,
        .model = "virtio-blk",
        /* "(none)" is our log's word for no serial; the protocol's is empty. */
        .serial = strcmp(d->serial, "(none)") != 0 ? d->serial : "",
        .limits = { .block_count = d->capacity / (d->blk_size / VBLK_SECTOR_SIZE),
                    .block_size = d->blk_size, .max_transfer = max, .read_only = d->read_only },
        .stat_flags = (d->features & (1ull << VBLK_F_FLUSH)) ? BLK_STAT_FLUSH : 0u,
        .queue_depth = s->queue_depth,
        .tags = BLK_SERVER_MAX_TAGS,
        .dma = true,
        .bounce_va = s->bounce.va,
        .bounce_phys = s->bounce.phys,
        .report_close = true,
        .driver = s,
        .ops = &ops,
    };
    int r = blk_server_init(&s->server, &c, endpoint, d->irq_ntfn);
    return r < 0 ? r : blk_server_run(&s->server, ipc);
}
