/* The boot sector (BIOS parameter block): decoded once at mount, every
 * field checked against the FAT specification's limits and the layout
 * against the device, so later code can trust the volume's geometry. */
#include <mica/abi/errno.h>
#include <mica/rt_string.h>

#include "fat_volume.h"

#define BOOT_BYTES 512u
/* The specification's cluster counts that tell the three types apart. */
#define FAT12_MAX_CLUSTERS 4084u
#define FAT16_MAX_CLUSTERS 65524u
#define FAT32_MAX_CLUSTERS 0x0ffffff5u
/* The extended parameter block (with the label) is present. */
#define EXTENDED_BOOT_SIGNATURE 0x29

int fat_refuse(struct fat_volume *v, int code, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(v->why, sizeof v->why, format, ap);
    va_end(ap);
    return code;
}

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static bool power_of_two(uint32_t x)
{
    return x && (x & (x - 1)) == 0;
}

/* The volume label, blanks trimmed, printable ASCII only. */
static void copy_label(char out[12], const uint8_t *field)
{
    size_t n = 11;
    while (n > 0 && field[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < n; i++)
        out[i] = field[i] >= 0x20 && field[i] < 0x7f ? (char)field[i] : '?';
    out[n] = 0;
}

/* Bytes a FAT of `entries` entries needs. */
static uint64_t fat_bytes_needed(unsigned type, uint64_t entries)
{
    return type == 12 ? (entries * 3 + 1) / 2 : entries * (type / 8u);
}

int fat_mount(struct fat_volume *v, fat_read_fn read, void *ctx, uint64_t device_bytes)
{
    memset(v, 0, sizeof *v);
    v->read = read;
    v->ctx = ctx;
    v->device_bytes = device_bytes;
    uint8_t b[BOOT_BYTES];
    if (device_bytes < BOOT_BYTES)
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: device of %llu bytes is too small",
                          (unsigned long long)device_bytes);
    int r = read(ctx, 0, b, sizeof b);
    if (r < 0)
        return fat_refuse(v, r, "cannot read the boot sector (error %d)", r);
    if (b[510] != 0x55 || b[511] != 0xaa)
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: no 55 aa signature");
    if (b[0] != 0xeb && b[0] != 0xe9)
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: no jump instruction (0x%02x)", b[0]);
    uint32_t sector = le16(b + 11), per_cluster = b[13], reserved = le16(b + 14), fats = b[16];
    uint32_t root_entries = le16(b + 17), total16 = le16(b + 19), fat16_size = le16(b + 22);
    uint32_t total32 = le32(b + 32), fat32_size = le32(b + 36);
    if (sector < 512 || sector > 4096 || !power_of_two(sector))
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: %u bytes per sector", sector);
    if (!power_of_two(per_cluster) || sector * per_cluster > 65536u)
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: %u sectors per cluster", per_cluster);
    if (reserved == 0 || fats == 0)
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: %u reserved sectors, %u FATs",
                          reserved, fats);
    uint64_t total = total16 ? total16 : total32;
    uint64_t fat_size = fat16_size ? fat16_size : fat32_size;
    uint64_t root_sectors = ((uint64_t)root_entries * FAT_DIR_ENTRY_BYTES + sector - 1) / sector;
    uint64_t meta = reserved + fats * fat_size + root_sectors;
    if (fat_size == 0 || total == 0 || meta >= total)
        return fat_refuse(v, -MICA_EBADMSG,
                          "bad boot sector: %llu sectors cannot hold %llu of FATs and directory",
                          (unsigned long long)total, (unsigned long long)meta);
    if (total * sector > device_bytes)
        return fat_refuse(v, -MICA_EBADMSG, "volume of %llu bytes is larger than its device (%llu)",
                          (unsigned long long)(total * sector), (unsigned long long)device_bytes);
    uint64_t clusters = (total - meta) / per_cluster;
    unsigned type = clusters <= FAT12_MAX_CLUSTERS ? 12 : clusters <= FAT16_MAX_CLUSTERS ? 16 : 32;
    if (clusters == 0 || clusters > FAT32_MAX_CLUSTERS)
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: %llu clusters",
                          (unsigned long long)clusters);
    if ((type == 32) != (root_entries == 0) || (type == 32 && fat16_size != 0))
        return fat_refuse(v, -MICA_EBADMSG,
                          "bad boot sector: FAT%u by its %llu clusters, but %u root entries",
                          type, (unsigned long long)clusters, root_entries);
    if (fat_bytes_needed(type, clusters + 2) > fat_size * sector)
        return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: a FAT of %llu sectors is too small",
                          (unsigned long long)fat_size);
    v->type = type;
    v->sector_bytes = sector;
    v->cluster_bytes = sector * per_cluster;
    v->cluster_count = (uint32_t)clusters;
    v->fat_offset = (uint64_t)reserved * sector;
    v->root_offset = (reserved + fats * fat_size) * sector;
    v->root_entries = root_entries;
    v->data_offset = meta * sector;
    if (type == 32) {
        if (le16(b + 42) != 0)
            return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: FAT32 version %u", le16(b + 42));
        v->root_cluster = le32(b + 44);
        if (v->root_cluster < 2 || v->root_cluster > v->cluster_count + 1)
            return fat_refuse(v, -MICA_EBADMSG, "bad boot sector: root cluster %u is past the volume",
                              v->root_cluster);
        if (b[66] == EXTENDED_BOOT_SIGNATURE)
            copy_label(v->label, b + 71);
        long length = fat_chain_length(v, v->root_cluster);
        if (length < 0)
            return (int)length;
        v->root_clusters = (uint32_t)length;
    } else if (b[38] == EXTENDED_BOOT_SIGNATURE) {
        copy_label(v->label, b + 43);
    }
    return 0;
}

void fat_root(const struct fat_volume *v, struct fat_node *root)
{
    memset(root, 0, sizeof *root);
    root->is_dir = true;
    root->is_root = true;
    root->attributes = 0x10;
    root->first_cluster = v->type == 32 ? v->root_cluster : 0;
    root->clusters = v->type == 32 ? v->root_clusters : 0;
    root->name[0] = '/';
}

uint64_t fat_cluster_offset(const struct fat_volume *v, uint32_t cluster)
{
    return v->data_offset + (uint64_t)(cluster - 2) * v->cluster_bytes;
}
