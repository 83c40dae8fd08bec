/* The one boundary where a block server checks a client's request, whichever
 * path it came by (message, zero-copy buffer, queued ring). Code behind
 * decode_blk_request may trust struct blk_request and only assert. */

#ifndef MICA_BLK_REQUEST_H
#define MICA_BLK_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_protocol.h>
#include <mica/blk_ring.h>

/* How the data travels: decides the unit of position and where the bytes live. */
enum blk_data_path {
    BLK_VIA_MESSAGE, /* position in bytes; data in the IPC buffer */
    BLK_VIA_BUFFER,  /* position in bytes; data in the registered buffer */
    BLK_VIA_RING,    /* position in blocks (LBA); data in the registered buffer */
    BLK_VIA_WINDOW,  /* position in bytes; data in the caller's window */
    BLK_VIA_COUNT
};

/* What the server knows about its device; trusted (the server filled it). */
struct blk_device_limits {
    uint64_t block_count;
    uint32_t block_size;   /* power of two */
    uint32_t max_transfer; /* bytes per request, a multiple of block_size */
    uint32_t window_max;   /* bytes per window request, whole blocks; 0: no windows */
    bool read_only;
};

/* What the server knows about the handle; trusted. */
struct blk_handle_state {
    bool writable;         /* opened with BLK_OPEN_WRITE */
    uint64_t buffer_bytes; /* registered buffer size; 0 when none */
};

/* The client's words, copied out of the message or ring slot; untrusted. */
struct blk_wire_request {
    enum blk_data_path via;
    uint64_t request_id; /* echoed, never interpreted */
    uint32_t opcode;     /* enum blk_opcode */
    uint32_t flags;      /* BLK_SUBMIT_* */
    uint32_t reserved;   /* must be 0 */
    uint64_t position;   /* bytes or LBA, see enum blk_data_path */
    uint64_t length;     /* bytes */
    uint64_t buffer_offset;
    /* Message paths only (0/false for a ring slot): the message had fewer
     * words than its layout names, and how many data bytes it carried from
     * BLK_MSG_DATA_WORD on. Beyond those, the server's IPC buffer holds an
     * earlier message's bytes, which a WRITE must never store. */
    bool short_message;
    uint64_t message_data_bytes;
};

/* A request that passed decode_blk_request: in range, aligned, permitted. */
struct blk_request {
    enum blk_data_path via;
    enum blk_opcode op;
    uint32_t flags;
    uint64_t request_id;
    uint64_t lba;
    uint32_t blocks;
    uint32_t length;
    uint64_t buffer_offset; /* 0 for BLK_VIA_MESSAGE and flush */
};

/* 0, filling *out; or the first failing check's negative MICA_E* code, in the
 * order documented in docs/block-protocol.md ("Validation"). */
int decode_blk_request(const struct blk_device_limits *device, const struct blk_handle_state *handle,
                       const struct blk_wire_request *wire, struct blk_request *out);

/* A message with fewer words or caps than BLK_MSG_LIST names for msg. */
bool blk_message_short(uint64_t info, enum blk_msg msg);

/* OPEN's check: words (register words, path length at most what the message
 * carried), known flags, and WRITE on a read-only device (-MICA_EACCES).
 * 0 and *writable, or the code. What the path names is the server's
 * (the framework's partitions.c: "" or p<n>, else -MICA_ENOENT). */
int decode_blk_open(const struct blk_device_limits *device, uint64_t info,
                    const uint64_t words[MICA_MSG_REG_WORDS], bool *writable);

/* Request words each message's layout names (BLK_MSG_LIST), as constants. */
enum blk_msg_words {
#define BLK_MSG_WORDS(name, number, words, caps) BLK_MSG_WORDS_##name = words,
    BLK_MSG_LIST(BLK_MSG_WORDS)
#undef BLK_MSG_WORDS
};

/* Copies (no checks) a ring slot, or a message's info word and register
 * words, into the wire form. For a label that is not a read/write/flush, the
 * opcode is one no server knows. */
/* A slot is read exactly once, as its four words (volatile loads): the
 * client can rewrite it while the server decodes in place, and only the
 * copy in registers is checked and used. The fields are taken out of the
 * words by the record's layout (blk_ring.h, little-endian). */
static inline void blk_wire_from_submission(const struct blk_submission *slot,
                                            struct blk_wire_request *wire)
{
    _Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ring records are little-endian");
    _Static_assert(offsetof(struct blk_submission, flags) == 9 && offsetof(struct blk_submission, reserved) == 10,
                   "blk_submission's second word");
    const volatile uint64_t *words = (const volatile uint64_t *)(const void *)slot;
    uint64_t id = words[0], op_len = words[1], lba = words[2], offset = words[3];
    /* Inline: a ring batch converts one per request. */
    wire->via = BLK_VIA_RING;
    wire->request_id = id;
    wire->opcode = (uint8_t)op_len;
    wire->flags = (uint8_t)(op_len >> 8);
    wire->reserved = (uint16_t)(op_len >> 16);
    wire->position = lba;
    wire->length = (uint32_t)(op_len >> 32);
    wire->buffer_offset = offset;
    wire->short_message = false;
    wire->message_data_bytes = 0;
}
/* What every message's wire form starts with: whether the message is
 * shorter than its layout's `words`, and the data bytes it carried. */
static inline void blk_wire_message_start(uint64_t info, unsigned words, struct blk_wire_request *wire)
{
    unsigned carried = MICA_MSGINFO_WORDS(info);
    wire->short_message = carried < words;
    wire->message_data_bytes =
        carried > BLK_MSG_DATA_WORD ? (uint64_t)(carried - BLK_MSG_DATA_WORD) * 8u : 0;
    wire->request_id = 0;
    wire->flags = 0;
    wire->reserved = 0;
}

/* READ_BUFFER's and WRITE_BUFFER's part of blk_wire_from_message. Inline:
 * a synchronous server decodes these calls with the path known. */
static inline void blk_wire_from_buffer_message(uint64_t info, const uint64_t words[MICA_MSG_REG_WORDS],
                                                struct blk_wire_request *wire)
{
    _Static_assert(BLK_MSG_WORDS_READ_BUFFER == BLK_MSG_WORDS_WRITE_BUFFER, "one buffer layout");
    blk_wire_message_start(info, BLK_MSG_WORDS_READ_BUFFER, wire);
    wire->via = BLK_VIA_BUFFER;
    wire->opcode = MICA_MSGINFO_LABEL(info) == BLK_LABEL(BLK_MSG_READ_BUFFER) ? BLK_OP_READ : BLK_OP_WRITE;
    wire->position = words[BLK_BRW_W_OFFSET];
    wire->length = words[BLK_BRW_W_LENGTH];
    wire->buffer_offset = words[BLK_BRW_W_BUFFER_OFFSET];
}

void blk_wire_from_message(uint64_t info, const uint64_t words[MICA_MSG_REG_WORDS],
                           struct blk_wire_request *wire);

#endif
