/* The partition table of a disk, MBR or GPT, read through a function that
 * reads one block: no device, no memory of its own, so the host tests and
 * the fuzzer run it on images. A damaged table (bad CRC, entries that
 * overlap or leave the disk, a protective MBR that does not cover the disk,
 * a broken chain of logical partitions) gives no partitions and a reason;
 * a disk with no table is not damaged. docs/block-protocol.md, "Partitions". */
#ifndef MICA_BLK_PART_TABLE_H
#define MICA_BLK_PART_TABLE_H
#include <stddef.h>
#include <stdint.h>

#include <mica/blk_protocol.h>

/* Partitions one table may have: more is refused as a whole (a partial
 * list would renumber nothing but hide some). */
#define BLK_PART_MAX 32u
/* GPT entries one header may declare (128 is usual): more is damage. */
#define BLK_PART_GPT_ENTRIES_MAX 1024u
/* Logical partitions follow a chain of EBRs, each further on the disk than
 * the one before, so the chain ends; BLK_PART_MAX bounds it too. */

enum blk_part_kind {
    BLK_PART_KIND_NONE, /* no table: no 0x55aa signature, or not an MBR's entries */
    BLK_PART_KIND_MBR,
    BLK_PART_KIND_GPT,
};

enum blk_part_error {
    BLK_PART_OK,
    BLK_PART_READ_FAILED,      /* detail[0]: the block */
    BLK_PART_PMBR_MISMATCH,    /* the 0xee entry does not start at 1 or cover the disk */
    BLK_PART_GPT_SIGNATURE,    /* a protective MBR, and no "EFI PART" at block 1 */
    BLK_PART_GPT_HEADER_CRC,
    BLK_PART_GPT_HEADER,       /* a field out of range: size, revision, LBAs, entry size */
    BLK_PART_GPT_ENTRIES_CRC,
    BLK_PART_START_ZERO,       /* detail[0]: the entry; MBR partitions never start at 0 */
    BLK_PART_OUT_OF_DISK,      /* detail[0]: the entry (GPT: outside the usable blocks) */
    BLK_PART_OVERLAP,          /* detail[0], [1]: the two entries */
    BLK_PART_TWO_EXTENDED,
    BLK_PART_EBR_CHAIN,        /* detail[0]: the block of the bad EBR or link */
    BLK_PART_TOO_MANY,         /* detail[0]: how many */
};

struct blk_part_table {
    enum blk_part_kind kind;
    enum blk_part_error error; /* BLK_PART_OK, or why count is 0 */
    uint64_t detail[2];
    unsigned count;
    struct blk_partition parts[BLK_PART_MAX];
    /* The blocks the answer was read from, [watch_first, watch_end): a
     * write there may change the table. */
    uint64_t watch_first, watch_end;
};

/* The disk as the reader sees it. */
struct blk_part_disk {
    uint64_t block_count;
    uint32_t block_size; /* a power of two, at least 512 */
    /* Reads block lba into block[0..block_size): 0 or a negative code. */
    int (*read)(void *ctx, uint64_t lba, uint8_t *block);
    void *ctx;
    uint8_t *block; /* block_size bytes the reader may use */
};

/* Reads and checks the table; fills *t (count 0 unless error is BLK_PART_OK). */
void blk_part_table_read(const struct blk_part_disk *d, struct blk_part_table *t);

/* The partition numbered `number` (the path p<number>), or NULL. */
const struct blk_partition *blk_part_find(const struct blk_part_table *t, uint64_t number);

/* The path's partition number: "p<n>", n decimal 1..999 without leading
 * zeros; 0 for anything else. */
unsigned blk_part_path_number(const char *path, size_t length);

/* What was wrong, in words, NUL-terminated into out[size]: "GPT entry 3
 * overlaps entry 1". */
void blk_part_error_text(const struct blk_part_table *t, char *out, size_t size);

/* "MBR", "GPT" or "none". */
const char *blk_part_kind_name(enum blk_part_kind kind);

#endif
