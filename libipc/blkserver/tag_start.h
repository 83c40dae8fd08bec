/* Starting a checked request under its tag, made inline where its path is
 * known when compiled: the ring batch (rings.c) gets a start with only the
 * ring's branches and counts its requests once a batch, the calls
 * (requests.c) one for every path. */
#ifndef BLK_SERVER_TAG_START_H
#define BLK_SERVER_TAG_START_H
#include "blk_server_private.h"

/* requests.c: a message or window request's data put where the driver
 * finds it (the message data area, or the tag's bounce buffer, a write's
 * bytes copied in); 0, or the window's refusal with the tag freed. */
int blk_server_tag_stage(struct blk_server *s, unsigned tag);

/* What starting a request under its tag is on every path: its io filled
 * in, its data located (or staged), the driver's start. 0, or the driver's
 * or the staging's refusal (the tag is free again then). */
static inline __attribute__((always_inline)) int
blk_server_tag_begin(struct blk_server *s, unsigned tag, enum blk_data_path via)
{
    struct blk_server_tag *t = &s->tags[tag];
    struct blk_server_handle *h = t->h;
    const enum blk_opcode op = t->req.op;
    t->done = false;
    t->in_flight = false;
    t->io = (struct blk_io){ .op = op, .lba = t->req.lba + h->first_block, .length = t->req.length,
                             .extents = t->extents, .extent_count = 0 };
    if (op != BLK_OP_FLUSH) {
        if (via == BLK_VIA_BUFFER || via == BLK_VIA_RING) {
            blk_server_buffer_locate(&h->buffer, s->c.dma, t);
        } else {
            int err = blk_server_tag_stage(s, tag);
            if (err)
                return err;
        }
    }
    blk_server_parts_note(s, op, t->io.lba);
    int err = s->c.ops->start(s->c.driver, tag, &t->io);
    if (err)
        blk_server_tag_release(s, tag);
    return err;
}

/* Counts `n` requests of handle h that went to the device (the ring batch
 * counts its own once, after the batch: rings.c). */
static inline void blk_server_count_in_flight(struct blk_server *s, struct blk_server_handle *h,
                                              unsigned n)
{
    h->client->requests += n;
    if ((h->in_flight += n) > h->max_in_flight)
        h->max_in_flight = h->in_flight;
    if ((s->in_flight += n) > s->max_in_flight)
        s->max_in_flight = s->in_flight;
}

/* Starts a call's request under its tag on path `via` (the message,
 * buffer and window paths) and counts it: 0, or the driver's or the
 * staging's refusal (the tag is free again then). One finished inside start is answered by
 * the caller of this. */
static inline __attribute__((always_inline)) int
blk_server_tag_start_via(struct blk_server *s, unsigned tag, enum blk_data_path via)
{
    int err = blk_server_tag_begin(s, tag, via);
    if (err)
        return err;
    struct blk_server_tag *t = &s->tags[tag];
    t->h->requests[via]++;
    if (t->done)
        return 0;
    blk_server_fault_at(s, BLK_FAULT(PROC_FAULT_DMA)); /* the device has it */
    t->in_flight = true;
    blk_server_count_in_flight(s, t->h, 1);
    return 0;
}

#endif
