/* virtio-blk: the driver server for virtio-mmio (version 2) block devices.
 * init grants it one slot with a disk behind it (virtio device id 2), its
 * line and a DMA quota; the grants are checked once here. The argument picks
 * the mode (see ARG_* below and docs in servers/virtio-blk/README.md). */
#include <stdint.h>

#include <mica/blk_direct.h>
#include <mica/errno.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>

#include "direct.h"
#include "serve.h"
#include "vblk.h"

/* Eight 64 KiB direct-verify buffers, or serve mode's bounce buffer and a
 * DIRECT_RUN's buffers (at most BLK_DIRECT_SPAN_MAX), plus the rings and the
 * request page, with room. */
#define DMA_BYTES (2u * 1024u * 1024u)
_Static_assert(DMA_BYTES >= BLK_DIRECT_SPAN_MAX + 512u * 1024u, "a DIRECT_RUN's buffers fit beside the rest");

MICA_SERVER_MANIFEST(.name = "virtio-blk", .version = MICA_VERSION(0, 1, 0),
                     .schemes = { "disk.vblk" }, .compatible = "virtio,mmio",
                     .virtio_device_id = VIRTIO_ID_BLOCK, .irq_count = 1,
                     .mmio_region_count = 1, .dma_bytes = DMA_BYTES, .stack_bytes = 16384,
                     .priority = 100, .entry = "vblk_main",
                     /* A reset (Status 0) ends all DMA, even of a driver that faulted. */
                     .quiesce = MICA_QUIESCE_WRITE_ZERO(VMMIO_STATUS));

/* The argument: bits 40..55 a cap on each data descriptor in sectors (0:
 * none; forces requests to split as a small SIZE_MAX would), bits 32..39 the
 * mode, bits 0..31 its parameter. */
#define ARG_SEGMENT_CAP(arg) (((arg) >> 40) & 0xffffu)
#define ARG_MODE(arg) (((arg) >> 32) & 0xffu)
#define ARG_PARAM(arg) ((arg) & 0xffffffffu)
#define MODE_DIRECT_VERIFY 1u /* parameter: the verify pattern's seed */
#define MODE_SERVE 2u         /* parameter: the unit n of the scheme disk.vblk<n> */

int vblk_main(uintptr_t arg);

static struct vblk_dev dev;
static struct vblk_server server;

/* The validation boundary for what init granted. */
static const char *check_grants(const struct mica_server_info *i)
{
    if (i->magic != MICA_SERVER_INFO_MAGIC || i->version != MICA_SERVER_INFO_VERSION)
        return "no server info page";
    if (!i->mmio_vaddr || !i->irq_line)
        return "registers or interrupt not granted";
    if (i->device_size < VMMIO_WINDOW_BYTES)
        return "register window smaller than the virtio-mmio registers and block config";
    if (i->dma_bytes < DMA_BYTES)
        return "DMA quota smaller than the manifest asks for";
    return 0;
}

/* Registers disk.vblk<unit> and serves it until receiving fails. */
static int serve(unsigned unit)
{
    char scheme[MICA_SCHEME_NAME_MAX];
    snprintf(scheme, sizeof scheme, "disk.vblk%u", unit);
    long reg = ipc_scheme_register(scheme);
    if (reg < 0) {
        ipc_log_error("cannot register scheme %s: %s", scheme, mica_errno_name((int)reg));
        return 1;
    }
    /* For lsblk; a refusal costs only the listing's columns. */
    long facts = ipc_scheme_block_facts(scheme, dev.capacity * VBLK_SECTOR_SIZE, dev.blk_size,
                                        dev.read_only);
    if (facts < 0)
        ipc_log_warn("init refused the block facts of %s: %s", scheme,
                     mica_errno_name((int)facts));
    ipc_log_info("serving %s", scheme);
    mica_server_ready();
    int r = vblk_serve(&server, &dev, unit, MICA_SERVER_SLOT_ENDPOINT,
                       (struct mica_ipc_buffer *)MICA_PROC_IPC_BUFFER_VADDR);
    ipc_log_error("%s: serving stopped: %s", scheme, mica_errno_name(r));
    /* Requests may still be in flight: the device must not complete them
     * into our DMA pages or a client's frames once the process is gone. */
    vmmio_reset(&dev.mmio);
    return 1;
}

int vblk_main(uintptr_t arg)
{
    const struct mica_server_info *info = mica_server_info();
    const char *bad = check_grants(info);
    if (bad) {
        ipc_log_error("%s", bad);
        return 1;
    }
    if (vblk_open(&dev, (uintptr_t)info->mmio_vaddr, MICA_SERVER_SLOT_IRQ,
                  MICA_SERVER_SLOT_ENDPOINT) < 0)
        return 1;
    uint64_t cap = (uint64_t)ARG_SEGMENT_CAP(arg) * VBLK_SECTOR_SIZE;
    if (cap && (!dev.limits.size_max || cap < dev.limits.size_max)) {
        dev.limits.size_max = (uint32_t)cap;
        ipc_log_info("data descriptors capped at %llu bytes by the argument",
                     (unsigned long long)cap);
    }
    char names[160];
    vblk_format_features(dev.features, names, sizeof names);
    ipc_log_info("serial %s capacity %llu sectors features %s", dev.serial,
                 (unsigned long long)dev.capacity, names);
    ipc_log_info("virtio-mmio at 0x%llx irq %u, queue size %u, seg_max %u size_max %u "
                 "blk_size %u%s",
                 (unsigned long long)info->device_phys, info->irq_line, dev.q.size,
                 dev.limits.seg_max, dev.limits.size_max, dev.blk_size,
                 dev.read_only ? ", read-only" : "");
    /* For lsdev, by name: init keeps the text and knows no virtio. */
    long told = ipc_device_features(info->device_phys, names);
    if (told < 0)
        ipc_log_warn("init refused the negotiated features: %s", mica_errno_name((int)told));
    if (ARG_MODE(arg) == MODE_DIRECT_VERIFY)
        return vblk_direct_verify(&dev, ARG_PARAM(arg));
    if (ARG_MODE(arg) == MODE_SERVE)
        return serve((unsigned)ARG_PARAM(arg));
    ipc_log_error("mode %llu: unknown (1 direct verify, 2 serve)",
                  (unsigned long long)ARG_MODE(arg));
    return 1;
}
