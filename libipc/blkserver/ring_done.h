/* A ring request's end, made inline where requests end (requests.c's
 * completion, rings.c's batch). Only an asynchronous driver's requests end
 * this way, and such a server has no ring workers: a broken ring is closed
 * here, by the thread that serves it. */
#ifndef BLK_SERVER_RING_DONE_H
#define BLK_SERVER_RING_DONE_H
#include "blk_server_private.h"

/* What the ring says of t's request ending with `status`. */
static inline struct blk_completion blk_server_ring_completion_of(const struct blk_server_tag *t,
                                                                  int status)
{
    return (struct blk_completion){ .request_id = t->req.request_id, .status = status,
                                    .bytes = status ? 0 : t->req.length };
}

static inline struct blk_completion blk_server_ring_completion(const struct blk_server_tag *t)
{
    return blk_server_ring_completion_of(t, t->status);
}

/* The common end outside a batch, with no call on its way: the
 * completion pushed into an open handle's ring that has room by the last
 * look. False, with nothing done, for anything else (blk_server_ring_done
 * then). */
static inline bool blk_server_ring_done_fast(struct blk_server *s, struct blk_server_tag *t)
{
    struct blk_server_handle *h = t->h;
    if (s->batch_handle == h || !h->common.open)
        return false;
    struct blk_completion c = blk_server_ring_completion(t);
    if (!spsc_ring_push_sized_fast(&h->queue.completions, &c, sizeof c))
        return false;
    h->pushed = true;
    return true;
}

/* Inside h's batch its completion joins the batch's (published with them);
 * outside, it is pushed now. */
static inline void blk_server_ring_done(struct blk_server *s, struct blk_server_tag *t)
{
    struct blk_server_handle *h = t->h;
    struct blk_completion c = blk_server_ring_completion(t);
    if (s->batch_handle == h) {
        s->batch_done[--s->batch_next] = c;
        return;
    }
    /* Closed meanwhile: its rings are gone. A client that exited is noticed
     * by its gone bit (the watch on the ring's wakeup), not here: a system
     * call per completion. Its rings stay pinned until the handle
     * closes, so a completion pushed meanwhile lands in memory nobody reads. */
    if (!h->common.open)
        return;
    /* Cannot be full: a free completion slot was kept for every request taken. */
    if (spsc_ring_push_sized(&h->queue.completions, &c, sizeof c) != 0) {
        blk_server_ring_broken(s, h);
        return;
    }
    h->pushed = true;
}

#endif
