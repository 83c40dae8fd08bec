/* Host tests of the FAT parser on volumes mtools made (make-images.sh):
 * every type, long and short names, a 64 KiB file across clusters, a
 * directory across clusters; then the same volumes damaged on purpose,
 * each refused with its own line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/errno.h>

#include "../fat_volume.h"

struct image {
    uint8_t *bytes;
    size_t size;
};

static int read_memory(void *ctx, uint64_t offset, void *data, uint32_t length)
{
    const struct image *img = ctx;
    /* The parser promises never to read past the device: hold it to that. */
    assert_true(offset <= img->size && length <= img->size - offset);
    memcpy(data, img->bytes + offset, length);
    return 0;
}

static char *data_path(const char *name)
{
    static char path[512];
    const char *build = getenv("MICA_BUILD");
    snprintf(path, sizeof path, "%s/fat-test/%s", build ? build : "build", name);
    return path;
}

static struct image load_file(const char *name)
{
    struct image img = { 0 };
    FILE *f = fopen(data_path(name), "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    img.size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    img.bytes = malloc(img.size ? img.size : 1);
    assert_int_equal(fread(img.bytes, 1, img.size, f), img.size);
    fclose(f);
    return img;
}

static const unsigned types[] = { 12, 16, 32 };

static struct image load_type(unsigned type)
{
    char name[32];
    snprintf(name, sizeof name, "fat%u.img", type);
    return load_file(name);
}

static void expect_file(struct fat_volume *v, const char *path, const char *tree_name)
{
    char tree_path[128];
    snprintf(tree_path, sizeof tree_path, "tree/%s", tree_name);
    struct image want = load_file(tree_path);
    struct fat_node node;
    assert_int_equal(fat_lookup(v, path, &node), 0);
    assert_false(node.is_dir);
    assert_int_equal(node.size, want.size);
    uint8_t *got = malloc(want.size + 16);
    /* In uneven pieces through one cursor, then in one read without. */
    struct fat_cursor cursor = { 0 };
    size_t done = 0;
    while (done < want.size) {
        long n = fat_read(v, &node, &cursor, done, got + done, 1000);
        assert_true(n > 0);
        done += (size_t)n;
    }
    assert_memory_equal(got, want.bytes, want.size);
    memset(got, 0, want.size);
    assert_int_equal(fat_read(v, &node, 0, 0, got, (uint32_t)want.size + 16), (long)want.size);
    assert_memory_equal(got, want.bytes, want.size);
    assert_int_equal(fat_read(v, &node, 0, want.size, got, 16), 0);
    free(got);
    free(want.bytes);
}

static void mounts_each_type(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        struct image img = load_type(types[i]);
        struct fat_volume v;
        assert_int_equal(fat_mount(&v, read_memory, &img, img.size), 0);
        assert_int_equal(v.type, types[i]);
        char label[16];
        snprintf(label, sizeof label, "FAT%uTEST", types[i]);
        assert_string_equal(v.label, label);
        free(img.bytes);
    }
}

static void reads_files_by_long_and_short_names(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        struct image img = load_type(types[i]);
        struct fat_volume v;
        assert_int_equal(fat_mount(&v, read_memory, &img, img.size), 0);
        expect_file(&v, "/README.TXT", "README.TXT");
        expect_file(&v, "readme.txt", "README.TXT");
        expect_file(&v, "/lower.txt", "lower.txt");
        expect_file(&v, "/A long file name with spaces.txt", "A long file name with spaces.txt");
        expect_file(&v, "/ALONGF~1.TXT", "A long file name with spaces.txt");
        expect_file(&v, "/naïve-ünïcødé.txt", "naïve-ünïcødé.txt");
        expect_file(&v, "/dir/sub/deep.bin", "deep.bin");
        expect_file(&v, "//dir/./sub//deep.bin", "deep.bin");
        expect_file(&v, "/empty", "empty");
        free(img.bytes);
    }
}

static void lists_directories(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        struct image img = load_type(types[i]);
        struct fat_volume v;
        assert_int_equal(fat_mount(&v, read_memory, &img, img.size), 0);
        struct fat_node dir, entry;
        uint64_t cookie = 0;
        assert_int_equal(fat_lookup(&v, "/many", &dir), 0);
        assert_true(dir.is_dir);
        /* Forty entries in creation order, every one once; the directory
         * spans clusters (one-sector clusters hold 16 entries). */
        for (unsigned n = 0; n < 40; n++) {
            char want[32];
            snprintf(want, sizeof want, "entry number %u.txt", n);
            assert_int_equal(fat_readdir(&v, &dir, &cookie, &entry), 1);
            assert_string_equal(entry.name, want);
            assert_int_equal(entry.size, n < 10 ? 2 : 3);
        }
        assert_int_equal(fat_readdir(&v, &dir, &cookie, &entry), 0);
        /* The root: labels and dot entries are not listed. */
        struct fat_node root;
        fat_root(&v, &root);
        cookie = 0;
        unsigned count = 0, dirs = 0;
        while (fat_readdir(&v, &root, &cookie, &entry) == 1) {
            count++;
            dirs += entry.is_dir;
        }
        assert_int_equal(count, 7);
        assert_int_equal(dirs, 2);
        /* A cookie far past the end is the end, not an error. */
        cookie = UINT64_MAX / 2;
        assert_int_equal(fat_readdir(&v, &dir, &cookie, &entry), 0);
        free(img.bytes);
    }
}

static void refuses_bad_paths(void **state)
{
    (void)state;
    struct image img = load_type(16);
    struct fat_volume v;
    struct fat_node node;
    assert_int_equal(fat_mount(&v, read_memory, &img, img.size), 0);
    assert_int_equal(fat_lookup(&v, "/nothing", &node), -MICA_ENOENT);
    assert_string_equal(v.why, "/nothing: no nothing");
    assert_int_equal(fat_lookup(&v, "/README.TXT/x", &node), -MICA_ENOTDIR);
    /* A '/' or "." after a file's name asks for a directory too. */
    assert_int_equal(fat_lookup(&v, "/README.TXT/", &node), -MICA_ENOTDIR);
    assert_int_equal(fat_lookup(&v, "/README.TXT/.", &node), -MICA_ENOTDIR);
    assert_int_equal(fat_lookup(&v, "/README.TXT", &node), 0);
    assert_int_equal(fat_lookup(&v, "/dir/", &node), 0);
    assert_int_equal(fat_lookup(&v, "/dir/.", &node), 0);
    assert_int_equal(fat_lookup(&v, "/dir/../README.TXT", &node), -MICA_EINVAL);
    assert_int_equal(fat_lookup(&v, "/dir", &node), 0);
    uint8_t b[4];
    assert_int_equal(fat_read(&v, &node, 0, 0, b, 4), -MICA_EISDIR);
    assert_int_equal(fat_lookup(&v, "/", &node), 0);
    assert_true(node.is_root);
    free(img.bytes);
}

/* Damage: the byte offset of an entry's name in a directory, found by
 * scanning for its short name. */
static size_t find_short(const struct image *img, const char name[11])
{
    for (size_t at = 0; at + 32 <= img->size; at += 32)
        if (memcmp(img->bytes + at, name, 11) == 0)
            return at;
    fail_msg("no entry %.11s", name);
    return 0;
}

static void expect_refusal(struct image *img, const char *path, int code, const char *why_start)
{
    struct fat_volume v;
    struct fat_node node;
    int r = fat_mount(&v, read_memory, img, img->size);
    if (r == 0)
        r = fat_lookup(&v, path, &node);
    if (r == 0 && !node.is_dir) {
        static uint8_t sink[65536];
        long n = fat_read(&v, &node, 0, 0, sink, sizeof sink);
        r = n < 0 ? (int)n : 0;
    }
    if (r != code || strncmp(v.why, why_start, strlen(why_start)) != 0)
        fail_msg("got %d \"%s\", want %d \"%s...\"", r, v.why, code, why_start);
    assert_null(strchr(v.why, '\n'));
}

static uint32_t le(const uint8_t *p, unsigned bytes)
{
    uint32_t x = 0;
    for (unsigned i = bytes; i-- > 0;)
        x = x << 8 | p[i];
    return x;
}

static void put_le(uint8_t *p, uint32_t x, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++, x >>= 8)
        p[i] = (uint8_t)x;
}

/* Sets the FAT entry of `cluster` in the first FAT (FAT16 and FAT32 only). */
static void set_fat(struct image *img, uint32_t cluster, uint32_t value)
{
    uint32_t sector = le(img->bytes + 11, 2), reserved = le(img->bytes + 14, 2);
    unsigned width = le(img->bytes + 22, 2) ? 2 : 4;
    put_le(img->bytes + reserved * sector + cluster * width, value, width);
}

static uint32_t first_cluster_of(const struct image *img, size_t entry)
{
    return le(img->bytes + entry + 26, 2) | le(img->bytes + entry + 20, 2) << 16;
}

static void refuses_damaged_boot_sectors(void **state)
{
    (void)state;
    struct image img = load_type(16);
    struct image copy = { malloc(img.size), img.size };
    struct {
        unsigned offset, bytes;
        uint32_t value;
        const char *why;
    } cases[] = {
        { 510, 1, 0, "bad boot sector: no 55 aa signature" },
        { 0, 1, 0, "bad boot sector: no jump instruction" },
        { 11, 2, 520, "bad boot sector: 520 bytes per sector" },
        { 13, 1, 3, "bad boot sector: 3 sectors per cluster" },
        { 16, 1, 0, "bad boot sector: 1 reserved sectors, 0 FATs" },
        { 22, 2, 0, "bad boot sector: 32768 sectors cannot hold" }, /* FAT32's size field is other data */
        { 22, 2, 1, "bad boot sector: a FAT of 1 sectors" }, /* more clusters than the FAT holds */
        { 19, 2, 200, "bad boot sector: 200 sectors cannot hold" },
        { 17, 2, 0, "bad boot sector: FAT16 by its" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(copy.bytes, img.bytes, img.size);
        put_le(copy.bytes + cases[i].offset, cases[i].value, cases[i].bytes);
        expect_refusal(&copy, "/", -MICA_EBADMSG, cases[i].why);
    }
    /* The volume says it is larger than the device. */
    memcpy(copy.bytes, img.bytes, img.size);
    copy.size = img.size - 512;
    expect_refusal(&copy, "/", -MICA_EBADMSG, "volume of 16777216 bytes is larger than its device");
    copy.size = 100;
    expect_refusal(&copy, "/", -MICA_EBADMSG, "bad boot sector: device of 100 bytes");
    free(copy.bytes);
    free(img.bytes);
}

static void refuses_damaged_chains(void **state)
{
    (void)state;
    for (unsigned t = 1; t < 3; t++) {
        struct image img = load_type(types[t]);
        size_t entry = find_short(&img, "DEEP    BIN");
        uint32_t first = first_cluster_of(&img, entry);
        /* A loop: the file's second cluster points back at its first. */
        uint8_t *saved = malloc(img.size);
        memcpy(saved, img.bytes, img.size);
        set_fat(&img, first + 1, first);
        expect_refusal(&img, "/dir/sub/deep.bin", -MICA_EBADMSG, "loop in the FAT chain from cluster");
        memcpy(img.bytes, saved, img.size);
        /* A chain through a free entry, past the volume, into a bad cluster. */
        set_fat(&img, first + 3, 0);
        expect_refusal(&img, "/dir/sub/deep.bin", -MICA_EBADMSG, "FAT entry of cluster");
        memcpy(img.bytes, saved, img.size);
        set_fat(&img, first + 3, t == 1 ? 0xfff0 : 0x0ffffff0);
        expect_refusal(&img, "/dir/sub/deep.bin", -MICA_EBADMSG, "FAT entry of cluster");
        memcpy(img.bytes, saved, img.size);
        set_fat(&img, first + 3, t == 1 ? 0xfff7 : 0x0ffffff7);
        expect_refusal(&img, "/dir/sub/deep.bin", -MICA_EBADMSG, "cluster");
        memcpy(img.bytes, saved, img.size);
        /* A size past its clusters, a first cluster past the volume. */
        put_le(img.bytes + entry + 28, 65536 * 4, 4);
        expect_refusal(&img, "/dir/sub/deep.bin", -MICA_EBADMSG, "deep.bin: size 262144 is past its");
        memcpy(img.bytes, saved, img.size);
        put_le(img.bytes + entry + 26, 0xfff0, 2);
        put_le(img.bytes + entry + 20, 0x0fff, 2); /* the high half: FAT32 only */
        expect_refusal(&img, "/dir/sub/deep.bin", -MICA_EBADMSG,
                       t == 1 ? "cluster 65520 is past the volume" : "cluster 268435440 is past the volume");
        memcpy(img.bytes, saved, img.size);
        /* A directory whose chain loops onto itself. */
        size_t many = find_short(&img, "MANY       ");
        uint32_t many_first = first_cluster_of(&img, many);
        set_fat(&img, many_first, many_first);
        expect_refusal(&img, "/many/entry number 39.txt", -MICA_EBADMSG, "loop in the FAT chain");
        free(saved);
        free(img.bytes);
    }
}

static void refuses_bad_long_name_runs(void **state)
{
    (void)state;
    struct image img = load_type(12);
    size_t entry = find_short(&img, "ALONGF~1TXT");
    /* "A long file name with spaces.txt" has 32 characters: three long
     * entries before the short one, the last (0x43) first. */
    size_t l3 = entry - 96, l2 = entry - 64, l1 = entry - 32;
    assert_int_equal(img.bytes[l3], 0x43);
    uint8_t *saved = malloc(img.size);
    memcpy(saved, img.bytes, img.size);
    const char *path = "/README.TXT"; /* listed after the damage: the root is read through it */
    img.bytes[l3 + 13] ^= 1;
    expect_refusal(&img, "/A long file name with spaces.txt", -MICA_EBADMSG,
                   "bad long-name run at directory entry");
    memcpy(img.bytes, saved, img.size);
    img.bytes[entry] = 'B'; /* the short name no longer matches the checksum */
    expect_refusal(&img, "/nothing-after", -MICA_EBADMSG, "bad long-name run");
    memcpy(img.bytes, saved, img.size);
    img.bytes[l2] = 0x01; /* out of order */
    expect_refusal(&img, "/nothing-after", -MICA_EBADMSG, "bad long-name run");
    memcpy(img.bytes, saved, img.size);
    img.bytes[l1] = 0xe5; /* deleted inside the run */
    expect_refusal(&img, "/nothing-after", -MICA_EBADMSG, "bad long-name run");
    memcpy(img.bytes, saved, img.size);
    img.bytes[l3] = 0x55; /* order 21: more than 255 characters */
    expect_refusal(&img, "/nothing-after", -MICA_EBADMSG, "bad long-name run");
    memcpy(img.bytes, saved, img.size);
    img.bytes[l1 + 1] = '/'; /* a character no path can name */
    expect_refusal(&img, "/nothing-after", -MICA_EBADMSG, "bad long-name run");
    memcpy(img.bytes, saved, img.size);
    img.bytes[find_short(&img, "README  TXT") + 1] = '\n'; /* a control character, no long name */
    expect_refusal(&img, "/nothing-after", -MICA_EBADMSG, "bad short name at directory entry");
    memcpy(img.bytes, saved, img.size);
    /* Undamaged, the files around it are found. */
    struct fat_volume v;
    struct fat_node node;
    assert_int_equal(fat_mount(&v, read_memory, &img, img.size), 0);
    assert_int_equal(fat_lookup(&v, path, &node), 0);
    free(saved);
    free(img.bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mounts_each_type),
        cmocka_unit_test(reads_files_by_long_and_short_names),
        cmocka_unit_test(lists_directories),
        cmocka_unit_test(refuses_bad_paths),
        cmocka_unit_test(refuses_damaged_boot_sectors),
        cmocka_unit_test(refuses_damaged_chains),
        cmocka_unit_test(refuses_bad_long_name_runs),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
