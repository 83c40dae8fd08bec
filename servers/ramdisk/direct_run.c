/* DIRECT_RUN on the ramdisk: its "device" is memory, so the mix runs as
 * memcpy between the storage and a private buffer of queue_depth slots of
 * block_size bytes (slot i % depth for request i), each request timed on
 * its own: the most a memcpy-bound loop can do, the ramdisk's device limit.
 * A copy completes before the next starts; queue depth only sets how many
 * buffer slots rotate. */
#include <mica/blk_server_direct.h>
#include <mica/cap.h>
#include <mica/caps.h>
#include <mica/rt_string.h>
#include <mica/runtime.h>

#include "ramdisk.h"

int ramdisk_direct_engine(void *device, const struct blk_direct_mix *mix,
                          struct bench_samples *latencies, uint64_t *ticks)
{
    struct ramdisk *rd = device;
    uint64_t span = (uint64_t)mix->block_size * mix->queue_depth;
    uint64_t pages = (span + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long frame, err;
    uint8_t *buffer = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    if (!buffer)
        return (int)err;
    struct blk_direct_offsets offsets;
    blk_direct_offsets_init(&offsets, mix, rd->server.c.limits.block_count * RAMDISK_BLOCK_SIZE);
    bool writes = blk_direct_writes(mix);
    uint64_t first = arch_rdcycle();
    for (uint32_t i = 0; i < mix->ops; i++) {
        uint8_t *disk = rd->storage + blk_direct_next_offset(&offsets);
        uint8_t *slot = buffer + (uint64_t)(i % mix->queue_depth) * mix->block_size;
        uint64_t start = arch_rdcycle();
        if (writes)
            memcpy(disk, slot, mix->block_size);
        else
            memcpy(slot, disk, mix->block_size);
        bench_add(latencies, arch_rdcycle() - start);
    }
    *ticks = arch_rdcycle() - first;
    ipc_frame_unmap(buffer, pages, frame);
    return 0;
}
