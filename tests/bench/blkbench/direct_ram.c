/* The ramdisk's direct run inside blkbench: the ramdisk's engine
 * (servers/ramdisk/engine.h) compiled in, over storage of the disk's size
 * and a buffer of queue_depth slots of block_size bytes (slot i % depth for
 * request i), each request timed on its own: the most a memcpy-bound loop
 * can do, the ramdisk's device limit. A copy completes before the next
 * starts; queue depth only sets how many buffer slots rotate. */
#include "direct_ram.h"

#include <mica/cap.h>
#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/runtime.h>

#include "engine.h"

struct frames {
    uint8_t *va;
    uint64_t pages;
    long frame;
};

static long take(struct frames *f, uint64_t bytes)
{
    long err = 0;
    f->pages = (bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    f->va = ipc_frame_map_new(f->pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &f->frame, &err);
    return f->va ? 0 : (err ? err : -MICA_ENOMEM);
}

static void give_back(struct frames *f)
{
    if (f->va)
        ipc_frame_unmap(f->va, f->pages, f->frame);
    f->va = 0;
}

/* Inlined with a constant op, so the timed copy carries no test of it. */
static inline __attribute__((always_inline)) void
engine(uint8_t *storage, uint64_t device_bytes, uint8_t *buffer, const struct blk_direct_mix *mix,
       enum blk_opcode op, struct bench_samples *latencies, uint64_t *ticks, uint64_t *time)
{
    struct blk_direct_offsets offsets;
    blk_direct_offsets_init(&offsets, mix, device_bytes);
    uint64_t first_time = arch_rdtime(); /* outside the rdcycle span */
    uint64_t first = arch_rdcycle();
    for (uint32_t i = 0; i < mix->ops; i++) {
        /* The request's place found before the clock starts, as the
         * server has it (decoded) before it calls the engine. */
        uint8_t *at = storage + blk_direct_next_offset(&offsets);
        uint8_t *slot = buffer + (uint64_t)(i % mix->queue_depth) * mix->block_size;
        uint64_t start = arch_rdcycle();
        ramdisk_engine_io(at, op, 0, mix->block_size, slot);
        bench_add(latencies, arch_rdcycle() - start);
    }
    *ticks = arch_rdcycle() - first;
    *time = arch_rdtime() - first_time;
}

int direct_ram_run(const struct blk_device_limits *limits, const struct blk_direct_mix *mix,
                   struct blk_direct_result *out)
{
    uint64_t device_bytes = limits->block_count * limits->block_size;
    struct frames storage = { 0 }, buffer = { 0 }, samples = { 0 };
    long err = take(&storage, device_bytes);
    if (!err)
        err = take(&buffer, (uint64_t)mix->block_size * mix->queue_depth);
    if (!err)
        err = take(&samples, (uint64_t)mix->ops * sizeof(uint64_t));
    if (!err) {
        struct bench_samples latencies;
        struct bench_summary summary;
        uint64_t ticks = 0, time = 0;
        bench_samples_init(&latencies, (uint64_t *)(void *)samples.va, mix->ops);
        if (blk_direct_writes(mix))
            engine(storage.va, device_bytes, buffer.va, mix, BLK_OP_WRITE, &latencies, &ticks, &time);
        else
            engine(storage.va, device_bytes, buffer.va, mix, BLK_OP_READ, &latencies, &ticks, &time);
        if (latencies.overflowed || latencies.count != mix->ops || !bench_summarize(&latencies, &summary))
            err = -MICA_EPROTO;
        else
            *out = (struct blk_direct_result){
                .ops = mix->ops, .bytes = (uint64_t)mix->ops * mix->block_size, .ticks = ticks,
                .latency_min = summary.min, .latency_median = summary.median,
                .latency_p99 = summary.p99, .latency_max = summary.max, .time = time,
            };
    }
    give_back(&samples);
    give_back(&buffer);
    give_back(&storage);
    return (int)err;
}
