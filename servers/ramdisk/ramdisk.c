/* The ramdisk's storage and its one operation: a request is a copy between
 * the storage and wherever the framework put the request's data (the IPC
 * buffer, or the client's mapped buffer), done in one call (run). Everything
 * else -- handles, buffers, rings, replies -- is the framework's. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/rt_string.h>

#include "ramdisk.h"

/* The device's DMA, for a disk made of RAM (engine.h). */
static int run(void *driver, enum blk_opcode op, uint64_t lba, uint32_t length, uint8_t *data)
{
    ramdisk_engine_io(((struct ramdisk *)driver)->storage, op, lba, length, data);
    return 0;
}

static const struct blk_driver_ops ops = { .run = run };

int ramdisk_init(struct ramdisk *rd, const struct ramdisk_config *config, long endpoint)
{
    memset(rd, 0, sizeof *rd);
    if (config->size_bytes == 0 || config->size_bytes % MICA_PAGE_SIZE != 0)
        return -MICA_EINVAL;
    snprintf(rd->name, sizeof rd->name, "%s", config->name);
    long err;
    uint64_t pages = config->size_bytes / MICA_PAGE_SIZE;
    unsigned rw = MICA_RIGHT_READ | MICA_RIGHT_WRITE;
    /* Fresh frames are zeroed by the kernel: a new ramdisk reads as zeros. */
    rd->storage = config->storage
                      ? ipc_frame_map_copy(config->storage, pages, rw, &rd->storage_frame, &err)
                      : ipc_frame_map_new(pages, rw, &rd->storage_frame, &err);
    if (!rd->storage)
        return (int)err;
    struct blk_server_config c = {
        .name = rd->name,
        .model = "ramdisk",
        .limits = { .block_count = config->size_bytes / RAMDISK_BLOCK_SIZE,
                    .block_size = RAMDISK_BLOCK_SIZE,
                    .max_transfer = RAMDISK_MAX_TRANSFER,
                    .read_only = config->read_only },
        .queue_depth = RAMDISK_QUEUE_DEPTH,
        .buffer_max_bytes = RAMDISK_BUFFER_MAX_BYTES,
        .memory = rd->storage,
        .ring_workers = config->ring_workers,
        .worker_priority = config->worker_priority,
        .driver = rd,
        .ops = &ops,
    };
    return blk_server_init(&rd->server, &c, endpoint, 0);
}

int ramdisk_bind(struct ramdisk *rd, long thread)
{
    return blk_server_bind(&rd->server, thread);
}

int ramdisk_serve(struct ramdisk *rd, struct mica_ipc_buffer *ipc)
{
    return blk_server_run(&rd->server, ipc);
}
