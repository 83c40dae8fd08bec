/* virtio-blk: the driver server for virtio-mmio (version 2) block devices.
 * init grants it one slot with a disk behind it (virtio device id 2), its
 * line and a DMA quota (checked in bringup.c); it serves the disk as
 * disk.vblk<n> (its named parameters below, servers/virtio-blk/README.md). */
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/args.h>
#include <mica/blk_client_limits.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>
#include <mica/server_params.h>

#include "serve.h"
#include "vblk.h"

/* The framework's bounce buffers (one per tag), the rings and the request
 * page, with room. */
#define DMA_BYTES (2u * 1024u * 1024u)
_Static_assert(DMA_BYTES >= BLK_SERVER_MAX_TAGS * BLK_SERVER_BOUNCE_BYTES + 512u * 1024u,
               "the bounce buffers fit beside the rings");

MICA_SERVER_MANIFEST(.name = "virtio-blk", .version = MICA_VERSION(0, 1, 0),
                     .schemes = { "disk.vblk" }, .compatible = "virtio,mmio",
                     .virtio_device_id = VIRTIO_ID_BLOCK, .irq_count = 1,
                     .mmio_region_count = 1, .dma_bytes = DMA_BYTES, .stack_bytes = 16384,
                     .priority = 100, .entry = "vblk_main",
                     /* A reset (Status 0) ends all DMA, even of a driver that faulted. */
                     .quiesce = MICA_QUIESCE_WRITE_ZERO(VMMIO_STATUS));

MICA_SERVER_PARAMS(MICA_PARAM_INT_MAX("unit", "0", 255, "n of the scheme disk.vblk<n>"),
                   MICA_PARAM_INT_MAX("segment-cap", "0", 65535,
                                      "sectors per data descriptor (0: no cap; else requests split)"),
                   MICA_PARAM_INT_MAX("queue-depth", "32", VBLK_HANDLE_DEPTH_MAX,
                                      "requests in flight per handle (1..48; fstat's queue_depth)"),
                   BLK_CLIENT_LIMIT_PARAMS);
enum { PARAM_UNIT, PARAM_SEGMENT_CAP, PARAM_QUEUE_DEPTH };
_Static_assert(VBLK_HANDLE_DEPTH_MAX == 48u, "queue-depth's help names its range");
_Static_assert(VBLK_HANDLE_DEPTH_DEFAULT == 32u, "queue-depth's default is the header's");

int vblk_main(uintptr_t arg);

static struct vblk_dev dev;
static struct vblk_server server;

/* Registers disk.vblk<unit> and serves it until receiving fails. */
static int serve(unsigned unit)
{
    char scheme[MICA_SCHEME_NAME_MAX];
    snprintf(scheme, sizeof scheme, "disk.vblk%u", unit);
    if (ipc_scheme_register_or_say(scheme, ipc_log_error) < 0)
        return 1;
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
    /* The device was reset as serving ended (quiesce, serve.c). */
    ipc_log_error("%s: serving stopped: %s", scheme, mica_errno_name(r));
    return 1;
}

/* The parameters are read before the device is touched: a bad line leaves
 * the disk as it was. */
int vblk_main(uintptr_t arg)
{
    struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
    if (mica_server_params_read(arg, v, ipc_log_error) < 0)
        return 1;
    if (v[PARAM_QUEUE_DEPTH].number == 0) {
        ipc_log_error("queue-depth=0: a handle needs at least one request in flight (1..%u)",
                      VBLK_HANDLE_DEPTH_MAX);
        return 1;
    }
    server.queue_depth = (unsigned)v[PARAM_QUEUE_DEPTH].number;
    if (vblk_bring_up(&dev, DMA_BYTES, v[PARAM_SEGMENT_CAP].number * VBLK_SECTOR_SIZE) < 0)
        return 1;
    return serve((unsigned)v[PARAM_UNIT].number);
}
