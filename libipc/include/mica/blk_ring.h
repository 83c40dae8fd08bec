/* Records of the block protocol's queued path: a submission ring (client ->
 * server) and a completion ring (server -> client), both spsc_ring. Completions
 * may come back in any order; request_id pairs them with their submissions. */

#ifndef MICA_BLK_RING_H
#define MICA_BLK_RING_H

#include <stddef.h>
#include <stdint.h>

#include <mica/spsc_ring.h>

enum blk_opcode {
    BLK_OP_READ = 0,
    BLK_OP_WRITE = 1,
    BLK_OP_FLUSH = 2, /* length, lba and buffer_offset must be 0 */
};

/* Write through the device's volatile cache before completing. */
#define BLK_SUBMIT_FUA (1u << 0)
#define BLK_SUBMIT_KNOWN_FLAGS (BLK_SUBMIT_FUA)

struct blk_submission {
    uint64_t request_id;    /* chosen by the client, echoed in the completion */
    uint8_t opcode;         /* enum blk_opcode */
    uint8_t flags;          /* BLK_SUBMIT_*; unknown bits are -MICA_EINVAL */
    uint16_t reserved;      /* must be 0 */
    uint32_t length;        /* bytes; a non-zero multiple of the block size */
    uint64_t lba;           /* in units of the device's logical block size */
    uint64_t buffer_offset; /* into the buffer registered for this handle */
};

struct blk_completion {
    uint64_t request_id;
    int32_t status; /* 0 or a negative MICA_E* code */
    uint32_t bytes; /* transferred; 0 on error */
};

_Static_assert(sizeof(struct blk_submission) == 32, "blk_submission is 32 bytes");
_Static_assert(offsetof(struct blk_submission, opcode) == 8, "blk_submission.opcode");
_Static_assert(offsetof(struct blk_submission, length) == 12, "blk_submission.length");
_Static_assert(offsetof(struct blk_submission, lba) == 16, "blk_submission.lba");
_Static_assert(offsetof(struct blk_submission, buffer_offset) == 24, "blk_submission.buffer_offset");
_Static_assert(sizeof(struct blk_completion) == 16, "blk_completion is 16 bytes");
_Static_assert(offsetof(struct blk_completion, status) == 8, "blk_completion.status");
_Static_assert(offsetof(struct blk_completion, bytes) == 12, "blk_completion.bytes");
_Static_assert(sizeof(struct blk_submission) % SPSC_RING_ENTRY_ALIGN == 0, "ring entry alignment");
_Static_assert(sizeof(struct blk_completion) % SPSC_RING_ENTRY_ALIGN == 0, "ring entry alignment");

#endif
