/* schemetest arg 16: DIRECT_RUN on virtio-blk's disk.vblk0: and the
 * ramdisk's disk.ram0:. Every pattern runs and its reply must be sane (all
 * requests done, every byte counted, ticks, min <= median <= p99 <= max <=
 * the whole run); bad mixes, a short message and a write pattern on a
 * read-only handle are refused. The host checks which blocks of the virtio
 * disk the write patterns overwrote (tests/system/test_direct_run.py). */
#include <mica/blk_client.h>
#include <mica/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>

#include "schemetest.h"

/* The host test knows these: its disk image has the write patterns'
 * blocks zeroed (a run's buffers are fresh, zeroed frames) and nothing else. */
static const struct blk_direct_mix mixes[] = {
    { .pattern = BLK_DIRECT_READ, .block_size = 4096, .queue_depth = 1, .ops = 200 },
    { .pattern = BLK_DIRECT_RANDREAD, .block_size = 4096, .queue_depth = 8, .ops = 200, .seed = 7 },
    { .pattern = BLK_DIRECT_WRITE, .block_size = 4096, .queue_depth = 4, .ops = 200 },
    { .pattern = BLK_DIRECT_RANDWRITE, .block_size = 8192, .queue_depth = 8, .ops = 100, .seed = 11 },
};

static int sane(const struct blk_direct_mix *mix, const struct blk_direct_result *out)
{
    return out->ops == mix->ops && out->bytes == (uint64_t)mix->ops * mix->block_size &&
           out->ticks > 0 && out->latency_min > 0 && out->latency_min <= out->latency_median &&
           out->latency_median <= out->latency_p99 && out->latency_p99 <= out->latency_max &&
           out->latency_max <= out->ticks;
}

static void run_every_pattern(struct ipc_blk_handle *h, const char *disk)
{
    for (unsigned i = 0; i < sizeof mixes / sizeof mixes[0]; i++) {
        const struct blk_direct_mix *mix = &mixes[i];
        struct blk_direct_result out = { 0 };
        int r = ipc_blk_direct_run(h, mix, &out);
        check(r == 0 && sane(mix, &out), blk_direct_pattern_name(mix->pattern),
              "the run failed or its figures are not sane", r);
        ipc_log_info("%s %s: %u bytes depth %u: %llu requests, %llu bytes, %llu ticks, latency "
                     "min %llu median %llu p99 %llu max %llu",
                     disk, blk_direct_pattern_name(mix->pattern), mix->block_size, mix->queue_depth,
                     (unsigned long long)out.ops, (unsigned long long)out.bytes,
                     (unsigned long long)out.ticks, (unsigned long long)out.latency_min,
                     (unsigned long long)out.latency_median, (unsigned long long)out.latency_p99,
                     (unsigned long long)out.latency_max);
    }
}

static void refusals(struct ipc_blk_handle *h)
{
    const struct blk_direct_mix good = { BLK_DIRECT_READ, 4096, 2, 10, 0 };
    struct blk_direct_mix bad[] = { good, good, good, good, good, good, good, good, good };
    bad[0].pattern = BLK_DIRECT_PATTERN_COUNT;
    bad[1].block_size = 0;
    bad[2].block_size = 100; /* not whole blocks */
    bad[3].block_size = BLK_DIRECT_BLOCK_MAX * 2;
    bad[4].queue_depth = 0;
    bad[5].queue_depth = BLK_DIRECT_QUEUE_DEPTH_MAX + 1;
    bad[6].block_size = 64 * 1024; /* 64 KiB x 32 passes BLK_DIRECT_SPAN_MAX */
    bad[6].queue_depth = 32;
    bad[7].ops = 0;
    bad[8].ops = BLK_DIRECT_OPS_MAX + 1;
    unsigned refused = 0;
    int last = 0;
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct blk_direct_result out = { .ops = 12345 };
        int r = ipc_blk_direct_run(h, &bad[i], &out);
        if (r == -MICA_EINVAL && out.ops == 12345)
            refused++;
        else
            last = r;
    }
    check(refused == sizeof bad / sizeof bad[0], "direct_bad_mix", "a bad mix was not EINVAL",
          last);
    /* Four words: the seed (word 4) is missing. */
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_DIRECT_RUN), 4, 0),
                                BLK_DIRECT_READ, 4096, 1, 1);
    long status = m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
    check(status == -MICA_EINVAL, "direct_short_message", "not EINVAL", status);
}

static void read_only_handle(const char *disk)
{
    struct ipc_blk_handle h;
    int r = scheme_open_waiting(&h, disk, BLK_OPEN_READ);
    check(r == 0, "direct_open_read", "opening for READ failed", r);
    if (r < 0)
        return;
    struct blk_direct_result out;
    struct blk_direct_mix mix = mixes[3];
    r = ipc_blk_direct_run(&h, &mix, &out);
    check(r == -MICA_EBADF, "direct_write_needs_write", "a write pattern was not EBADF", r);
    mix = mixes[1];
    r = ipc_blk_direct_run(&h, &mix, &out);
    check(r == 0 && sane(&mix, &out), "direct_read_on_read_handle", "a read run failed", r);
    ipc_blk_close(&h);
}

static void direct_on(const char *disk)
{
    struct ipc_blk_handle h;
    int r = scheme_open_waiting(&h, disk, BLK_OPEN_READ | BLK_OPEN_WRITE);
    check(r == 0, "direct_open", "opening for READ and WRITE failed", r);
    if (r < 0)
        return;
    ipc_log_info("%s direct runs", disk);
    run_every_pattern(&h, disk);
    refusals(&h);
    ipc_blk_close(&h);
    read_only_handle(disk);
}

void direct_runs(void)
{
    direct_on("disk.vblk0:");
    direct_on("disk.ram0:");
}
