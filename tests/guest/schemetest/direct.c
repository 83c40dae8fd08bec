/* schemetest arg 16: direct runs of the bench program vblkdirect
 * (direct.vblk0, on virtio-blk's engine). Every pattern runs and its reply
 * must be sane (all requests done, every byte counted, ticks, min <= median
 * <= p99 <= max <= the whole run); bad mixes, a short message and an
 * unknown label are refused. The host checks which blocks of the disk the
 * write patterns overwrote (tests/system/test_direct_run.py). */
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>

#include "direct_call.h"
#include "schemetest.h"

#define NAME "direct.vblk0"
/* How long the bench program may take to register its name. */
#define LOOKUP_WAIT_TICKS 50000000u

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

static void run_every_pattern(long ep)
{
    for (unsigned i = 0; i < sizeof mixes / sizeof mixes[0]; i++) {
        const struct blk_direct_mix *mix = &mixes[i];
        struct blk_direct_result out = { 0 };
        int r = direct_call(ep, mix, &out);
        check(r == 0 && sane(mix, &out), blk_direct_pattern_name(mix->pattern),
              "the run failed or its figures are not sane", r);
        ipc_log_info("%s %s: %u bytes depth %u: %llu requests, %llu bytes, %llu ticks, latency "
                     "min %llu median %llu p99 %llu max %llu",
                     NAME, blk_direct_pattern_name(mix->pattern), mix->block_size, mix->queue_depth,
                     (unsigned long long)out.ops, (unsigned long long)out.bytes,
                     (unsigned long long)out.ticks, (unsigned long long)out.latency_min,
                     (unsigned long long)out.latency_median, (unsigned long long)out.latency_p99,
                     (unsigned long long)out.latency_max);
    }
}

static void refusals(long ep)
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
        int r = direct_call(ep, &bad[i], &out);
        if (r == -MICA_EINVAL && out.ops == 12345)
            refused++;
        else
            last = r;
    }
    check(refused == sizeof bad / sizeof bad[0], "direct_bad_mix", "a bad mix was not EINVAL",
          last);
    /* Four words: the seed (word 4) is missing. */
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(BLK_DIRECT_LABEL, 4, 0), BLK_DIRECT_READ, 4096, 1, 1);
    long status = m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
    check(status == -MICA_EINVAL, "direct_short_message", "not EINVAL", status);
    /* It speaks nothing of the block protocol. */
    m = ipc_call(ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSTAT), 0, 0), 0, 0, 0, 0);
    status = m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
    check(status == -MICA_ENOSYS, "direct_other_label", "not ENOSYS", status);
}

void direct_runs(void)
{
    uint64_t start = arch_rdtime();
    long ep;
    while ((ep = direct_lookup(NAME)) == -MICA_ENOENT && arch_rdtime() - start < LOOKUP_WAIT_TICKS)
        mica_sys_thread_yield();
    check(ep >= 0, "direct_lookup", "no " NAME, ep);
    if (ep < 0)
        return;
    ipc_log_info("%s direct runs", NAME);
    run_every_pattern(ep);
    refusals(ep);
    direct_forget(ep);
}
