/* Partitions as paths, on a whole read-write disk: an MBR written through
 * the disk's handle is what OPEN of p<n> finds, each partition's end is
 * refused like the disk's, its blocks are the disk's moved by its start;
 * a changed table is read again at the next partition OPEN (a handle keeps
 * the view it was opened with); a damaged table and a table wiped give no
 * partitions. Block 0 is left zero. */
#include <string.h>

#include <mica/abi/errno.h>

#include "blktest.h"

#define SEED 0x7061727473ull /* "parts" */
#define P1_FIRST 64u
#define P1_BLOCKS 128u
#define P1_SHRUNK 32u
#define P2_FIRST 256u
#define P2_BLOCKS 64u

static void put32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* An MBR with p1 (type 0x83) and p3 (0x0c, slot 3), written to block 0. */
static int write_mbr(struct ipc_blk_handle *disk, uint32_t p1_blocks, uint32_t p3_first)
{
    uint8_t mbr[BLKTEST_BLOCK];
    memset(mbr, 0, sizeof mbr);
    uint8_t *e = mbr + 446;
    e[4] = 0x83;
    put32(e + 8, P1_FIRST);
    put32(e + 12, p1_blocks);
    e += 32;
    e[4] = 0x0c;
    put32(e + 8, p3_first);
    put32(e + 12, P2_BLOCKS);
    mbr[510] = 0x55;
    mbr[511] = 0xaa;
    EXPECT(ipc_blk_write(disk, 0, mbr, sizeof mbr), BLKTEST_BLOCK, "write the MBR");
    return 0;
}

/* p1 is `blocks` long: its last block takes a write, the next is -ENXIO,
 * and what it writes lands on the disk at P1_FIRST on. */
static int check_p1(const struct blktest *t, struct ipc_blk_handle *disk, uint64_t blocks,
                    uint64_t generation)
{
    struct ipc_blk_handle p1;
    struct blk_stat st;
    uint8_t block[BLKTEST_BLOCK];
    EXPECT(blktest_open_path(t, &p1, false, "p1", BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open p1");
    EXPECT(ipc_blk_fstat(&p1, &st), 0, "fstat p1");
    EXPECT(st.size_bytes, blocks * BLKTEST_BLOCK, "p1's size");
    if (blktest_write_blocks(&p1, blocks - 2, 2, SEED, generation))
        return -1;
    blkpattern_fill(block, 1, blocks, SEED, generation);
    EXPECT(ipc_blk_write(&p1, blocks * BLKTEST_BLOCK, block, sizeof block), -MICA_ENXIO,
           "write past p1's end");
    EXPECT(ipc_blk_read(&p1, blocks * BLKTEST_BLOCK, block, sizeof block), -MICA_ENXIO,
           "read past p1's end");
    EXPECT(ipc_blk_close(&p1), 0, "close p1");
    /* Through the disk: partition block k is disk block P1_FIRST + k. */
    for (uint64_t k = blocks - 2; k < blocks; k++) {
        EXPECT(ipc_blk_read(disk, (P1_FIRST + k) * BLKTEST_BLOCK, block, sizeof block),
               BLKTEST_BLOCK, "read p1's block through the disk");
        if (blktest_check(block, 1, k, SEED, generation, "p1's block on the disk"))
            return -1;
    }
    return 0;
}

static int check_listing(struct ipc_blk_handle *disk)
{
    struct blk_partition p;
    EXPECT(ipc_blk_partition(disk, 0, &p), 0, "PARTITION 0");
    EXPECT(p.number, 1, "first partition's number");
    EXPECT(p.first_block, P1_FIRST, "p1's start");
    EXPECT(p.block_count, P1_BLOCKS, "p1's size");
    EXPECT(p.mbr_type, 0x83, "p1's type");
    EXPECT(p.table, BLK_PART_TABLE_MBR, "p1's table");
    EXPECT(ipc_blk_partition(disk, 1, &p), 0, "PARTITION 1");
    EXPECT(p.number, 3, "second partition's number");
    EXPECT(ipc_blk_partition(disk, 2, &p), -MICA_ENOENT, "PARTITION past the last");
    return 0;
}

int test_partitions(struct blktest *t)
{
    struct ipc_blk_handle disk, old, p;
    uint8_t zero[BLKTEST_BLOCK];
    memset(zero, 0, sizeof zero);
    EXPECT(blktest_open(t, &disk, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open the disk");
    EXPECT(ipc_blk_write(&disk, 0, zero, sizeof zero), BLKTEST_BLOCK, "wipe block 0");
    EXPECT(blktest_open_path(t, &p, false, "p1", BLK_OPEN_READ), -MICA_ENOENT, "p1 of no table");
    if (write_mbr(&disk, P1_BLOCKS, P2_FIRST) || check_listing(&disk) ||
        check_p1(t, &disk, P1_BLOCKS, 1))
        return -1;
    EXPECT(blktest_open_path(t, &p, false, "p2", BLK_OPEN_READ), -MICA_ENOENT, "empty slot 2");
    EXPECT(blktest_open_path(t, &p, false, "p3", BLK_OPEN_READ), 0, "open p3");
    EXPECT(ipc_blk_close(&p), 0, "close p3");

    /* Shrunk: the next OPEN reads the table again; an open handle keeps its view. */
    EXPECT(blktest_open_path(t, &old, false, "p1", BLK_OPEN_READ), 0, "open p1 before the change");
    if (write_mbr(&disk, P1_SHRUNK, P2_FIRST) || check_p1(t, &disk, P1_SHRUNK, 2))
        return -1;
    struct blk_stat st;
    EXPECT(ipc_blk_fstat(&old, &st), 0, "fstat the older handle");
    EXPECT(st.size_bytes, (uint64_t)P1_BLOCKS * BLKTEST_BLOCK, "the older handle's size");
    EXPECT(ipc_blk_close(&old), 0, "close the older handle");

    /* Damaged (p3 over p1): no partitions at all. */
    if (write_mbr(&disk, P1_BLOCKS, P1_FIRST + 8))
        return -1;
    EXPECT(blktest_open_path(t, &p, false, "p1", BLK_OPEN_READ), -MICA_ENOENT, "p1 of a damaged table");
    EXPECT(ipc_blk_partition(&disk, 0, &(struct blk_partition){ 0 }), -MICA_ENOENT,
           "PARTITION of a damaged table");

    EXPECT(ipc_blk_write(&disk, 0, zero, sizeof zero), BLKTEST_BLOCK, "wipe block 0 again");
    EXPECT(blktest_open_path(t, &p, false, "p3", BLK_OPEN_READ), -MICA_ENOENT, "p3 of no table");
    EXPECT(ipc_blk_close(&disk), 0, "close the disk");
    return 0;
}
