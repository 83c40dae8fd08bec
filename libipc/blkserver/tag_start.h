/* Starting a checked request under its tag, made inline where its path is
 * known when compiled: the ring batch (rings.c) gets a start with only the
 * ring's branches, reads what every start needs once a batch and counts
 * its requests once a batch, the calls (requests.c) one for every path. */
#ifndef BLK_SERVER_TAG_START_H
#define BLK_SERVER_TAG_START_H
#include "blk_server_private.h"

/* requests.c: a message or window request's data put where the driver
 * finds it (the message data area, or the tag's bounce buffer, a write's
 * bytes copied in); 0, or the window's refusal with the tag freed. */
int blk_server_tag_stage(struct blk_server *s, unsigned tag);

/* What a start reads of the server and of the request's handle. A ring
 * batch reads it once for all its requests (the driver is called through a
 * pointer, so the compiler would otherwise load each of these again after
 * every start); a call reads it for its one. */
struct blk_start_view {
    uint64_t first_block;
    const struct blk_server_buffer *buffer;
    bool dma;
    int (*start)(void *driver, unsigned tag, const struct blk_io *io);
    void *driver;
};

static inline struct blk_start_view blk_start_view(const struct blk_server *s,
                                                   const struct blk_server_handle *h)
{
    return (struct blk_start_view){ .first_block = h->first_block, .buffer = &h->buffer,
                                    .dma = s->c.dma, .start = s->c.ops->start,
                                    .driver = s->c.driver };
}

/* What starting a request under its tag (t, s->tags[tag]) is on every
 * path, its handle seen through v: its io filled in, its data located (or staged), the
 * driver's start. 0, or the driver's or the staging's refusal (the tag is
 * free again then). */
static inline __attribute__((always_inline)) int
blk_server_tag_launch(struct blk_server *s, const struct blk_start_view *v, unsigned tag,
                      struct blk_server_tag *t, enum blk_data_path via)
{
    const enum blk_opcode op = t->req.op;
    t->done = false;
    t->in_flight = false;
    t->io = (struct blk_io){ .op = op, .lba = t->req.lba + v->first_block, .length = t->req.length,
                             .extents = t->extents, .extent_count = 0 };
    if (op != BLK_OP_FLUSH) {
        if (via == BLK_VIA_BUFFER || via == BLK_VIA_RING) {
            blk_server_buffer_locate(v->buffer, v->dma, t);
        } else {
            int err = blk_server_tag_stage(s, tag);
            if (err)
                return err;
        }
    }
    blk_server_parts_note(s, op, t->io.lba);
    int err = v->start(v->driver, tag, &t->io);
    if (err)
        blk_server_tag_release(s, tag);
    return err;
}

/* blk_server_tag_launch for one request. */
static inline __attribute__((always_inline)) int
blk_server_tag_begin(struct blk_server *s, unsigned tag, enum blk_data_path via)
{
    struct blk_server_tag *t = &s->tags[tag];
    const struct blk_start_view v = blk_start_view(s, t->h);
    return blk_server_tag_launch(s, &v, tag, t, via);
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
