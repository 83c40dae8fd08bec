/* decode_blk_request's checks, inline: a ring batch decodes one request per
 * submission, and with the path known at the call the compiler drops the
 * other paths' branches. decode_blk_request (blk_request.c) is this same
 * code out of line, for every other caller; there is one set of checks. */
#ifndef MICA_BLK_REQUEST_DECODE_H
#define MICA_BLK_REQUEST_DECODE_H

#include <mica/abi/errno.h>
#include <mica/blk_request.h>

static inline int blk_decode_flush(const struct blk_wire_request *wire, struct blk_request *out)
{
    if (wire->position != 0 || wire->length != 0 || wire->buffer_offset != 0)
        return -MICA_EINVAL;
    out->lba = 0;
    out->blocks = 0;
    out->length = 0;
    out->buffer_offset = 0;
    return 0;
}

/* Position and length to blocks, overflow-safe: nothing here multiplies a
 * client value, so no wrap can make an out-of-range request look valid. */
static inline int blk_decode_range(const struct blk_device_limits *device, const struct blk_wire_request *wire,
                        struct blk_request *out)
{
    uint64_t mask = device->block_size - 1u;
    uint64_t limit = device->max_transfer;
    uint64_t lba, blocks;

    if (wire->length == 0 || (wire->length & mask) != 0)
        return -MICA_EINVAL;
    if (wire->via == BLK_VIA_RING) {
        lba = wire->position;
    } else {
        if ((wire->position & mask) != 0)
            return -MICA_EINVAL;
        lba = wire->position / device->block_size;
    }
    if (wire->via == BLK_VIA_MESSAGE && limit > BLK_MSG_DATA_MAX)
        limit = BLK_MSG_DATA_MAX;
    if (wire->via == BLK_VIA_WINDOW) {
        if (device->window_max == 0)
            return -MICA_ENOSYS; /* a server that takes no windows */
        limit = device->window_max;
    }
    if (wire->length > limit)
        return -MICA_E2BIG;
    blocks = wire->length / device->block_size;
    if (lba >= device->block_count || blocks > device->block_count - lba)
        return -MICA_ENXIO;
    out->lba = lba;
    out->blocks = (uint32_t)blocks;
    out->length = (uint32_t)wire->length;
    return 0;
}

static inline int blk_decode_buffer(const struct blk_handle_state *handle, const struct blk_wire_request *wire,
                         struct blk_request *out)
{
    if (wire->via == BLK_VIA_MESSAGE || wire->via == BLK_VIA_WINDOW) {
        out->buffer_offset = 0;
        return 0;
    }
    /* Subtraction, never offset + length, so a huge offset cannot wrap. */
    if (wire->buffer_offset > handle->buffer_bytes ||
        wire->length > handle->buffer_bytes - wire->buffer_offset)
        return -MICA_EFAULT;
    out->buffer_offset = wire->buffer_offset;
    return 0;
}

static inline __attribute__((always_inline)) int decode_blk_request_inline(const struct blk_device_limits *device,
                                            const struct blk_handle_state *handle,
                                            const struct blk_wire_request *wire,
                                            struct blk_request *out)
{
    int err;

    if (wire->opcode != BLK_OP_READ && wire->opcode != BLK_OP_WRITE && wire->opcode != BLK_OP_FLUSH)
        return -MICA_ENOSYS;
    if ((wire->flags & ~BLK_SUBMIT_KNOWN_FLAGS) != 0 || wire->reserved != 0 || wire->short_message)
        return -MICA_EINVAL;
    if (wire->opcode != BLK_OP_READ && !handle->writable)
        return -MICA_EBADF;
    if (wire->opcode == BLK_OP_WRITE && device->read_only)
        return -MICA_EROFS;

    out->via = wire->via;
    out->op = (enum blk_opcode)wire->opcode;
    out->flags = wire->flags;
    out->request_id = wire->request_id;
    if (wire->opcode == BLK_OP_FLUSH)
        return blk_decode_flush(wire, out);
    err = blk_decode_range(device, wire, out);
    if (err != 0)
        return err;
    err = blk_decode_buffer(handle, wire, out);
    if (err != 0)
        return err;
    if (wire->via == BLK_VIA_MESSAGE && wire->opcode == BLK_OP_WRITE &&
        wire->length > wire->message_data_bytes)
        return -MICA_EINVAL;
    return 0;
}

#endif
