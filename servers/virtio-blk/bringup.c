/* What a program that drives a virtio disk does first: the grants init gave
 * checked (the one boundary for them), the device brought up (device.c), an
 * optional cap on each data descriptor, and the device's facts logged and
 * told to init. virtio-blk's main uses it, and so does the direct-run bench
 * program under tests/, which links this engine. */
#include <mica/log.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>

#include "vblk.h"

static const char *check_grants(const struct mica_server_info *i, uint64_t dma_bytes)
{
    if (i->magic != MICA_SERVER_INFO_MAGIC || i->version != MICA_SERVER_INFO_VERSION)
        return "no server info page";
    if (!i->mmio_vaddr || !i->irq_line)
        return "registers or interrupt not granted";
    if (i->device_size < VMMIO_WINDOW_BYTES)
        return "register window smaller than the virtio-mmio registers and block config";
    if (i->dma_bytes < dma_bytes)
        return "DMA quota smaller than the manifest asks for";
    return 0;
}

int vblk_bring_up(struct vblk_dev *d, uint64_t dma_bytes, uint64_t segment_cap)
{
    const struct mica_server_info *info = mica_server_info();
    const char *bad = check_grants(info, dma_bytes);
    if (bad) {
        ipc_log_error("%s", bad);
        return -1;
    }
    if (vblk_open(d, (uintptr_t)info->mmio_vaddr, MICA_SERVER_SLOT_IRQ, MICA_SERVER_SLOT_ENDPOINT) < 0)
        return -1;
    if (segment_cap && (!d->limits.size_max || segment_cap < d->limits.size_max)) {
        d->limits.size_max = (uint32_t)segment_cap;
        ipc_log_info("data descriptors capped at %llu bytes by the argument",
                     (unsigned long long)segment_cap);
    }
    char names[160];
    vblk_format_features(d->features, names, sizeof names);
    ipc_log_info("serial %s capacity %llu sectors features %s", d->serial,
                 (unsigned long long)d->capacity, names);
    ipc_log_info("virtio-mmio at 0x%llx irq %u, queue size %u, seg_max %u size_max %u "
                 "blk_size %u%s",
                 (unsigned long long)info->device_phys, info->irq_line, d->q.size,
                 d->limits.seg_max, d->limits.size_max, d->blk_size,
                 d->read_only ? ", read-only" : "");
    /* For lsdev, by name: init keeps the text and knows no virtio. */
    long told = ipc_device_features(info->device_phys, names);
    if (told < 0)
        ipc_log_warn("init refused the negotiated features: %s", mica_errno_name((int)told));
    return 0;
}
