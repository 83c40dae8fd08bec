/* DIRECT_RUN's server side apart from the device: check, sample storage,
 * summary, reply (mica/blk_server_direct.h). */
#include <mica/blk_server_direct.h>
#include <mica/cap.h>
#include <mica/caps.h>
#include <mica/errno.h>
#include <mica/log.h>

/* The engine's run with sample storage of its own, freed after. */
static int measure(const struct blk_direct_mix *mix, blk_direct_engine engine, void *device,
                   struct blk_direct_result *out)
{
    uint64_t pages = ((uint64_t)mix->ops * sizeof(uint64_t) + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long frame, err;
    uint64_t *storage = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    if (!storage)
        return (int)err;
    struct bench_samples latencies;
    bench_samples_init(&latencies, storage, mix->ops);
    uint64_t ticks = 0;
    int r = engine(device, mix, &latencies, &ticks);
    struct bench_summary summary;
    if (r == 0 && (latencies.overflowed || latencies.count != mix->ops ||
                   !bench_summarize(&latencies, &summary)))
        r = -MICA_EPROTO; /* an engine that did not time every request */
    if (r == 0)
        *out = (struct blk_direct_result){
            .ops = mix->ops,
            .bytes = (uint64_t)mix->ops * mix->block_size,
            .ticks = ticks,
            .latency_min = summary.min,
            .latency_median = summary.median,
            .latency_p99 = summary.p99,
            .latency_max = summary.max,
        };
    ipc_frame_unmap(storage, pages, frame);
    return r;
}

void blk_serve_direct_run(const struct blk_device_limits *limits,
                          const struct blk_handle_state *handle, const struct ipc_msg *m,
                          struct mica_ipc_buffer *ipc, struct blk_reply *r,
                          blk_direct_engine engine, void *device)
{
    uint64_t words[BLK_DIRECT_WORDS];
    for (unsigned i = 0; i < BLK_DIRECT_WORDS; i++)
        words[i] = ipc_msg_word(m, i); /* 0 past what the message carried */
    struct blk_direct_mix mix;
    struct blk_direct_result result = { 0 };
    int err = decode_blk_direct_mix(limits, handle, m->info, words, &mix);
    if (!err)
        err = measure(&mix, engine, device, &result);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    ipc_log_info("direct run: %s, %u bytes, depth %u, %u requests: %llu ticks, latency median %llu",
                 blk_direct_pattern_name(mix.pattern), mix.block_size, mix.queue_depth, mix.ops,
                 (unsigned long long)result.ticks, (unsigned long long)result.latency_median);
    uint64_t reply[BLK_DIRECT_REPLY_WORDS];
    blk_direct_result_to_words(&result, reply);
    for (unsigned i = BLK_DIRECT_REPLY_W_OPS; i < BLK_DIRECT_REPLY_WORDS; i++)
        blk_reply_word(ipc, r, i, reply[i]);
}
