/* Host tests for the partition-table reader: tables written here byte by
 * byte after the MBR and GPT layouts (GPT CRCs computed with the reader's
 * own CRC-32, which is first checked against the standard check value),
 * read back; and each kind of damage gives no partitions and its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/blk_part_table.h>
#include <mica/crc32.h>
#include <mica/abi/errno.h>

#define MAX_BLOCKS 8192u
#define MAX_BLOCK 4096u

static uint8_t image[MAX_BLOCKS * 512u];
static uint8_t scratch[MAX_BLOCK];
static uint32_t block_size = 512;
static uint64_t block_count = 4096;
static uint64_t failing_block = UINT64_MAX;
static unsigned reads;
static struct blk_part_table table;

static int read_block(void *ctx, uint64_t lba, uint8_t *block)
{
    (void)ctx;
    reads++;
    assert_true(lba < block_count);
    if (lba == failing_block)
        return -MICA_EIO;
    memcpy(block, image + lba * block_size, block_size);
    return 0;
}

static void read_table(void)
{
    struct blk_part_disk d = { block_count, block_size, read_block, 0, scratch };
    blk_part_table_read(&d, &table);
}

static int setup(void **state)
{
    (void)state;
    memset(image, 0, sizeof image);
    block_size = 512;
    block_count = 4096;
    failing_block = UINT64_MAX;
    reads = 0;
    return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t *block_at(uint64_t lba)
{
    return image + lba * block_size;
}

/* Entry i (0..3) of the MBR or EBR at lba; start relative as stored. */
static void mbr_entry(uint64_t lba, unsigned i, uint8_t status, uint8_t type, uint32_t start,
                      uint32_t count)
{
    uint8_t *b = block_at(lba);
    uint8_t *e = b + 446 + 16 * i;
    e[0] = status;
    e[4] = type;
    put32(e + 8, start);
    put32(e + 12, count);
    b[510] = 0x55;
    b[511] = 0xaa;
}

/* GPT layout: header at 1, 128 entries of 128 bytes from block 2,
 * usable blocks from 34 to block_count - 34. */
#define ENTRIES 128u
#define ENTRY_SIZE 128u

static uint64_t first_usable(void)
{
    return 2 + ENTRIES * ENTRY_SIZE / block_size;
}

static uint64_t last_usable(void)
{
    return block_count - first_usable();
}

static uint8_t *gpt_entry(unsigned i)
{
    return block_at(2) + i * ENTRY_SIZE;
}

static void gpt_add(unsigned i, uint8_t type_byte, uint64_t first, uint64_t last, const char *name)
{
    uint8_t *e = gpt_entry(i);
    memset(e, 0, ENTRY_SIZE);
    memset(e, type_byte, 16);
    for (unsigned k = 0; k < 16; k++)
        e[16 + k] = (uint8_t)(0xa0 + i + k);
    put64(e + 32, first);
    put64(e + 40, last);
    for (unsigned k = 0; name[k]; k++)
        e[56 + 2 * k] = (uint8_t)name[k];
}

/* The protective MBR, the header and the CRCs over what gpt_add wrote. */
static void gpt_seal(void)
{
    uint64_t rest = block_count - 1;
    mbr_entry(0, 0, 0, 0xee, 1, rest > 0xffffffffu ? 0xffffffffu : (uint32_t)rest);
    uint8_t *h = block_at(1);
    memset(h, 0, block_size);
    memcpy(h, "EFI PART", 8);
    put32(h + 8, 0x00010000);
    put32(h + 12, 92);
    put64(h + 24, 1);
    put64(h + 32, block_count - 1);
    put64(h + 40, first_usable());
    put64(h + 48, last_usable());
    put64(h + 72, 2);
    put32(h + 80, ENTRIES);
    put32(h + 84, ENTRY_SIZE);
    put32(h + 88, crc32_end(crc32_update(crc32_begin(), block_at(2), ENTRIES * ENTRY_SIZE)));
    put32(h + 16, crc32_end(crc32_update(crc32_begin(), h, 92)));
}

/* The header's CRC again, after a test changed a field. */
static void gpt_reseal_header(void)
{
    uint8_t *h = block_at(1);
    put32(h + 16, 0);
    put32(h + 16, crc32_end(crc32_update(crc32_begin(), h, 92)));
}

static void expect_damage(enum blk_part_error e)
{
    read_table();
    assert_int_equal(table.error, e);
    assert_int_equal(table.count, 0);
}

static void crc32_check_value(void **state)
{
    (void)state;
    assert_int_equal(crc32_end(crc32_update(crc32_begin(), "123456789", 9)), 0xcbf43926u);
    uint32_t split = crc32_update(crc32_update(crc32_begin(), "1234", 4), "56789", 5);
    assert_int_equal(crc32_end(split), 0xcbf43926u);
}

static void blank_disk_has_no_table(void **state)
{
    (void)state;
    read_table();
    assert_int_equal(table.kind, BLK_PART_KIND_NONE);
    assert_int_equal(table.error, BLK_PART_OK);
    assert_int_equal(table.count, 0);
    assert_int_equal(table.watch_first, 0);
    assert_int_equal(table.watch_end, 1);
}

static void boot_sector_without_table(void **state)
{
    (void)state;
    /* A FAT volume's boot code where entries would be. */
    memset(block_at(0) + 446, 0x3c, 64);
    block_at(0)[510] = 0x55;
    block_at(0)[511] = 0xaa;
    read_table();
    assert_int_equal(table.kind, BLK_PART_KIND_NONE);
    assert_int_equal(table.error, BLK_PART_OK);
}

static void mbr_primaries(void **state)
{
    (void)state;
    mbr_entry(0, 0, 0x80, 0x0c, 2048, 1024);
    mbr_entry(0, 2, 0x00, 0x83, 3072, 1024);
    read_table();
    assert_int_equal(table.kind, BLK_PART_KIND_MBR);
    assert_int_equal(table.error, BLK_PART_OK);
    assert_int_equal(table.count, 2);
    assert_int_equal(table.parts[0].number, 1);
    assert_int_equal(table.parts[0].first_block, 2048);
    assert_int_equal(table.parts[0].block_count, 1024);
    assert_int_equal(table.parts[0].mbr_type, 0x0c);
    assert_int_equal(table.parts[0].flags, BLK_PART_BOOTABLE);
    assert_int_equal(table.parts[0].table, BLK_PART_TABLE_MBR);
    /* Slot 3 is p3: numbers follow the slots. */
    assert_int_equal(table.parts[1].number, 3);
    assert_int_equal(table.parts[1].flags, 0);
    assert_null(blk_part_find(&table, 2));
    assert_ptr_equal(blk_part_find(&table, 3), &table.parts[1]);
    assert_null(blk_part_find(&table, 0));
}

/* p1 primary; extended 2 at 1024 with logical partitions at EBRs 1024
 * and 2048. */
static void write_logical_layout(void)
{
    mbr_entry(0, 0, 0, 0x83, 64, 960);
    mbr_entry(0, 1, 0, 0x0f, 1024, 3072);
    mbr_entry(1024, 0, 0, 0x83, 1, 1000);
    mbr_entry(1024, 1, 0, 0x05, 1024, 1024);
    mbr_entry(2048, 0, 0, 0x82, 8, 512);
}

static void mbr_logical_partitions(void **state)
{
    (void)state;
    write_logical_layout();
    read_table();
    assert_int_equal(table.error, BLK_PART_OK);
    assert_int_equal(table.count, 3);
    assert_int_equal(table.parts[0].number, 1);
    assert_int_equal(table.parts[1].number, 5);
    assert_int_equal(table.parts[1].first_block, 1025);
    assert_int_equal(table.parts[1].block_count, 1000);
    assert_int_equal(table.parts[1].flags, BLK_PART_LOGICAL);
    assert_int_equal(table.parts[2].number, 6);
    assert_int_equal(table.parts[2].first_block, 2056);
    assert_int_equal(table.parts[2].mbr_type, 0x82);
    /* The EBRs are watched: a write there changes the table. */
    assert_int_equal(table.watch_first, 0);
    assert_int_equal(table.watch_end, 2049);
}

static void mbr_damage(void **state)
{
    (void)state;
    mbr_entry(0, 0, 0, 0x83, 4000, 200);
    expect_damage(BLK_PART_OUT_OF_DISK);
    assert_int_equal(table.detail[0], 1);

    setup(0);
    mbr_entry(0, 0, 0, 0x83, 100, 200);
    mbr_entry(0, 3, 0, 0x83, 250, 200);
    expect_damage(BLK_PART_OVERLAP);
    char why[80];
    blk_part_error_text(&table, why, sizeof why);
    assert_string_equal(why, "MBR entry 4 overlaps entry 1");

    setup(0);
    mbr_entry(0, 1, 0, 0x83, 0, 200);
    expect_damage(BLK_PART_START_ZERO);

    setup(0);
    mbr_entry(0, 0, 0, 0x05, 100, 200);
    mbr_entry(0, 1, 0, 0x0f, 400, 200);
    mbr_entry(100, 0, 0, 0x83, 1, 10);
    expect_damage(BLK_PART_TWO_EXTENDED);
}

static void mbr_chain_damage(void **state)
{
    (void)state;
    /* A link back to the first EBR: a loop, refused, never followed. */
    write_logical_layout();
    mbr_entry(2048, 1, 0, 0x05, 0, 1024);
    expect_damage(BLK_PART_EBR_CHAIN);
    assert_true(reads < 8);

    /* A logical partition past its extended partition. */
    setup(0);
    write_logical_layout();
    mbr_entry(2048, 0, 0, 0x83, 8, 4000);
    expect_damage(BLK_PART_OUT_OF_DISK);
    assert_int_equal(table.detail[0], 6);

    /* A logical partition over the next EBR. */
    setup(0);
    write_logical_layout();
    mbr_entry(1024, 0, 0, 0x83, 1, 1500);
    expect_damage(BLK_PART_EBR_CHAIN);

    /* An EBR without its signature. */
    setup(0);
    write_logical_layout();
    block_at(2048)[510] = 0;
    expect_damage(BLK_PART_EBR_CHAIN);

    /* A chain of empty EBRs longer than the limit. */
    setup(0);
    mbr_entry(0, 0, 0, 0x05, 1, 4000);
    for (unsigned i = 0; i < 40; i++)
        mbr_entry(1 + 2 * i, 1, 0, 0x05, 2 * (i + 1), 2);
    expect_damage(BLK_PART_TOO_MANY);
}

static void gpt_two_partitions(void **state)
{
    (void)state;
    gpt_add(0, 0x11, 34, 1057, "boot");
    gpt_add(2, 0x22, 2048, 4000, "data");
    gpt_seal();
    read_table();
    assert_int_equal(table.kind, BLK_PART_KIND_GPT);
    assert_int_equal(table.error, BLK_PART_OK);
    assert_int_equal(table.count, 2);
    assert_int_equal(table.parts[0].number, 1);
    assert_int_equal(table.parts[0].first_block, 34);
    assert_int_equal(table.parts[0].block_count, 1024);
    assert_string_equal(table.parts[0].name, "boot");
    assert_int_equal(table.parts[0].type_guid[0], 0x11);
    assert_int_equal(table.parts[0].uuid[0], 0xa0);
    assert_int_equal(table.parts[0].table, BLK_PART_TABLE_GPT);
    assert_int_equal(table.parts[1].number, 3);
    assert_int_equal(table.parts[1].block_count, 1953);
    assert_int_equal(table.parts[1].uuid[15], 0xa2 + 15);
    assert_int_equal(table.watch_first, 0);
    assert_int_equal(table.watch_end, 34);
}

static void gpt_names_in_utf8(void **state)
{
    (void)state;
    gpt_add(0, 0x11, 34, 100, "");
    uint8_t *name = gpt_entry(0) + 56;
    /* "é" (U+00E9), "€" (U+20AC), U+1F600 as a surrogate pair, a lone surrogate. */
    const uint16_t units[] = { 0x00e9, 0x20ac, 0xd83d, 0xde00, 0xdc00, 'x' };
    for (unsigned i = 0; i < 6; i++) {
        name[2 * i] = (uint8_t)units[i];
        name[2 * i + 1] = (uint8_t)(units[i] >> 8);
    }
    gpt_seal();
    read_table();
    assert_int_equal(table.error, BLK_PART_OK);
    assert_string_equal(table.parts[0].name, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbdx");

    /* 36 three-byte characters do not fit: cut at a character. */
    setup(0);
    gpt_add(0, 0x11, 34, 100, "");
    for (unsigned i = 0; i < 36; i++) {
        gpt_entry(0)[56 + 2 * i] = 0xac;
        gpt_entry(0)[57 + 2 * i] = 0x20;
    }
    gpt_seal();
    read_table();
    assert_int_equal(strlen(table.parts[0].name), 69);
}

static void gpt_header_damage(void **state)
{
    (void)state;
    gpt_add(0, 0x11, 34, 1057, "boot");
    gpt_seal();
    block_at(1)[40] ^= 1; /* first usable, CRC not updated */
    expect_damage(BLK_PART_GPT_HEADER_CRC);
    assert_int_equal(table.kind, BLK_PART_KIND_GPT);

    setup(0);
    gpt_add(0, 0x11, 34, 1057, "boot");
    gpt_seal();
    gpt_entry(0)[60] ^= 1; /* the name, array CRC not updated */
    expect_damage(BLK_PART_GPT_ENTRIES_CRC);

    setup(0);
    gpt_seal();
    memcpy(block_at(1), "EFI PARX", 8);
    expect_damage(BLK_PART_GPT_SIGNATURE);

    setup(0);
    gpt_seal();
    put32(block_at(1) + 84, 96); /* an entry size that is no power of two */
    gpt_reseal_header();
    expect_damage(BLK_PART_GPT_HEADER);

    setup(0);
    gpt_seal();
    put64(block_at(1) + 48, block_count); /* last usable past the disk */
    gpt_reseal_header();
    expect_damage(BLK_PART_GPT_HEADER);

    setup(0);
    gpt_seal();
    put64(block_at(1) + 40, 10); /* usable blocks over the entry array */
    gpt_reseal_header();
    expect_damage(BLK_PART_GPT_HEADER);

    setup(0);
    gpt_seal();
    put32(block_at(1) + 80, 100000); /* an array the server would read for long */
    gpt_reseal_header();
    expect_damage(BLK_PART_GPT_HEADER);
}

static void protective_mbr_mismatch(void **state)
{
    (void)state;
    gpt_add(0, 0x11, 34, 1057, "boot");
    gpt_seal();
    put32(block_at(0) + 446 + 12, 2000); /* covers half the disk */
    expect_damage(BLK_PART_PMBR_MISMATCH);
    char why[80];
    blk_part_error_text(&table, why, sizeof why);
    assert_string_equal(why, "protective MBR does not cover the disk (start 1, 2000 blocks)");

    setup(0);
    gpt_add(0, 0x11, 34, 1057, "boot");
    gpt_seal();
    put32(block_at(0) + 446 + 8, 2); /* starts past the header */
    expect_damage(BLK_PART_PMBR_MISMATCH);
}

static void gpt_entry_damage(void **state)
{
    (void)state;
    gpt_add(0, 0x11, 34, 1057, "a");
    gpt_add(1, 0x11, 1000, 2000, "b");
    gpt_seal();
    expect_damage(BLK_PART_OVERLAP);
    char why[80];
    blk_part_error_text(&table, why, sizeof why);
    assert_string_equal(why, "GPT entry 2 overlaps entry 1");

    setup(0);
    gpt_add(0, 0x11, 34, 4070, "past the usable end");
    gpt_seal();
    expect_damage(BLK_PART_OUT_OF_DISK);

    setup(0);
    gpt_add(0, 0x11, 10, 100, "over the array");
    gpt_seal();
    expect_damage(BLK_PART_OUT_OF_DISK);

    setup(0);
    gpt_add(0, 0x11, 200, 100, "ends before it starts");
    gpt_seal();
    expect_damage(BLK_PART_OUT_OF_DISK);

    setup(0);
    for (unsigned i = 0; i < BLK_PART_MAX + 1; i++)
        gpt_add(i, 0x11, 100 + 10 * i, 109 + 10 * i, "many");
    gpt_seal();
    expect_damage(BLK_PART_TOO_MANY);
}

static void gpt_on_4k_blocks(void **state)
{
    (void)state;
    block_size = 4096;
    block_count = 1024;
    gpt_add(0, 0x11, 6, 500, "big");
    gpt_seal();
    read_table();
    assert_int_equal(table.error, BLK_PART_OK);
    assert_int_equal(table.count, 1);
    assert_int_equal(table.parts[0].first_block, 6);
    assert_int_equal(table.watch_end, 6);
}

static void read_failure(void **state)
{
    (void)state;
    gpt_add(0, 0x11, 34, 1057, "boot");
    gpt_seal();
    failing_block = 3;
    expect_damage(BLK_PART_READ_FAILED);
    assert_int_equal(table.detail[0], 3);
}

static void path_numbers(void **state)
{
    (void)state;
    assert_int_equal(blk_part_path_number("p1", 2), 1);
    assert_int_equal(blk_part_path_number("p12", 3), 12);
    assert_int_equal(blk_part_path_number("p999", 4), 999);
    assert_int_equal(blk_part_path_number("p1000", 5), 0);
    assert_int_equal(blk_part_path_number("p0", 2), 0);
    assert_int_equal(blk_part_path_number("p01", 3), 0);
    assert_int_equal(blk_part_path_number("p", 1), 0);
    assert_int_equal(blk_part_path_number("", 0), 0);
    assert_int_equal(blk_part_path_number("1", 1), 0);
    assert_int_equal(blk_part_path_number("p1a", 3), 0);
    assert_int_equal(blk_part_path_number("part1", 5), 0);
    /* Only `length` bytes count. */
    assert_int_equal(blk_part_path_number("p12", 2), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(crc32_check_value, setup),
        cmocka_unit_test_setup(blank_disk_has_no_table, setup),
        cmocka_unit_test_setup(boot_sector_without_table, setup),
        cmocka_unit_test_setup(mbr_primaries, setup),
        cmocka_unit_test_setup(mbr_logical_partitions, setup),
        cmocka_unit_test_setup(mbr_damage, setup),
        cmocka_unit_test_setup(mbr_chain_damage, setup),
        cmocka_unit_test_setup(gpt_two_partitions, setup),
        cmocka_unit_test_setup(gpt_names_in_utf8, setup),
        cmocka_unit_test_setup(gpt_header_damage, setup),
        cmocka_unit_test_setup(protective_mbr_mismatch, setup),
        cmocka_unit_test_setup(gpt_entry_damage, setup),
        cmocka_unit_test_setup(gpt_on_4k_blocks, setup),
        cmocka_unit_test_setup(read_failure, setup),
        cmocka_unit_test_setup(path_numbers, setup),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
