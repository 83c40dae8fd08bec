/* MBR: four primary entries in block 0, and logical partitions in a chain
 * of EBRs inside the one extended entry (types 0x05, 0x0f, 0x85). Each EBR
 * holds its logical partition (from the EBR) and a link to the next EBR
 * (from the extended partition's start). Numbers as Linux gives them:
 * primaries 1..4 by slot, logical partitions 5 on in chain order; the
 * extended entry itself is a container, neither listed nor served. */
#include "blk_part_private.h"

static bool is_extended(uint8_t type)
{
    return type == 0x05u || type == 0x0fu || type == 0x85u;
}

struct mbr_entry {
    uint8_t status, type;
    uint64_t start, count; /* 32-bit fields: their sum cannot wrap */
};

static struct mbr_entry entry_at(const uint8_t *block, unsigned i)
{
    const uint8_t *e = block + PART_MBR_ENTRIES + i * PART_MBR_ENTRY_SIZE;
    return (struct mbr_entry){ e[0], e[4], part_le32(e + 8), part_le32(e + 12) };
}

static bool used(const struct mbr_entry *e)
{
    return e->type != 0 && e->count != 0;
}

static bool add(struct blk_part_table *t, const struct mbr_entry *e, uint32_t number,
                uint64_t first, uint16_t flags)
{
    struct blk_partition *p = part_add(t, number, BLK_PART_TABLE_MBR);
    if (!p)
        return false;
    p->mbr_type = e->type;
    p->first_block = first;
    p->block_count = e->count;
    p->flags = (uint16_t)(flags | (e->status == 0x80u ? BLK_PART_BOOTABLE : 0u));
    return true;
}

/* No logical partition may hold an EBR: a write to it would change the
 * chain that places the others. */
static bool holds_an_ebr(struct blk_part_table *t, const uint64_t *ebrs, unsigned n)
{
    for (unsigned i = 0; i < t->count; i++) {
        const struct blk_partition *p = &t->parts[i];
        for (unsigned j = 0; (p->flags & BLK_PART_LOGICAL) && j < n; j++)
            if (ebrs[j] >= p->first_block && ebrs[j] - p->first_block < p->block_count)
                return !part_fail(t, BLK_PART_EBR_CHAIN, ebrs[j], 0);
    }
    return false;
}

/* The EBR chain from the extended partition's first block; at most
 * BLK_PART_MAX EBRs (empty ones count), so a long chain cannot make the
 * server read for long. */
static void read_logical(const struct blk_part_disk *d, struct blk_part_table *t,
                         const struct mbr_entry *ext)
{
    uint64_t end = ext->start + ext->count, ebr = ext->start;
    uint64_t ebrs[BLK_PART_MAX];
    unsigned n = 0;
    uint32_t number = 5;
    for (;;) {
        if (n == BLK_PART_MAX) {
            part_fail(t, BLK_PART_TOO_MANY, BLK_PART_MAX, 0);
            return;
        }
        ebrs[n++] = ebr;
        if (!part_read(d, t, ebr))
            return;
        const uint8_t *b = d->block;
        if (b[510] != 0x55u || b[511] != 0xaau) {
            part_fail(t, BLK_PART_EBR_CHAIN, ebr, 0);
            return;
        }
        struct mbr_entry logical = entry_at(b, 0), link = entry_at(b, 1);
        if (used(&logical)) {
            /* After its EBR, inside the extended partition. */
            uint64_t first = ebr + logical.start;
            if (logical.start == 0 || first >= end || logical.count > end - first) {
                part_fail(t, BLK_PART_OUT_OF_DISK, number, 0);
                return;
            }
            if (!add(t, &logical, number++, first, BLK_PART_LOGICAL))
                return;
        }
        if (!used(&link)) {
            holds_an_ebr(t, ebrs, n);
            return;
        }
        /* Each link further on than the EBR holding it: the chain ends. */
        uint64_t next = ext->start + link.start;
        if (next <= ebr || next >= end) {
            part_fail(t, BLK_PART_EBR_CHAIN, ebr, 0);
            return;
        }
        ebr = next;
    }
}

void part_read_mbr(const struct blk_part_disk *d, struct blk_part_table *t)
{
    struct mbr_entry e[4], ext = { 0 };
    bool have_ext = false;
    for (unsigned i = 0; i < 4u; i++)
        e[i] = entry_at(d->block, i);
    for (unsigned i = 0; i < 4u; i++) {
        if (!used(&e[i]))
            continue;
        if (e[i].start == 0)
            return (void)part_fail(t, BLK_PART_START_ZERO, i + 1u, 0);
        if (e[i].start >= d->block_count || e[i].count > d->block_count - e[i].start)
            return (void)part_fail(t, BLK_PART_OUT_OF_DISK, i + 1u, 0);
        /* The container takes part in the overlap check among primaries. */
        for (unsigned j = 0; j < i; j++)
            if (used(&e[j]) && e[i].start < e[j].start + e[j].count &&
                e[j].start < e[i].start + e[i].count)
                return (void)part_fail(t, BLK_PART_OVERLAP, i + 1u, j + 1u);
        if (is_extended(e[i].type)) {
            if (have_ext)
                return (void)part_fail(t, BLK_PART_TWO_EXTENDED, i + 1u, 0);
            ext = e[i];
            have_ext = true;
        } else if (!add(t, &e[i], i + 1u, e[i].start, 0)) {
            return;
        }
    }
    if (have_ext)
        read_logical(d, t, &ext);
}
