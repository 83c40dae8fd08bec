/* libFuzzer target for the FAT parser (servers/fat/): every input is a
 * volume, mounted, its whole tree listed and every file read. The first
 * four bytes give the device's size in KiB (up to 64 MiB); the rest are its
 * first bytes and the device reads zeros after them, so an input of a few
 * hundred KiB can be a FAT32 volume. A refusal must be one line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../servers/fat/fat_volume.h"

#define DEVICE_MAX (64ull << 20)
#define DEPTH_MAX 6
#define ENTRIES_MAX 64

struct device {
    const uint8_t *data;
    size_t size;
    uint64_t device_bytes;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_device(void *ctx, uint64_t offset, void *out, uint32_t length)
{
    const struct device *d = ctx;
    if (offset > d->device_bytes || length > d->device_bytes - offset)
        abort(); /* the parser read past the device it was given */
    memset(out, 0, length);
    if (offset < d->size) {
        size_t n = d->size - offset < length ? d->size - offset : length;
        memcpy(out, d->data + offset, n);
    }
    return 0;
}

static void check_why(const struct fat_volume *v)
{
    if (memchr(v->why, 0, sizeof v->why) == 0 || strchr(v->why, '\n'))
        abort();
}

static void walk(struct fat_volume *v, const struct fat_node *dir, int depth)
{
    static uint8_t sink[65536];
    struct fat_node entry;
    uint64_t cookie = 0;
    int r;
    for (int n = 0; n < ENTRIES_MAX && (r = fat_readdir(v, dir, &cookie, &entry)) > 0; n++) {
        if (entry.is_dir && depth < DEPTH_MAX) {
            walk(v, &entry, depth + 1);
            continue;
        }
        struct fat_cursor cursor = { 0 };
        for (uint64_t at = 0; at < entry.size; at += sizeof sink)
            if (fat_read(v, &entry, &cursor, at, sink, sizeof sink) <= 0)
                break;
    }
    check_why(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    uint64_t kib = (uint64_t)data[0] | (uint64_t)data[1] << 8 | (uint64_t)data[2] << 16 |
                   (uint64_t)data[3] << 24;
    struct device d = { data + 4, size - 4, kib << 10 };
    if (d.device_bytes > DEVICE_MAX)
        d.device_bytes = DEVICE_MAX;
    static struct fat_volume v;
    if (fat_mount(&v, read_device, &d, d.device_bytes) < 0) {
        check_why(&v);
        return 0;
    }
    struct fat_node root, node;
    fat_root(&v, &root);
    walk(&v, &root, 0);
    (void)fat_lookup(&v, "/dir/sub/deep.bin", &node);
    (void)fat_lookup(&v, "/A long file name with spaces.txt", &node);
    check_why(&v);
    return 0;
}
