/* libFuzzer target for the partition-table reader (libipc/blk/blk_part_*.c),
 * which block servers run over whatever a disk holds. Input: byte 0 picks
 * the block size (bit 0: 4096, else 512), bytes 1..2 how many zero blocks
 * the disk has past the input's (little-endian), the rest is the disk from
 * block 0. Beyond not crashing, what the reader returns must hold what the
 * servers rely on: no partitions with an error, every partition inside the
 * disk and away from block 0, none overlapping, the watched blocks on the
 * disk. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mica/blk_part_table.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct disk {
    const uint8_t *bytes;
    size_t size;
    uint32_t block_size;
};

static int read_block(void *ctx, uint64_t lba, uint8_t *block)
{
    const struct disk *d = ctx;
    memset(block, 0, d->block_size);
    if (lba < d->size / d->block_size + 1u) {
        uint64_t at = lba * d->block_size;
        if (at < d->size) {
            size_t n = d->size - at < d->block_size ? d->size - at : d->block_size;
            memcpy(block, d->bytes + at, n);
        }
    }
    return 0;
}

static uint8_t scratch[4096];
static struct blk_part_table table;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    struct disk disk = { data + 3, size - 3, (data[0] & 1u) ? 4096u : 512u };
    uint64_t blocks = (disk.size + disk.block_size - 1u) / disk.block_size +
                      ((uint64_t)data[1] | (uint64_t)data[2] << 8);
    struct blk_part_disk d = { blocks, disk.block_size, read_block, &disk, scratch };
    blk_part_table_read(&d, &table);
    char why[128];
    blk_part_error_text(&table, why, sizeof why);
    if (strlen(why) >= sizeof why || table.watch_end > blocks || table.watch_first > table.watch_end)
        abort();
    if (table.error != BLK_PART_OK && table.count != 0)
        abort();
    if (table.count > BLK_PART_MAX)
        abort();
    for (unsigned i = 0; i < table.count; i++) {
        const struct blk_partition *p = &table.parts[i];
        if (p->first_block == 0 || p->block_count == 0 || p->first_block >= blocks ||
            p->block_count > blocks - p->first_block || p->name[BLK_PART_NAME_MAX - 1] != 0 ||
            blk_part_find(&table, p->number) != p)
            abort();
        for (unsigned j = 0; j < i; j++) {
            const struct blk_partition *q = &table.parts[j];
            if (p->first_block < q->first_block + q->block_count &&
                q->first_block < p->first_block + p->block_count)
                abort();
        }
    }
    return 0;
}
