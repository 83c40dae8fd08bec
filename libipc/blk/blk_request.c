/* decode_blk_request: every check on a client's block request, in one place
 * and one documented order, so each server rejects the same requests with the
 * same codes and nothing behind this boundary needs to re-check. */

#include <mica/blk_request.h>
#include <mica/abi/errno.h>

/* Larger than any enum blk_opcode: how a non-I/O label reaches the decoder. */
#define BLK_OPCODE_NONE 0xffffffffu

static int decode_flush(const struct blk_wire_request *wire, struct blk_request *out)
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
static int decode_range(const struct blk_device_limits *device, const struct blk_wire_request *wire,
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

static int decode_buffer(const struct blk_handle_state *handle, const struct blk_wire_request *wire,
                         struct blk_request *out)
{
    if (wire->via == BLK_VIA_MESSAGE) {
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

int decode_blk_request(const struct blk_device_limits *device, const struct blk_handle_state *handle,
                       const struct blk_wire_request *wire, struct blk_request *out)
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
        return decode_flush(wire, out);
    err = decode_range(device, wire, out);
    if (err != 0)
        return err;
    err = decode_buffer(handle, wire, out);
    if (err != 0)
        return err;
    if (wire->via == BLK_VIA_MESSAGE && wire->opcode == BLK_OP_WRITE &&
        wire->length > wire->message_data_bytes)
        return -MICA_EINVAL;
    return 0;
}

/* Request words and caps each message's layout names (BLK_MSG_LIST), by
 * message number; none for labels that are not block messages. A table,
 * not a chain of compares: every message-path request looks its label up. */
struct layout {
    unsigned words, caps;
};

static const struct layout layouts[BLK_MSG_COUNT] = {
#define BLK_MSG_LAYOUT(name, number, words, caps) [BLK_MSG_##name] = { words, caps },
    BLK_MSG_LIST(BLK_MSG_LAYOUT)
#undef BLK_MSG_LAYOUT
};

static struct layout layout_of(uint64_t label)
{
    uint64_t msg = label - BLK_LABEL_BASE; /* wraps far beyond the table below the base */
    return msg < BLK_MSG_COUNT ? layouts[msg] : (struct layout){ 0, 0 };
}

bool blk_message_short(uint64_t info, enum blk_msg msg)
{
    struct layout need = layout_of(BLK_LABEL(msg));
    return MICA_MSGINFO_WORDS(info) < need.words || MICA_MSGINFO_CAPS(info) < need.caps;
}

int decode_blk_open(const struct blk_device_limits *device, uint64_t info,
                    const uint64_t words[MICA_MSG_REG_WORDS], bool *writable)
{
    uint64_t flags = words[BLK_OPEN_W_FLAGS], length = words[BLK_OPEN_W_PATH_LEN];
    unsigned carried = MICA_MSGINFO_WORDS(info);
    uint64_t bytes = carried > BLK_MSG_DATA_WORD ? (uint64_t)(carried - BLK_MSG_DATA_WORD) * 8u : 0;
    if (blk_message_short(info, BLK_MSG_OPEN) || (flags & ~(uint64_t)BLK_OPEN_KNOWN_FLAGS) ||
        length > BLK_PATH_MAX || length > bytes)
        return -MICA_EINVAL;
    *writable = (flags & BLK_OPEN_WRITE) != 0;
    if (*writable && device->read_only)
        return -MICA_EACCES;
    return 0;
}

void blk_wire_from_message(uint64_t info, const uint64_t words[MICA_MSG_REG_WORDS],
                           struct blk_wire_request *wire)
{
    uint64_t label = MICA_MSGINFO_LABEL(info);
    unsigned carried = MICA_MSGINFO_WORDS(info);

    wire->short_message = carried < layout_of(label).words;
    wire->message_data_bytes =
        carried > BLK_MSG_DATA_WORD ? (uint64_t)(carried - BLK_MSG_DATA_WORD) * 8u : 0;
    wire->via = BLK_VIA_MESSAGE;
    wire->request_id = 0;
    wire->flags = 0;
    wire->reserved = 0;
    wire->position = words[BLK_RW_W_OFFSET];
    wire->length = words[BLK_RW_W_LENGTH];
    wire->buffer_offset = 0;
    switch (label) {
    case BLK_LABEL(BLK_MSG_READ):
        wire->opcode = BLK_OP_READ;
        break;
    case BLK_LABEL(BLK_MSG_WRITE):
        wire->opcode = BLK_OP_WRITE;
        break;
    case BLK_LABEL(BLK_MSG_FSYNC):
        wire->opcode = BLK_OP_FLUSH;
        wire->position = 0;
        wire->length = 0;
        break;
    case BLK_LABEL(BLK_MSG_READ_BUFFER):
    case BLK_LABEL(BLK_MSG_WRITE_BUFFER):
        wire->via = BLK_VIA_BUFFER;
        wire->opcode = label == BLK_LABEL(BLK_MSG_READ_BUFFER) ? BLK_OP_READ : BLK_OP_WRITE;
        wire->position = words[BLK_BRW_W_OFFSET];
        wire->length = words[BLK_BRW_W_LENGTH];
        wire->buffer_offset = words[BLK_BRW_W_BUFFER_OFFSET];
        break;
    default:
        wire->opcode = BLK_OPCODE_NONE;
        break;
    }
}
