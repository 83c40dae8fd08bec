/* The direct run, blkbench's device-limit baseline: a request mix run on a
 * driver's engine linked into a bench program, with no IPC per request (the
 * ramdisk's copy inside blkbench; virtio-blk's device engine in the bench
 * program tests/bench/vblkdirect, which owns a disk of its own and answers
 * BLK_DIRECT_LABEL). Not part of the block protocol: no block server knows
 * it. This header is what the runners and blkbench share: the mix, the
 * result, the one check of a mix (decode_blk_direct_mix), the order of the
 * mix's offsets, and the words of the bench program's call. */
#ifndef MICA_BLK_DIRECT_H
#define MICA_BLK_DIRECT_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_protocol.h>
#include <mica/blk_request.h>

/* The bench program's one call: a mix in, what it measured out. Words:
 * pattern (BLK_DIRECT_READ..RANDWRITE), bytes per request, requests in
 * flight, requests in the run, seed of the random offsets. Reply: status,
 * requests done, bytes moved, counter ticks of the whole run, then request
 * latency min, median, p99 and max in ticks (rdcycle: instructions under
 * QEMU -icount shift=0, cycles on hardware), then the whole run's rdtime
 * ticks (the timebase: a wall clock where rdcycle's rate is unknown, as in
 * QEMU without -icount). */
#define BLK_DIRECT_LABEL (BLK_LABEL_BASE + 0x40u)
#define BLK_DIRECT_W_PATTERN 0u
#define BLK_DIRECT_W_BLOCK_SIZE 1u
#define BLK_DIRECT_W_QUEUE_DEPTH 2u
#define BLK_DIRECT_W_OPS 3u
#define BLK_DIRECT_W_SEED 4u
#define BLK_DIRECT_WORDS 5u
#define BLK_DIRECT_REPLY_W_OPS 1u
#define BLK_DIRECT_REPLY_W_BYTES 2u
#define BLK_DIRECT_REPLY_W_TICKS 3u
#define BLK_DIRECT_REPLY_W_LATENCY_MIN 4u
#define BLK_DIRECT_REPLY_W_LATENCY_MEDIAN 5u
#define BLK_DIRECT_REPLY_W_LATENCY_P99 6u
#define BLK_DIRECT_REPLY_W_LATENCY_MAX 7u
#define BLK_DIRECT_REPLY_W_TIME 8u
#define BLK_DIRECT_REPLY_WORDS 9u
_Static_assert(BLK_DIRECT_LABEL >= BLK_LABEL(BLK_MSG_COUNT), "no block message has the label");
_Static_assert(BLK_DIRECT_LABEL <= MICA_MSGINFO_LABEL_MAX, "the label fits the info word");
_Static_assert(BLK_DIRECT_REPLY_WORDS <= MICA_MSG_MAX_WORDS, "the reply fits");

enum blk_direct_pattern {
    BLK_DIRECT_READ = 0,      /* sequential reads from offset 0, wrapping at the end */
    BLK_DIRECT_WRITE = 1,     /* sequential writes, the same way */
    BLK_DIRECT_RANDREAD = 2,  /* reads at block-size-aligned offsets drawn from the seed */
    BLK_DIRECT_RANDWRITE = 3, /* writes, the same way */
};
#define BLK_DIRECT_PATTERN_COUNT 4u

/* What every server accepts. A server keeps block_size x queue_depth bytes
 * of buffers (and 8 bytes of latency sample per request) only while a run
 * lasts, so these bound what one request can make it allocate. */
#define BLK_DIRECT_BLOCK_MAX (1024u * 1024u) /* bytes per request */
#define BLK_DIRECT_QUEUE_DEPTH_MAX 64u
#define BLK_DIRECT_SPAN_MAX (1024u * 1024u)  /* block_size x queue_depth */
#define BLK_DIRECT_OPS_MAX 65536u

struct blk_direct_mix {
    uint32_t pattern;     /* enum blk_direct_pattern */
    uint32_t block_size;  /* bytes per request: a multiple of the device's block size */
    uint32_t queue_depth; /* requests kept in flight */
    uint32_t ops;         /* requests in the run */
    uint64_t seed;        /* of the random offsets (0 counts as 1); unused by sequential ones */
};

/* Counter ticks are rdcycle's: instructions under QEMU -icount shift=0,
 * cycles on hardware. */
struct blk_direct_result {
    uint64_t ops;   /* requests completed (= the mix's ops on success) */
    uint64_t bytes; /* bytes moved */
    uint64_t ticks; /* from the first request's start to the last one's completion */
    uint64_t latency_min, latency_median, latency_p99, latency_max; /* per request */
    uint64_t time;  /* rdtime ticks around the same span */
};

/* "read", "write", "randread", "randwrite"; "?" for anything else. */
static inline const char *blk_direct_pattern_name(uint32_t pattern)
{
    static const char *const names[BLK_DIRECT_PATTERN_COUNT] = {
        "read", "write", "randread", "randwrite",
    };
    return pattern < BLK_DIRECT_PATTERN_COUNT ? names[pattern] : "?";
}

static inline bool blk_direct_writes(const struct blk_direct_mix *mix)
{
    return mix->pattern == BLK_DIRECT_WRITE || mix->pattern == BLK_DIRECT_RANDWRITE;
}

/* The one check of a mix (info and its BLK_DIRECT_WORDS words, registers
 * then IPC buffer), in this order: fewer words than the layout
 * -MICA_EINVAL; a write pattern where the runner may not write
 * -MICA_EBADF, on a read-only device -MICA_EROFS; an unknown pattern, a block
 * size that is 0, not a multiple of the device's, above BLK_DIRECT_BLOCK_MAX
 * or above the device's size, a queue depth outside 1..BLK_DIRECT_QUEUE_DEPTH_MAX,
 * block size x queue depth above BLK_DIRECT_SPAN_MAX, or an op count outside
 * 1..BLK_DIRECT_OPS_MAX: -MICA_EINVAL. 0 and *out otherwise. */
int decode_blk_direct_mix(const struct blk_device_limits *device, const struct blk_handle_state *handle,
                          uint64_t info, const uint64_t words[BLK_DIRECT_WORDS],
                          struct blk_direct_mix *out);

/* The byte offsets of a mix's requests, in order: sequential ones step by
 * the block size from 0 and wrap before passing the device's end; random
 * ones are xorshift64* draws modulo the number of whole blocks of that size. */
struct blk_direct_offsets {
    bool random;
    uint32_t block_size;
    uint64_t slots; /* whole blocks of block_size on the device */
    uint64_t next;  /* sequential: the next slot */
    uint64_t state; /* random: the generator */
};
void blk_direct_offsets_init(struct blk_direct_offsets *o, const struct blk_direct_mix *mix,
                             uint64_t device_bytes);
uint64_t blk_direct_next_offset(struct blk_direct_offsets *o);

/* The reply after status 0: words BLK_DIRECT_REPLY_W_OPS..BLK_DIRECT_REPLY_WORDS-1
 * (words[0], the status, is left alone). Inline: the client side needs no
 * more of libipc/blk/ than this. */
static inline void blk_direct_result_to_words(const struct blk_direct_result *r,
                                              uint64_t words[BLK_DIRECT_REPLY_WORDS])
{
    words[BLK_DIRECT_REPLY_W_OPS] = r->ops;
    words[BLK_DIRECT_REPLY_W_BYTES] = r->bytes;
    words[BLK_DIRECT_REPLY_W_TICKS] = r->ticks;
    words[BLK_DIRECT_REPLY_W_LATENCY_MIN] = r->latency_min;
    words[BLK_DIRECT_REPLY_W_LATENCY_MEDIAN] = r->latency_median;
    words[BLK_DIRECT_REPLY_W_LATENCY_P99] = r->latency_p99;
    words[BLK_DIRECT_REPLY_W_LATENCY_MAX] = r->latency_max;
    words[BLK_DIRECT_REPLY_W_TIME] = r->time;
}

static inline void blk_direct_result_from_words(const uint64_t words[BLK_DIRECT_REPLY_WORDS],
                                                struct blk_direct_result *r)
{
    *r = (struct blk_direct_result){
        .ops = words[BLK_DIRECT_REPLY_W_OPS],
        .bytes = words[BLK_DIRECT_REPLY_W_BYTES],
        .ticks = words[BLK_DIRECT_REPLY_W_TICKS],
        .latency_min = words[BLK_DIRECT_REPLY_W_LATENCY_MIN],
        .latency_median = words[BLK_DIRECT_REPLY_W_LATENCY_MEDIAN],
        .latency_p99 = words[BLK_DIRECT_REPLY_W_LATENCY_P99],
        .latency_max = words[BLK_DIRECT_REPLY_W_LATENCY_MAX],
        .time = words[BLK_DIRECT_REPLY_W_TIME],
    };
}

#endif
