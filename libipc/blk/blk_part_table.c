/* The partition table's entry point: block 0 decides between no table,
 * MBR and GPT (a protective MBR: one 0xee entry from block 1 over the rest
 * of the disk); what the readers share; finding a partition by path. */
#include "blk_part_private.h"

bool part_fail(struct blk_part_table *t, enum blk_part_error e, uint64_t a, uint64_t b)
{
    if (t->error == BLK_PART_OK) {
        t->error = e;
        t->detail[0] = a;
        t->detail[1] = b;
    }
    return false;
}

bool part_read(const struct blk_part_disk *d, struct blk_part_table *t, uint64_t lba)
{
    if (lba >= d->block_count)
        return part_fail(t, BLK_PART_READ_FAILED, lba, 0);
    if (t->watch_end == t->watch_first) {
        t->watch_first = lba;
        t->watch_end = lba + 1u;
    } else if (lba < t->watch_first) {
        t->watch_first = lba;
    } else if (lba >= t->watch_end) {
        t->watch_end = lba + 1u;
    }
    if (d->read(d->ctx, lba, d->block) < 0)
        return part_fail(t, BLK_PART_READ_FAILED, lba, 0);
    return true;
}

static void zero(void *p, size_t n)
{
    uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        b[i] = 0;
}

struct blk_partition *part_add(struct blk_part_table *t, uint32_t number, uint8_t table)
{
    if (t->count >= BLK_PART_MAX) {
        part_fail(t, BLK_PART_TOO_MANY, BLK_PART_MAX, 0);
        return 0;
    }
    struct blk_partition *p = &t->parts[t->count++];
    zero(p, sizeof *p);
    p->number = number;
    p->table = table;
    return p;
}

bool part_check_overlaps(struct blk_part_table *t)
{
    for (unsigned i = 0; i < t->count; i++) {
        const struct blk_partition *a = &t->parts[i];
        for (unsigned j = i + 1; j < t->count; j++) {
            const struct blk_partition *b = &t->parts[j];
            /* Both end within the disk: the sums cannot wrap. */
            if (a->first_block < b->first_block + b->block_count &&
                b->first_block < a->first_block + a->block_count)
                return part_fail(t, BLK_PART_OVERLAP, b->number, a->number);
        }
    }
    return true;
}

/* The protective MBR's one 0xee entry: from block 1 over the rest of the
 * disk, or 0xffffffff blocks when the rest does not fit 32 bits. */
static bool protective_ok(const uint8_t *entry, uint64_t block_count)
{
    uint64_t rest = block_count - 1u;
    uint32_t want = rest > 0xffffffffu ? 0xffffffffu : (uint32_t)rest;
    uint32_t size = part_le32(entry + 12);
    return part_le32(entry + 8) == 1u && (size == want || size == 0xffffffffu);
}

void blk_part_table_read(const struct blk_part_disk *d, struct blk_part_table *t)
{
    zero(t, sizeof *t);
    if (d->block_count < 2u || d->block_size < 512u)
        return; /* too small to hold a table and a partition */
    if (!part_read(d, t, 0))
        return;
    const uint8_t *b = d->block;
    if (b[510] != 0x55u || b[511] != 0xaau)
        return;
    const uint8_t *gpt = 0;
    for (unsigned i = 0; i < 4u; i++) {
        const uint8_t *e = b + PART_MBR_ENTRIES + i * PART_MBR_ENTRY_SIZE;
        /* Boot code where the entries would be (a FAT volume without a
         * table): not an MBR, so no table. */
        if (e[0] != 0x00u && e[0] != 0x80u)
            return;
        if (e[4] == PART_MBR_TYPE_GPT && !gpt)
            gpt = e;
    }
    if (!gpt) {
        t->kind = BLK_PART_KIND_MBR;
        part_read_mbr(d, t);
    } else if (!protective_ok(gpt, d->block_count)) {
        t->kind = BLK_PART_KIND_GPT;
        part_fail(t, BLK_PART_PMBR_MISMATCH, part_le32(gpt + 8), part_le32(gpt + 12));
    } else {
        t->kind = BLK_PART_KIND_GPT;
        part_read_gpt(d, t);
    }
    if (t->error == BLK_PART_OK)
        part_check_overlaps(t);
    if (t->error != BLK_PART_OK)
        t->count = 0;
}

const struct blk_partition *blk_part_find(const struct blk_part_table *t, uint64_t number)
{
    for (unsigned i = 0; number && i < t->count; i++)
        if (t->parts[i].number == number)
            return &t->parts[i];
    return 0;
}

unsigned blk_part_path_number(const char *path, size_t length)
{
    if (length < 2u || length > 4u || path[0] != 'p' || path[1] == '0')
        return 0;
    unsigned n = 0;
    for (size_t i = 1; i < length; i++) {
        if (path[i] < '0' || path[i] > '9')
            return 0;
        n = n * 10u + (unsigned)(path[i] - '0');
    }
    return n;
}
