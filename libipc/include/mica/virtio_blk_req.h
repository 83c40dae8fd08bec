/* virtio-blk requests as virtqueue chains: the request header, splitting a
 * transfer by the negotiated SEG_MAX/SIZE_MAX, flush and GET_ID, the status
 * byte's meaning as a MICA_E* code, and feature-bit names for lsdev. */

#ifndef MICA_VIRTIO_BLK_REQ_H
#define MICA_VIRTIO_BLK_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mica/blk_extent.h>
#include <mica/virtq.h>

/* The virtio device id of a block device (virtio 1.x, 5). */
#define VIRTIO_ID_BLOCK 2u

/* Request types, status values and sizes from the virtio 1.x specification (5.2.6). */
#define VBLK_T_IN 0u
#define VBLK_T_OUT 1u
#define VBLK_T_FLUSH 4u
#define VBLK_T_GET_ID 8u
#define VBLK_S_OK 0u
#define VBLK_S_IOERR 1u
#define VBLK_S_UNSUPP 2u
#define VBLK_SECTOR_SIZE 512u
#define VBLK_ID_BYTES 20u

/* X(name, bit): device (5.2.3) and reserved (6) feature bits lsdev names. */
#define VBLK_FEATURE_LIST(X) \
    X(SIZE_MAX, 1)           \
    X(SEG_MAX, 2)            \
    X(GEOMETRY, 4)           \
    X(RO, 5)                 \
    X(BLK_SIZE, 6)           \
    X(FLUSH, 9)              \
    X(TOPOLOGY, 10)          \
    X(CONFIG_WCE, 11)        \
    X(MQ, 12)                \
    X(DISCARD, 13)           \
    X(WRITE_ZEROES, 14)      \
    X(INDIRECT_DESC, 28)     \
    X(EVENT_IDX, 29)         \
    X(VERSION_1, 32)         \
    X(ACCESS_PLATFORM, 33)

enum vblk_feature {
#define VBLK_FEATURE_ENUM(name, bit) VBLK_F_##name = bit,
    VBLK_FEATURE_LIST(VBLK_FEATURE_ENUM)
#undef VBLK_FEATURE_ENUM
};

struct vblk_header {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector; /* always 512-byte units, whatever BLK_SIZE says */
};
_Static_assert(sizeof(struct vblk_header) == 16, "virtio_blk_req header is 16 bytes");

/* Negotiated limits; 0 = the feature was not offered (no limit). */
struct vblk_limits {
    uint32_t seg_max;  /* data descriptors per request */
    uint32_t size_max; /* bytes per data descriptor */
};

/* Driver memory for one request in flight: the header (device reads) and
 * the status byte (device writes), with their physical addresses. */
struct vblk_req_mem {
    struct vblk_header *header;
    uint64_t header_phys;
    uint64_t status_phys;
};

/* Walks a transfer (extents totalling a multiple of 512 bytes) request by request. */
struct vblk_cursor {
    const struct blk_extent *extents;
    unsigned count;
    unsigned index;
    uint64_t offset; /* into extents[index] */
    uint64_t sector; /* of the next request */
    uint32_t type;   /* VBLK_T_IN or VBLK_T_OUT */
};

void vblk_cursor_init(struct vblk_cursor *cursor, uint32_t type, uint64_t sector,
                      const struct blk_extent *extents, unsigned count);
/* Every byte of the extents is in a request already built. */
static inline bool vblk_cursor_done(const struct vblk_cursor *cursor)
{
    return cursor->index >= cursor->count;
}

/* Fills mem->header and chain[] (header, data, status) for the next request
 * of the transfer: at most min(seg_max, chain_max - 2) data descriptors of at
 * most size_max bytes, a multiple of 512 bytes in all. Returns the number of
 * descriptors and the request's data bytes in *bytes; 0 when the transfer is
 * done; -MICA_EINVAL when the limits cannot carry one sector. */
int vblk_next_request(struct vblk_cursor *cursor, const struct vblk_limits *limits,
                      const struct vblk_req_mem *mem, struct virtq_buf *chain, unsigned chain_max,
                      uint32_t *bytes);

/* Two descriptors (header, status). */
unsigned vblk_build_flush(const struct vblk_req_mem *mem, struct virtq_buf chain[2]);
/* Three descriptors: header, VBLK_ID_BYTES written at id_phys, status. */
unsigned vblk_build_get_id(const struct vblk_req_mem *mem, uint64_t id_phys,
                           struct virtq_buf chain[3]);

/* OK -> 0, IOERR -> -MICA_EIO, UNSUPP -> -MICA_ENOTSUP, anything else -> -MICA_EPROTO. */
int vblk_status_to_errno(uint8_t status);

/* "VERSION_1", ... or NULL for a bit without a name. */
const char *vblk_feature_name(unsigned bit);
/* Names of the set bits, space separated, unknown bits as "bit<N>"; always
 * NUL-terminated (truncated to fit). Returns the length it needed. */
size_t vblk_format_features(uint64_t features, char *out, size_t out_size);

#endif
