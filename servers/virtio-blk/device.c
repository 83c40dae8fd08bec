/* Bringing the device up: the virtio-mmio steps in the order virtio 1.x
 * 3.1.1 gives them, the block config read once and checked here (the one
 * boundary for config values), the interrupt bound to a notification that
 * ends our receive, and the serial from GET_ID. */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/irq_notification.h>
#include <mica/log.h>
#include <mica/rt_string.h>
#include <mica/server.h>

#include "vblk.h"

#define ID_OFFSET 2048u /* GET_ID answer, in the request page after the status bytes */

static int error(const char *what)
{
    ipc_log_error("%s", what);
    return -1;
}

static int error_code(const char *what, long code)
{
    ipc_log_error("%s: error %ld", what, code);
    return -1;
}

static int read_config(struct vblk_dev *d)
{
    struct vmmio *t = &d->mmio;
    d->capacity = vmmio_config64(t, VBLK_CFG_CAPACITY);
    d->read_only = (d->features >> VBLK_F_RO) & 1u;
    d->blk_size = VBLK_SECTOR_SIZE;
    if (d->features & (1ull << VBLK_F_BLK_SIZE))
        d->blk_size = vmmio_config32(t, VBLK_CFG_BLK_SIZE);
    if (d->features & (1ull << VBLK_F_SIZE_MAX))
        d->limits.size_max = vmmio_config32(t, VBLK_CFG_SIZE_MAX);
    if (d->features & (1ull << VBLK_F_SEG_MAX))
        d->limits.seg_max = vmmio_config32(t, VBLK_CFG_SEG_MAX);
    if (d->limits.size_max && d->limits.size_max < VBLK_SECTOR_SIZE)
        return error("SIZE_MAX is below one sector: no request could be built");
    if (d->blk_size < VBLK_SECTOR_SIZE || (d->blk_size & (d->blk_size - 1u)))
        return error("BLK_SIZE is not a power of two of at least 512 bytes");
    if (d->capacity == 0)
        return error("capacity is 0 sectors");
    return 0;
}

static int setup_queue(struct vblk_dev *d)
{
    const char *why;
    uint32_t max = vmmio_queue_max(&d->mmio, 0);
    if (max == 0)
        return error("queue 0 is not available (QueueNumMax 0)");
    uint32_t size = VBLK_QUEUE_MAX;
    while (size > max) /* the largest power of two the device allows */
        size >>= 1;
    struct virtq_layout layout;
    if (!virtq_layout((uint16_t)size, &layout))
        return error("no usable queue size");
    long r = dma_alloc(&d->ring, layout.total, &why);
    if (r < 0)
        return error_code(why, r);
    if (virtq_init(&d->q, (uint16_t)size, false, d->ring.va, d->ring.phys, d->slots) < 0)
        return error("cannot format the virtqueue");
    if (vmmio_queue_enable(&d->mmio, 0, size, d->q.desc_phys, d->q.avail_phys, d->q.used_phys,
                           &why) < 0)
        return error(why);
    r = dma_alloc(&d->reqs, 4096, &why);
    if (r < 0)
        return error_code(why, r);
    vblk_engine_init(d);
    return 0;
}

/* The line is bound through a copy badged VBLK_IRQ_BADGE: serve mode tells
 * the interrupt from ring doorbells, which share the thread's one bound
 * notification. */
static long bind_interrupt(struct vblk_dev *d, long irq)
{
    long ntfn = ipc_irq_notification(irq, VBLK_IRQ_BADGE);
    if (ntfn < 0)
        return ntfn;
    d->irq_ntfn = ntfn;
    return 0;
}

/* The serial is device data: keep printable ASCII only. */
static void read_serial(struct vblk_dev *d)
{
    struct vblk_xfer x;
    const uint8_t *id = d->reqs.va + ID_OFFSET;
    int r = vblk_start_get_id(d, &x, d->reqs.phys + ID_OFFSET);
    if (r == 0)
        r = vblk_finish(d, &x);
    unsigned n = 0;
    for (; r == 0 && n < VBLK_ID_BYTES && id[n]; n++)
        d->serial[n] = id[n] >= 0x21 && id[n] < 0x7f ? (char)id[n] : '?';
    d->serial[n] = '\0';
    if (r < 0)
        ipc_log_warn("GET_ID failed: error %d", r);
    if (n == 0)
        memcpy(d->serial, "(none)", 7);
}

int vblk_open(struct vblk_dev *d, uintptr_t regs, long irq, long ep)
{
    const char *why;
    d->irq = irq;
    d->ep = ep;
    if (vmmio_probe(&d->mmio, regs, VIRTIO_ID_BLOCK, &why) < 0)
        return error(why);
    if (vmmio_negotiate(&d->mmio, VBLK_WANTED_FEATURES, &d->offered, &d->features, &why) < 0)
        return error(why);
    if (!(d->features & (1ull << VBLK_F_VERSION_1))) {
        vmmio_fail(&d->mmio);
        return error("device does not offer VERSION_1");
    }
    char names[160];
    vblk_format_features(d->features, names, sizeof names);
    ipc_log_info("negotiated features: %s", names);
    if (read_config(d) < 0 || setup_queue(d) < 0) {
        vmmio_fail(&d->mmio);
        return -1;
    }
    long r = bind_interrupt(d, irq);
    if (r < 0) {
        vmmio_fail(&d->mmio);
        return error_code("cannot bind the interrupt", r);
    }
    if (vmmio_driver_ok(&d->mmio, &why) < 0)
        return error(why);
    read_serial(d);
    return 0;
}
