/* The handle table every block server keeps: entries of the server's own
 * handle struct, each starting with a struct blk_handle, found by the badge
 * of the capability minted for its open (mica/blk_handle_badge.h). The
 * capability work is the server's (struct blk_handle_caps), so the table
 * itself needs nothing but memory and is tested on the host. */
#ifndef MICA_BLK_HANDLE_TABLE_H
#define MICA_BLK_HANDLE_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first member of a server's handle struct. */
struct blk_handle {
    bool open;           /* reachable by its badge */
    bool draining;       /* closed, but the device may still use what it owns: not reusable */
    bool writable;       /* opened with BLK_OPEN_WRITE */
    uint64_t generation; /* bumped at every open: a stale badge never matches */
    long endpoint;       /* minted badged cap; the client's copies derive from it */
};

/* How a server makes and ends the capability of a handle. */
struct blk_handle_caps {
    /* A new slot holding a WRITE|GRANT cap to `endpoint` with `badge`, or a
     * negative MICA_E* code. */
    long (*mint)(long endpoint, uint64_t badge);
    /* Revokes every copy derived from `slot` (the client's), then drops it. */
    void (*revoke_and_drop)(long slot);
    /* Whether any copy derived from `slot` still exists: false once every
     * client that held the handle exited or dropped it without CLOSE. */
    bool (*held)(long slot);
};

struct blk_handle_table {
    uint8_t *entries; /* count entries of `stride` bytes, each starting with a struct blk_handle */
    size_t stride;
    unsigned count;
    long endpoint; /* the server's unbadged endpoint: the source of every mint */
    const struct blk_handle_caps *caps;
};

/* Every entry is zeroed: closed, generation 0. count must fit the badge's index. */
void blk_handle_table_init(struct blk_handle_table *t, void *entries, size_t stride,
                           unsigned count, long endpoint, const struct blk_handle_caps *caps);
struct blk_handle *blk_handle_at(const struct blk_handle_table *t, unsigned index);
unsigned blk_handle_index(const struct blk_handle_table *t, const struct blk_handle *h);
uint64_t blk_handle_badge_of(const struct blk_handle_table *t, const struct blk_handle *h);
/* The open handle this badge names, or NULL (closed, stale, foreign). */
struct blk_handle *blk_handle_lookup(const struct blk_handle_table *t, uint64_t badge);
/* Takes a free entry (neither open nor draining), zeroes the whole entry,
 * bumps its generation and mints its cap. 0, or -MICA_EMFILE when the table
 * is full, or the mint's error (the entry stays free). */
int blk_handle_open(struct blk_handle_table *t, bool writable, struct blk_handle **opened);
/* The first open handle at index *from or later whose cap nobody holds any
 * more, or NULL; *from moves past it. The caller closes it as CLOSE does
 * (libipc/blkserver/handles.c). Call it only while every open handle's
 * cap has been delivered (before minting a new one), or a handle whose
 * OPEN reply is still to be sent would look abandoned. */
struct blk_handle *blk_handle_next_unheld(const struct blk_handle_table *t, unsigned *from);
/* Revokes the handle's cap (so every client copy goes) and marks it closed.
 * The server releases its own per-handle state itself, before or after. */
void blk_handle_close(struct blk_handle_table *t, struct blk_handle *h);

#endif
