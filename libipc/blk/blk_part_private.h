/* What the partition-table readers (blk_part_*.c) share: little-endian
 * fields, reading a block while keeping the watched range, failing with a
 * reason, and taking the next entry of the table. */
#ifndef BLK_PART_PRIVATE_H
#define BLK_PART_PRIVATE_H
#include <stdbool.h>

#include <mica/blk_part_table.h>

static inline uint32_t part_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t part_le64(const uint8_t *p)
{
    return (uint64_t)part_le32(p) | (uint64_t)part_le32(p + 4) << 32;
}

/* Block lba into d->block, the watched range grown to hold it. false (the
 * error set) when the read failed or lba is past the disk. */
bool part_read(const struct blk_part_disk *d, struct blk_part_table *t, uint64_t lba);
/* Records the first reason only; false, for `return part_fail(...)`. */
bool part_fail(struct blk_part_table *t, enum blk_part_error e, uint64_t a, uint64_t b);
/* The next free entry, zeroed and numbered, or NULL (BLK_PART_TOO_MANY set). */
struct blk_partition *part_add(struct blk_part_table *t, uint32_t number, uint8_t table);
/* False (BLK_PART_OVERLAP set) when two of t's partitions share a block. */
bool part_check_overlaps(struct blk_part_table *t);

/* blk_part_mbr.c: block 0 is in d->block and has the signature. */
void part_read_mbr(const struct blk_part_disk *d, struct blk_part_table *t);
/* blk_part_gpt.c: the protective MBR was checked. */
void part_read_gpt(const struct blk_part_disk *d, struct blk_part_table *t);

#define PART_MBR_ENTRIES 446u
#define PART_MBR_ENTRY_SIZE 16u
#define PART_MBR_TYPE_GPT 0xeeu

#endif
