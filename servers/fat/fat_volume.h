/* A read-only FAT12/16/32 volume, parsed from byte reads of the device that
 * holds it. Pure code: the server gives a read function over a block
 * handle, the host tests and the fuzzer one over memory. Every number read
 * from the volume is checked before it is used, and every failure leaves one
 * printable line in the volume's `why`, so a damaged volume is refused with
 * that line and never makes the parser read past the device or loop. */
#ifndef FAT_VOLUME_H
#define FAT_VOLUME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads `length` bytes at byte `offset` of the device; 0 or a negative
 * MICA_E* code. The parser never asks for bytes past the device's size. */
typedef int (*fat_read_fn)(void *ctx, uint64_t offset, void *data, uint32_t length);

#define FAT_WHY_MAX 96u
/* A long name is at most 255 UCS-2 characters, each at most 3 UTF-8 bytes. */
#define FAT_NAME_MAX (255u * 3u + 1u)
#define FAT_DIR_ENTRY_BYTES 32u

struct fat_volume {
    fat_read_fn read;
    void *ctx;
    uint64_t device_bytes;
    unsigned type;               /* 12, 16 or 32 */
    uint32_t sector_bytes;
    uint32_t cluster_bytes;
    uint32_t cluster_count;      /* data clusters: numbers 2 .. cluster_count + 1 */
    uint64_t fat_offset;         /* the first FAT's first byte */
    uint64_t root_offset;        /* FAT12/16: the fixed root directory */
    uint32_t root_entries;       /* FAT12/16 */
    uint32_t root_cluster;       /* FAT32 */
    uint32_t root_clusters;      /* FAT32: its chain's length, checked at mount */
    uint64_t data_offset;        /* cluster 2's first byte */
    char label[12];              /* from the boot sector, blanks trimmed */
    char why[FAT_WHY_MAX];       /* the last refusal */
};

/* A file or directory. A directory's `size` is 0; the root has
 * first_cluster 0 on FAT12/16 (its fixed region) and is_root set. */
struct fat_node {
    bool is_dir;
    bool is_root;
    uint8_t attributes;
    uint32_t first_cluster;
    uint32_t size;
    uint32_t clusters;           /* the chain's length, checked when found */
    char name[FAT_NAME_MAX];     /* UTF-8: the long name, else the short one */
    char short_name[13];         /* "NAME.EXT" as stored (with its case flags) */
};

/* Where a reader is in a chain, so sequential reads walk it once. */
struct fat_cursor {
    uint32_t index;              /* the cluster's position in the chain */
    uint32_t cluster;            /* 0: not started */
};

/* Decodes the boot sector and checks the layout against the device's
 * size. 0, or a negative MICA_E* code with v->why. */
int fat_mount(struct fat_volume *v, fat_read_fn read, void *ctx, uint64_t device_bytes);

/* The root directory. */
void fat_root(const struct fat_volume *v, struct fat_node *root);

/* The node at an absolute or relative path below the root ("/a/b.txt";
 * names compare without regard to ASCII case; "." is skipped, ".." is
 * refused). -MICA_ENOENT, -MICA_ENOTDIR, -MICA_EINVAL or a damage code
 * (-MICA_EIO for the device, -MICA_EBADMSG for the volume) with v->why. */
int fat_lookup(struct fat_volume *v, const char *path, struct fat_node *node);

/* The next entry of directory `dir` at or after entry index *cookie (start
 * at 0): 1 and the entry (*cookie moves past it), 0 at the end, or a
 * negative code with v->why. Volume labels, deleted entries, "." and ".."
 * are skipped. */
int fat_readdir(struct fat_volume *v, const struct fat_node *dir, uint64_t *cookie,
                struct fat_node *entry);

/* Up to `length` bytes of file `node` from `offset` into data: the bytes
 * read (0 at or past the end), or a negative code with v->why. cursor may
 * be NULL; given, it must start zeroed for this node. */
long fat_read(struct fat_volume *v, const struct fat_node *node, struct fat_cursor *cursor,
              uint64_t offset, void *data, uint32_t length);

/* Chains (fat_chain.c): the cluster after `cluster`, 0 at the chain's end,
 * or a negative code for a free, reserved, bad or out-of-volume entry. */
long fat_next_cluster(struct fat_volume *v, uint32_t cluster);
/* Walks the whole chain from `first`, refusing loops (cycle detection with
 * no memory) and bad entries: its length in clusters. */
long fat_chain_length(struct fat_volume *v, uint32_t first);
/* The cluster at position `index` of the chain from `first`, resuming from
 * cursor when it is not past it. */
long fat_chain_seek(struct fat_volume *v, uint32_t first, uint32_t index, struct fat_cursor *cursor);
/* A cluster's first byte on the device. */
uint64_t fat_cluster_offset(const struct fat_volume *v, uint32_t cluster);

/* Fills v->why and returns code (< 0). */
int fat_refuse(struct fat_volume *v, int code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
