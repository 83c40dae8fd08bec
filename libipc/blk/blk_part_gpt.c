/* GPT (UEFI 2.x, chapter 5): the header at block 1 (its CRC32 over
 * header_size bytes with the CRC field zero), then the entry array, whose
 * CRC32 the header holds. Entries with a zero type GUID are unused; the
 * others must lie within the header's usable blocks. The alternate header
 * at the disk's end is not read: a damaged primary means no partitions. */
#include <mica/crc32.h>

#include "blk_part_private.h"

#define GPT_HEADER_LBA 1u
#define GPT_HEADER_MIN 92u
#define GPT_ENTRY_MIN 128u

struct gpt_header {
    uint64_t first_usable, last_usable, entries_lba;
    uint32_t entry_count, entry_size, entries_crc;
};

static bool header_ok(const struct blk_part_disk *d, struct blk_part_table *t, struct gpt_header *h)
{
    uint8_t *b = d->block;
    static const char signature[8] = { 'E', 'F', 'I', ' ', 'P', 'A', 'R', 'T' };
    for (unsigned i = 0; i < 8u; i++)
        if (b[i] != (uint8_t)signature[i])
            return part_fail(t, BLK_PART_GPT_SIGNATURE, 0, 0);
    uint32_t size = part_le32(b + 12), crc = part_le32(b + 16);
    if (size < GPT_HEADER_MIN || size > d->block_size)
        return part_fail(t, BLK_PART_GPT_HEADER, 0, 0);
    for (unsigned i = 16; i < 20u; i++)
        b[i] = 0;
    if (crc32_end(crc32_update(crc32_begin(), b, size)) != crc)
        return part_fail(t, BLK_PART_GPT_HEADER_CRC, 0, 0);
    *h = (struct gpt_header){ .first_usable = part_le64(b + 40), .last_usable = part_le64(b + 48),
                              .entries_lba = part_le64(b + 72), .entry_count = part_le32(b + 80),
                              .entry_size = part_le32(b + 84), .entries_crc = part_le32(b + 88) };
    uint64_t array_blocks = ((uint64_t)h->entry_count * h->entry_size + d->block_size - 1u) / d->block_size;
    bool ok = part_le32(b + 8) >> 16 == 1u && part_le64(b + 24) == GPT_HEADER_LBA &&
              h->first_usable > GPT_HEADER_LBA && h->first_usable <= h->last_usable &&
              h->last_usable < d->block_count && h->entry_size >= GPT_ENTRY_MIN &&
              (h->entry_size & (h->entry_size - 1u)) == 0 && h->entry_size <= d->block_size &&
              h->entry_count <= BLK_PART_GPT_ENTRIES_MAX && h->entries_lba > GPT_HEADER_LBA &&
              h->entries_lba < d->block_count && array_blocks <= d->block_count - h->entries_lba &&
              /* The array lies outside the blocks partitions may use. */
              (h->entries_lba + array_blocks <= h->first_usable || h->entries_lba > h->last_usable);
    return ok || part_fail(t, BLK_PART_GPT_HEADER, 0, 0);
}

static bool zero_guid(const uint8_t *g)
{
    for (unsigned i = 0; i < 16u; i++)
        if (g[i])
            return false;
    return true;
}

/* The entry's UTF-16LE name as UTF-8, cut where a character no longer fits. */
static void name_to_utf8(const uint8_t *utf16, char *out)
{
    unsigned n = 0;
    for (unsigned i = 0; i < 36u; i++) {
        uint32_t c = (uint32_t)utf16[2 * i] | (uint32_t)utf16[2 * i + 1] << 8;
        if (c == 0)
            break;
        if (c >= 0xd800u && c < 0xdc00u && i + 1 < 36u) {
            uint32_t low = (uint32_t)utf16[2 * i + 2] | (uint32_t)utf16[2 * i + 3] << 8;
            if (low >= 0xdc00u && low < 0xe000u) {
                c = 0x10000u + ((c - 0xd800u) << 10) + (low - 0xdc00u);
                i++;
            }
        }
        if (c >= 0xd800u && c < 0xe000u)
            c = 0xfffdu; /* a lone surrogate */
        unsigned len = c < 0x80u ? 1u : c < 0x800u ? 2u : c < 0x10000u ? 3u : 4u;
        if (n + len >= BLK_PART_NAME_MAX)
            break;
        if (len == 1) {
            out[n++] = (char)c;
            continue;
        }
        static const uint8_t lead[5] = { 0, 0, 0xc0u, 0xe0u, 0xf0u };
        for (unsigned k = 0; k < len; k++) {
            unsigned shift = 6u * (len - 1u - k);
            out[n++] = (char)(k == 0 ? lead[len] | (c >> shift) : 0x80u | ((c >> shift) & 0x3fu));
        }
    }
}

/* An entry's trouble, kept until the array's CRC has been checked: a
 * wrong CRC is the reason to report even when an entry looked bad first. */
struct entry_trouble {
    enum blk_part_error error;
    uint64_t entry;
};

/* One used entry (index i): in the usable blocks, then listed. */
static struct entry_trouble take_entry(struct blk_part_table *t, const struct gpt_header *h,
                                       const uint8_t *e, uint32_t i)
{
    uint64_t first = part_le64(e + 32), last = part_le64(e + 40);
    if (first > last || first < h->first_usable || last > h->last_usable)
        return (struct entry_trouble){ BLK_PART_OUT_OF_DISK, i + 1u };
    if (t->count >= BLK_PART_MAX)
        return (struct entry_trouble){ BLK_PART_TOO_MANY, BLK_PART_MAX };
    struct blk_partition *p = part_add(t, i + 1u, BLK_PART_TABLE_GPT);
    p->first_block = first;
    p->block_count = last - first + 1u;
    for (unsigned k = 0; k < 16u; k++) {
        p->type_guid[k] = e[k];
        p->uuid[k] = e[16 + k];
    }
    name_to_utf8(e + 56, p->name);
    return (struct entry_trouble){ BLK_PART_OK, 0 };
}

void part_read_gpt(const struct blk_part_disk *d, struct blk_part_table *t)
{
    struct gpt_header h = { 0 };
    if (!part_read(d, t, GPT_HEADER_LBA) || !header_ok(d, t, &h))
        return;
    struct entry_trouble trouble = { BLK_PART_OK, 0 };
    uint32_t crc = crc32_begin(), per_block = d->block_size / h.entry_size;
    uint64_t bytes = (uint64_t)h.entry_count * h.entry_size;
    for (uint32_t i = 0; i < h.entry_count; i += per_block) {
        if (!part_read(d, t, h.entries_lba + i / per_block))
            return;
        uint64_t here = bytes < d->block_size ? bytes : d->block_size;
        crc = crc32_update(crc, d->block, (size_t)here);
        bytes -= here;
        for (uint32_t k = 0; k < per_block && i + k < h.entry_count; k++) {
            const uint8_t *e = d->block + (size_t)k * h.entry_size;
            if (!zero_guid(e) && trouble.error == BLK_PART_OK)
                trouble = take_entry(t, &h, e, i + k);
        }
    }
    if (crc32_end(crc) != h.entries_crc)
        part_fail(t, BLK_PART_GPT_ENTRIES_CRC, 0, 0);
    else if (trouble.error != BLK_PART_OK)
        part_fail(t, trouble.error, trouble.entry, 0);
}
