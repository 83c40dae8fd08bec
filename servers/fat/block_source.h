/* The FAT parser's reads (fat_read_fn) over a block scheme: byte ranges
 * become whole-block message-path reads, through a few cached 4 KiB lines
 * (the FAT and directories are read an entry at a time). */
#ifndef FAT_BLOCK_SOURCE_H
#define FAT_BLOCK_SOURCE_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client.h>

#define BLOCK_SOURCE_LINE 4096u
#define BLOCK_SOURCE_LINES 8u

struct block_source {
    struct ipc_blk_handle handle;
    uint64_t size;
    uint32_t block_size;
    struct {
        bool valid;
        uint64_t at;
        uint32_t bytes;
        uint8_t data[BLOCK_SOURCE_LINE];
    } lines[BLOCK_SOURCE_LINES];
    unsigned next_victim;
};

/* Opens "disk.vblk0:" (or a partition's path) read-only and learns its
 * size; -MICA_ENOTSUP for blocks larger than a line. */
int block_source_open(struct block_source *s, const char *name);
void block_source_close(struct block_source *s);
/* Drops every cached line: the next reads go to the device. The host may
 * rewrite the volume under a running system (make push writes a driver's
 * image with mtools while QEMU runs), so what an earlier OPEN cached may
 * no longer be what the device holds. */
void block_source_forget(struct block_source *s);
/* fat_read_fn: ctx is the block_source. */
int block_source_read(void *ctx, uint64_t offset, void *data, uint32_t length);

#endif
