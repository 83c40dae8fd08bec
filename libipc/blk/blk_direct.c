/* The direct run's shared rules (mica/blk_direct.h): the check of a mix and
 * the offsets it visits, so every runner runs the same mix for the same
 * words. */
#include <mica/blk_direct.h>
#include <mica/abi/errno.h>

int decode_blk_direct_mix(const struct blk_device_limits *device, const struct blk_handle_state *handle,
                          uint64_t info, const uint64_t words[BLK_DIRECT_WORDS],
                          struct blk_direct_mix *out)
{
    if (MICA_MSGINFO_WORDS(info) < BLK_DIRECT_WORDS)
        return -MICA_EINVAL;
    uint64_t pattern = words[BLK_DIRECT_W_PATTERN], size = words[BLK_DIRECT_W_BLOCK_SIZE];
    uint64_t depth = words[BLK_DIRECT_W_QUEUE_DEPTH], ops = words[BLK_DIRECT_W_OPS];
    bool writes = pattern == BLK_DIRECT_WRITE || pattern == BLK_DIRECT_RANDWRITE;
    if (writes && !handle->writable)
        return -MICA_EBADF;
    if (writes && device->read_only)
        return -MICA_EROFS;
    uint64_t device_bytes = device->block_count * device->block_size;
    if (pattern >= BLK_DIRECT_PATTERN_COUNT || size == 0 || size % device->block_size != 0 ||
        size > BLK_DIRECT_BLOCK_MAX || size > device_bytes)
        return -MICA_EINVAL;
    /* Bounded before multiplying, so the product cannot wrap. */
    if (depth == 0 || depth > BLK_DIRECT_QUEUE_DEPTH_MAX || size * depth > BLK_DIRECT_SPAN_MAX)
        return -MICA_EINVAL;
    if (ops == 0 || ops > BLK_DIRECT_OPS_MAX)
        return -MICA_EINVAL;
    *out = (struct blk_direct_mix){ .pattern = (uint32_t)pattern, .block_size = (uint32_t)size,
                                    .queue_depth = (uint32_t)depth, .ops = (uint32_t)ops,
                                    .seed = words[BLK_DIRECT_W_SEED] };
    return 0;
}

void blk_direct_offsets_init(struct blk_direct_offsets *o, const struct blk_direct_mix *mix,
                             uint64_t device_bytes)
{
    *o = (struct blk_direct_offsets){
        .random = mix->pattern == BLK_DIRECT_RANDREAD || mix->pattern == BLK_DIRECT_RANDWRITE,
        .block_size = mix->block_size,
        .slots = device_bytes / mix->block_size,
        .state = mix->seed ? mix->seed : 1u, /* xorshift never leaves 0 */
    };
}

uint64_t blk_direct_next_offset(struct blk_direct_offsets *o)
{
    uint64_t slot;
    if (o->random) {
        o->state ^= o->state >> 12;
        o->state ^= o->state << 25;
        o->state ^= o->state >> 27;
        slot = (o->state * 0x2545F4914F6CDD1Dull) % o->slots;
    } else {
        slot = o->next;
        o->next = o->next + 1 == o->slots ? 0 : o->next + 1;
    }
    return slot * o->block_size;
}
