/* The fat server: a mounted volume, served under one scheme through the
 * file protocol (mica/file_protocol.h). */
#ifndef FAT_SERVER_H
#define FAT_SERVER_H
#include <mica/blk_handle_table.h>
#include <mica/scheme.h>

#include "block_source.h"
#include "fat_volume.h"

#define FAT_SERVER_HANDLES 16u

struct fat_open {
    struct blk_handle base; /* first: the handle table's entry */
    struct fat_node node;
    struct fat_cursor cursor;
};

struct fat_server {
    char scheme[MICA_SCHEME_NAME_MAX];
    char device[MICA_SCHEME_NAME_MAX + 8]; /* the block path the volume is on */
    struct block_source source;
    struct fat_volume volume;
    struct blk_handle_table table;
    struct fat_open handles[FAT_SERVER_HANDLES];
};

/* Finds the volume: for each block scheme path among the words of args
 * ("disk.vblk0:"), the whole device, then its partitions p1..p8;
 * the first FAT volume that holds `find` (any volume when find is empty)
 * is kept open in s. 0, or a negative code after a line per candidate. */
int fat_probe(struct fat_server *s, const char *args, const char *find);

/* Serves the file protocol on `endpoint` until receiving fails. */
int fat_serve(struct fat_server *s, long endpoint);

#endif
