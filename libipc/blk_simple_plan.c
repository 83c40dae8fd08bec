/* The simple calls' decisions (blk_simple_plan.h). */
#include <mica/abi/caps.h>
#include <mica/blk_request_decode.h>

#include "blk_simple_plan.h"

enum blk_simple_way blk_simple_choose(const struct ipc_blk_simple *s, bool data_in_buffer,
                                      bool buffer_registered, uint64_t length)
{
    if (data_in_buffer)
        return BLK_SIMPLE_IN_PLACE;
    /* A window's data is copied once, by the kernel, between the caller's
     * memory and the server's (a memory disk's blocks, or a device's DMA
     * buffer): fewer copies than any way but in place, so it goes whenever
     * its requests are as long as the others' or one of them holds the
     * call, unless the call is so short a message costs less. */
    uint64_t window = s->device.window_max;
    if (window && length >= BLK_SIMPLE_WINDOW_MIN &&
        (window == s->device.max_transfer || length <= window))
        return BLK_SIMPLE_WINDOWS;
    /* Once it is there, the bounce buffer beats a message at every size:
     * a message's data is copied by the server, the kernel and the client,
     * the bounce buffer's by the server and the client only. */
    if (s->bounce)
        return BLK_SIMPLE_BOUNCE;
    /* A call one message carries does not make it: clients of small blocks
     * keep no buffer and pin nothing in the server. */
    if (length <= BLK_MSG_DATA_MAX || buffer_registered || s->bounce_refused)
        return BLK_SIMPLE_MESSAGES;
    return BLK_SIMPLE_MAKE_BOUNCE;
}

uint64_t blk_simple_piece(const struct blk_device_limits *device, enum blk_simple_way way,
                          uint64_t bounce_bytes)
{
    uint64_t piece = device->max_transfer;
    if (way == BLK_SIMPLE_MESSAGES && piece > BLK_MSG_DATA_MAX)
        piece = BLK_MSG_DATA_MAX;
    if (way == BLK_SIMPLE_WINDOWS && piece > device->window_max)
        piece = device->window_max;
    if ((way == BLK_SIMPLE_BOUNCE || way == BLK_SIMPLE_MAKE_BOUNCE) && piece > bounce_bytes)
        piece = bounce_bytes;
    return piece - piece % device->block_size;
}

int decode_blk_simple(const struct ipc_blk_simple *s, bool write, uint64_t offset, uint64_t length)
{
    struct blk_device_limits whole = s->device;
    /* Every length passes the size check: the call is cut into requests
     * the server takes; what is checked is what they add up to. */
    whole.max_transfer = UINT32_MAX - (UINT32_MAX % whole.block_size);
    const struct blk_handle_state handle = { .writable = s->writable, .buffer_bytes = length };
    const struct blk_wire_request wire = {
        .via = BLK_VIA_BUFFER,
        .opcode = write ? BLK_OP_WRITE : BLK_OP_READ,
        .position = offset,
        .length = length,
    };
    struct blk_request out;
    return decode_blk_request_inline(&whole, &handle, &wire, &out);
}

uint64_t blk_simple_bounce_pages(const struct blk_device_limits *device)
{
    uint64_t bytes = device->max_transfer;
    if (bytes > IPC_BLK_BOUNCE_MAX)
        bytes = IPC_BLK_BOUNCE_MAX;
    return (bytes + MICA_PAGE_SIZE - 1u) / MICA_PAGE_SIZE;
}

int blk_simple_learn(struct ipc_blk_simple *s, const struct blk_stat *stat, uint64_t window_max)
{
    /* The server's answer is checked like any other input: the pieces are
     * cut and divided by these. */
    uint32_t block = stat->block_size;
    if (block < BLK_BLOCK_SIZE_MIN || block > BLK_BLOCK_SIZE_MAX || (block & (block - 1u)) ||
        stat->max_transfer < block || stat->max_transfer % block ||
        window_max > stat->max_transfer || window_max % block)
        return -MICA_EPROTO;
    s->device.window_max = (uint32_t)window_max;
    s->device.block_size = stat->block_size;
    s->device.block_count = stat->size_bytes / stat->block_size;
    s->device.max_transfer = stat->max_transfer;
    s->device.read_only = (stat->flags & BLK_STAT_READ_ONLY) != 0;
    s->known = true;
    return 0;
}
