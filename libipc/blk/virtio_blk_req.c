/* virtio-blk request chains: header + data segments + status, split so that
 * no request exceeds what the device negotiated, and the naming and error
 * tables the driver and lsdev share. */

#include <mica/abi/errno.h>
#include <mica/virtio_blk_req.h>

void vblk_cursor_init(struct vblk_cursor *cursor, uint32_t type, uint64_t sector,
                      const struct blk_extent *extents, unsigned count)
{
    cursor->extents = extents;
    cursor->count = count;
    cursor->index = 0;
    cursor->offset = 0;
    cursor->sector = sector;
    cursor->type = type;
}

static void fill_header(const struct vblk_req_mem *mem, uint32_t type, uint64_t sector,
                        struct virtq_buf *chain)
{
    mem->header->type = type;
    mem->header->reserved = 0;
    mem->header->sector = sector;
    chain[0].phys = mem->header_phys;
    chain[0].len = sizeof(struct vblk_header);
    chain[0].device_writes = false;
}

static void fill_status(const struct vblk_req_mem *mem, struct virtq_buf *slot)
{
    slot->phys = mem->status_phys;
    slot->len = 1;
    slot->device_writes = true;
}

int vblk_next_request(struct vblk_cursor *cursor, const struct vblk_limits *limits,
                      const struct vblk_req_mem *mem, struct virtq_buf *chain, unsigned chain_max,
                      uint32_t *bytes)
{
    uint64_t seg_limit = limits->size_max ? limits->size_max : UINT32_MAX;
    unsigned max_segs = chain_max > 2 ? chain_max - 2 : 0;
    unsigned segs = 0, index = cursor->index;
    uint64_t offset = cursor->offset, total = 0;
    bool writes = cursor->type == VBLK_T_IN;

    if (limits->seg_max != 0 && limits->seg_max < max_segs)
        max_segs = limits->seg_max;
    if (index >= cursor->count)
        return 0;
    if (max_segs == 0)
        return -MICA_EINVAL;
    /* Greedy: take whole segments up to the limits, then trim the request back
     * to a sector multiple; the trimmed bytes start the next request. */
    while (segs < max_segs && index < cursor->count) {
        uint64_t left = cursor->extents[index].len - offset;
        uint64_t take = left < seg_limit ? left : seg_limit;

        if (total + take > UINT32_MAX - VBLK_SECTOR_SIZE)
            take = (UINT32_MAX - VBLK_SECTOR_SIZE - total) & ~(uint64_t)(VBLK_SECTOR_SIZE - 1u);
        if (take == 0)
            break;
        chain[1 + segs].phys = cursor->extents[index].phys + offset;
        chain[1 + segs].len = (uint32_t)take;
        chain[1 + segs].device_writes = writes;
        segs++;
        total += take;
        offset += take;
        if (offset == cursor->extents[index].len) {
            index++;
            offset = 0;
        }
    }
    uint64_t excess = total % VBLK_SECTOR_SIZE;
    while (excess != 0) {
        struct virtq_buf *last = &chain[segs];
        uint64_t cut = excess < last->len ? excess : last->len;

        last->len -= (uint32_t)cut;
        excess -= cut;
        total -= cut;
        if (offset < cut) { /* step back into the previous extent */
            index--;
            offset = cursor->extents[index].len - (cut - offset);
        } else {
            offset -= cut;
        }
        if (last->len == 0)
            segs--;
    }
    if (segs == 0)
        return -MICA_EINVAL;
    fill_header(mem, cursor->type, cursor->sector, chain);
    fill_status(mem, &chain[1 + segs]);
    cursor->index = index;
    cursor->offset = offset;
    cursor->sector += total / VBLK_SECTOR_SIZE;
    *bytes = (uint32_t)total;
    return (int)segs + 2;
}

unsigned vblk_build_flush(const struct vblk_req_mem *mem, struct virtq_buf chain[2])
{
    fill_header(mem, VBLK_T_FLUSH, 0, chain);
    fill_status(mem, &chain[1]);
    return 2;
}

unsigned vblk_build_get_id(const struct vblk_req_mem *mem, uint64_t id_phys,
                           struct virtq_buf chain[3])
{
    fill_header(mem, VBLK_T_GET_ID, 0, chain);
    chain[1].phys = id_phys;
    chain[1].len = VBLK_ID_BYTES;
    chain[1].device_writes = true;
    fill_status(mem, &chain[2]);
    return 3;
}

int vblk_status_to_errno(uint8_t status)
{
    switch (status) {
    case VBLK_S_OK:
        return 0;
    case VBLK_S_IOERR:
        return -MICA_EIO;
    case VBLK_S_UNSUPP:
        return -MICA_ENOTSUP;
    default:
        return -MICA_EPROTO;
    }
}

const char *vblk_feature_name(unsigned bit)
{
    switch (bit) {
#define VBLK_FEATURE_CASE(name, number) \
    case number:                        \
        return #name;
        VBLK_FEATURE_LIST(VBLK_FEATURE_CASE)
#undef VBLK_FEATURE_CASE
    default:
        return NULL;
    }
}

/* Appends s at *len, keeping out NUL-terminated; counts what did not fit. */
static void append(char *out, size_t out_size, size_t *len, const char *s)
{
    for (; *s != '\0'; s++, (*len)++) {
        if (*len + 1 < out_size)
            out[*len] = *s;
    }
    if (out_size > 0)
        out[*len < out_size ? *len : out_size - 1] = '\0';
}

size_t vblk_format_features(uint64_t features, char *out, size_t out_size)
{
    size_t len = 0;

    if (out_size > 0)
        out[0] = '\0';
    for (unsigned bit = 0; bit < 64; bit++) {
        const char *name = vblk_feature_name(bit);
        char unknown[8] = "bit";

        if ((features & (1ull << bit)) == 0)
            continue;
        if (len > 0)
            append(out, out_size, &len, " ");
        if (name == NULL) {
            unknown[3] = (char)('0' + bit / 10);
            unknown[4] = (char)('0' + bit % 10);
            unknown[5] = '\0';
            name = unknown;
        }
        append(out, out_size, &len, name);
    }
    return len;
}
