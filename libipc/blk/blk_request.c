/* decode_blk_request: every check on a client's block request, in one place
 * and one documented order, so each server rejects the same requests with the
 * same codes and nothing behind this boundary needs to re-check. */

#include <mica/blk_request_decode.h>
#include <mica/abi/errno.h>

/* Larger than any enum blk_opcode: how a non-I/O label reaches the decoder. */
#define BLK_OPCODE_NONE 0xffffffffu

int decode_blk_request(const struct blk_device_limits *device, const struct blk_handle_state *handle,
                       const struct blk_wire_request *wire, struct blk_request *out)
{
    return decode_blk_request_inline(device, handle, wire, out);
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

    blk_wire_message_start(info, layout_of(label).words, wire);
    wire->via = BLK_VIA_MESSAGE;
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
        blk_wire_from_buffer_message(info, words, wire);
        break;
    default:
        /* Windows here, not as cases: with them the switch becomes a jump
         * table that costs every message-path request a few instructions. */
        if (label == BLK_LABEL(BLK_MSG_READ_WINDOW) || label == BLK_LABEL(BLK_MSG_WRITE_WINDOW)) {
            wire->via = BLK_VIA_WINDOW;
            wire->opcode = label == BLK_LABEL(BLK_MSG_READ_WINDOW) ? BLK_OP_READ : BLK_OP_WRITE;
        } else {
            wire->opcode = BLK_OPCODE_NONE;
        }
        break;
    }
}
