/* vblkdirect's loop: each call is a mix, checked (decode_blk_direct_mix),
 * run on the engine with storage for one latency sample per request,
 * summarised (min/median/p99/max) and answered. A run goes to its end
 * before the next receive. */
#include <mica/blk_reply.h>
#include <mica/cap.h>
#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>

#include "vblkdirect.h"

/* The engine's run with sample storage of its own, freed after. */
static int measure(struct vblk_dev *d, const struct blk_direct_mix *mix,
                   struct blk_direct_result *out)
{
    uint64_t pages = ((uint64_t)mix->ops * sizeof(uint64_t) + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long frame, err;
    uint64_t *storage = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    if (!storage)
        return (int)err;
    struct bench_samples latencies;
    bench_samples_init(&latencies, storage, mix->ops);
    uint64_t ticks = 0, time = 0;
    int r = direct_engine_run(d, mix, &latencies, &ticks, &time);
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
            .time = time,
        };
    ipc_frame_unmap(storage, pages, frame);
    return r;
}

static void run(struct vblk_dev *d, const struct ipc_msg *m, struct mica_ipc_buffer *ipc,
                struct blk_reply *r)
{
    uint64_t words[BLK_DIRECT_WORDS];
    for (unsigned i = 0; i < BLK_DIRECT_WORDS; i++)
        words[i] = ipc_msg_word(m, i); /* 0 past what the message carried */
    const struct blk_device_limits limits = {
        .block_count = d->capacity / (d->blk_size / VBLK_SECTOR_SIZE),
        .block_size = d->blk_size,
        .read_only = d->read_only,
    };
    /* The disk is this program's own: it may write wherever the device lets it. */
    const struct blk_handle_state writer = { .writable = true };
    struct blk_direct_mix mix;
    struct blk_direct_result result = { 0 };
    int err = decode_blk_direct_mix(&limits, &writer, m->info, words, &mix);
    if (!err)
        err = measure(d, &mix, &result);
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

int direct_serve(struct vblk_dev *d, long endpoint)
{
    struct mica_ipc_buffer *ipc = (struct mica_ipc_buffer *)MICA_PROC_IPC_BUFFER_VADDR;
    struct ipc_msg m = ipc_recv(endpoint);
    for (;;) {
        if (m.badge < 0)
            return (int)m.badge;
        if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION) {
            /* The interrupt's notification is bound to this thread, so an
             * interrupt that came after a run had reaped everything by
             * polling arrives here. The kernel keeps the line masked until
             * it is acknowledged: unanswered, the next run's sleep would
             * never wake (its request done, the device's interrupt pending
             * behind the mask). Nobody to reply to. */
            if ((uint64_t)m.badge & VBLK_IRQ_BADGE)
                vblk_interrupt_ack(d);
            m = ipc_recv(endpoint);
            continue;
        }
        struct blk_reply r = BLK_REPLY_OK;
        if (MICA_MSGINFO_LABEL(m.info) == BLK_DIRECT_LABEL)
            run(d, &m, ipc, &r);
        else
            blk_reply_error(&r, -MICA_ENOSYS);
        m = ipc_reply_recv(endpoint, MICA_MSGINFO(0, r.words, 0), r.w[0], r.w[1], r.w[2], r.w[3]);
    }
}
