/* Partitions as paths: OPEN of "p<n>" gives a handle whose view is
 * partition n of the disk's MBR or GPT (libipc/blk/blk_part_*.c), so every
 * request is checked against the partition's end and moved by its start
 * like any request against the disk's. The table is read through the
 * driver before serving, and again at each OPEN of a partition path or
 * PARTITION: by a synchronous driver always (memory copies, and its
 * requests then check nothing), by an asynchronous one when a write
 * reached the blocks it came from since (blk_server_parts_note). A new
 * table is never missed. A handle keeps the view it was opened with. */
#include <mica/abi/errno.h>
#include <mica/crc32.h>
#include <mica/log.h>
#include <mica/rt_string.h>
#include <mica/syscall.h>

#include "blk_server_private.h"

static int read_sync(void *ctx, uint64_t lba, uint8_t *block)
{
    struct blk_server *s = ctx;
    return s->c.ops->run(s->c.driver, BLK_OP_READ, lba, s->c.limits.block_size, block);
}

/* A driver that learns of a completion only from its interrupt (sdhci)
 * needs it while the server waits here: the notification is polled, the
 * interrupt handed to the driver, and every other bit kept for the loop. */
static void take_interrupt(struct blk_server *s)
{
    long word = mica_sys_ntfn_poll(s->notification);
    if (word <= 0)
        return;
    if (((uint64_t)word & BLK_SERVER_IRQ_BADGE) && s->c.ops->irq)
        s->c.ops->irq(s->c.driver);
    s->deferred_word |= (uint64_t)word & ~(uint64_t)BLK_SERVER_IRQ_BADGE;
}

/* An asynchronous driver's read, waited for here: the request goes out
 * under a free tag (none taken by a client: one is freed by polling) and
 * the driver is polled until it reports it. Other requests finishing
 * meanwhile are answered as usual. */
static int read_async(void *ctx, uint64_t lba, uint8_t *block)
{
    struct blk_server *s = ctx;
    uint32_t size = s->c.limits.block_size;
    int err = 0;
    while (s->free_count == 0 && err >= 0) {
        take_interrupt(s);
        err = s->c.ops->poll(s->c.driver);
        mica_sys_thread_yield();
    }
    if (err < 0)
        return err;
    unsigned tag = s->free_tags[--s->free_count];
    struct blk_server_tag *t = &s->tags[tag];
    /* A dma driver reads into the tag's bounce buffer, another into block. */
    uint8_t *data = s->c.dma ? s->c.bounce_va + (uint64_t)tag * BLK_SERVER_BOUNCE_BYTES : block;
    t->h = 0;
    t->done = false;
    t->in_flight = false;
    t->extents[0] = (struct blk_extent){ s->c.bounce_phys + (uint64_t)tag * BLK_SERVER_BOUNCE_BYTES,
                                         size };
    t->io = (struct blk_io){ .op = BLK_OP_READ, .lba = lba, .length = size, .data = data,
                             .extents = t->extents, .extent_count = s->c.dma ? 1u : 0u };
    err = s->c.ops->start(s->c.driver, tag, &t->io);
    while (!err && !t->done) {
        take_interrupt(s);
        err = s->c.ops->poll(s->c.driver);
        if (!err && !t->done)
            mica_sys_thread_yield();
    }
    if (!err)
        err = t->status;
    if (!err && data != block)
        memcpy(block, data, size);
    blk_server_tag_release(s, tag);
    return err;
}

void blk_server_parts_read(struct blk_server *s)
{
    struct blk_server_parts *p = &s->parts;
    const struct blk_device_limits *l = &s->c.limits;
    s->table_stale = false;
    if (l->block_size > BLK_SERVER_PART_BLOCK_MAX) {
        /* Nothing read, nothing watched: only the whole disk is served. */
        memset(&p->table, 0, sizeof p->table);
        s->table_end = 0;
        ipc_log_info("%s: partition tables are not read on %u-byte blocks", s->c.name, l->block_size);
        return;
    }
    struct blk_part_disk d = { .block_count = l->block_count, .block_size = l->block_size,
                               .read = blk_server_sync(s) ? read_sync : read_async, .ctx = s,
                               .block = p->block };
    blk_part_table_read(&d, &p->table);
    const struct blk_part_table *t = &p->table;
    /* The reader's first block is 0: the watched range is 0..watch_end-1. */
    s->table_end = t->watch_end;
    uint32_t crc = crc32_end(crc32_update(crc32_begin(), t, sizeof *t));
    if (crc == p->logged)
        return; /* read again, unchanged: said already */
    p->logged = crc;
    if (t->error != BLK_PART_OK) {
        char why[96];
        blk_part_error_text(t, why, sizeof why);
        ipc_log_warn("%s: %s partition table damaged: %s; no partitions served", s->c.name,
                     blk_part_kind_name(t->kind), why);
    } else if (t->kind != BLK_PART_KIND_NONE) {
        ipc_log_info("%s: %s partition table, %u partition%s", s->c.name,
                     blk_part_kind_name(t->kind), t->count, t->count == 1 ? "" : "s");
    }
}

static void read_if_stale(struct blk_server *s)
{
    bool readable = s->c.limits.block_size <= BLK_SERVER_PART_BLOCK_MAX;
    if (readable && (blk_server_sync(s) || s->table_stale))
        blk_server_parts_read(s);
}

int blk_server_parts_view(struct blk_server *s, const char *path, size_t length,
                          struct blk_device_limits *view, uint64_t *first_block)
{
    *view = s->c.limits;
    *first_block = 0;
    if (length == 0)
        return 0;
    unsigned number = blk_part_path_number(path, length);
    if (!number)
        return -MICA_ENOENT;
    read_if_stale(s);
    const struct blk_partition *part = blk_part_find(&s->parts.table, number);
    if (!part)
        return -MICA_ENOENT;
    view->block_count = part->block_count;
    *first_block = part->first_block;
    return 0;
}

void blk_server_partition(struct blk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    if (blk_message_short(m->info, BLK_MSG_PARTITION)) {
        blk_reply_error(r, -MICA_EINVAL);
        return;
    }
    read_if_stale(s);
    uint64_t index = m->w[BLK_PARTITION_W_INDEX];
    if (index >= s->parts.table.count) {
        blk_reply_error(r, -MICA_ENOENT);
        return;
    }
    uint64_t words[BLK_PARTITION_WORDS];
    memcpy(words, &s->parts.table.parts[index], sizeof words);
    for (unsigned i = 0; i < BLK_PARTITION_WORDS; i++)
        blk_reply_word(s->ipc, r, BLK_PARTITION_REPLY_W_INFO + i, words[i]);
}
