/* The ramdisk's engine: one request is one copy between the storage and the
 * request's data. The server calls it for every request (ramdisk.c), and
 * blkbench compiles the same code into its direct runner, the ramdisk's
 * baseline with no IPC. Inline: the request path makes no call for it. */
#ifndef RAMDISK_ENGINE_H
#define RAMDISK_ENGINE_H
#include <stdint.h>

#include <mica/blk_protocol.h>

#define RAMDISK_BLOCK_SIZE 512u

/* RAM has no volatile cache: a flush has nothing to do. */
static inline void ramdisk_engine_io(uint8_t *storage, enum blk_opcode op, uint64_t lba,
                                     uint32_t length, uint8_t *data)
{
    uint8_t *disk = storage + lba * RAMDISK_BLOCK_SIZE;
    if (op == BLK_OP_READ)
        __builtin_memcpy(data, disk, length);
    else if (op == BLK_OP_WRITE)
        __builtin_memcpy(disk, data, length);
}

#endif
