/* One client's run: choose each op's place, move the data through the
 * chosen path and time every op. A sample runs from just after the op's
 * data was prepared (blk_pattern_work.c) to just after its last request
 * completed, less the pattern work done meanwhile (blk_costs). */
#include <mica/blkpattern.h>
#include <mica/abi/errno.h>
#include <mica/runtime.h>

#include "blk_run_private.h"
#include "counter.h"

/* The next op's place: one of the region's bs-sized places, drawn or in turn. */
static inline __attribute__((always_inline)) uint64_t
place(struct blk_client *c, bool random, uint64_t region_ops, uint32_t bs)
{
    uint64_t block;
    if (random) {
        block = blkpattern_next(&c->rng) % region_ops;
    } else {
        block = c->next_block;
        c->next_block = (block + 1) % region_ops;
    }
    return block * bs;
}

/* How a synchronous op moves its data: one simple call (the simple and
 * in-place paths), or its pieces as messages or through the zero-copy
 * buffer. */
enum sync_way { SYNC_SIMPLE, SYNC_MESSAGE, SYNC_BUFFER };

static enum sync_way sync_way(enum blkbench_path path)
{
    return blk_path_simple(path) ? SYNC_SIMPLE : path == BLKBENCH_PATH_MSG ? SYNC_MESSAGE : SYNC_BUFFER;
}

/* One request of a synchronous op: `length` bytes at `at` into the op's data. */
static inline __attribute__((always_inline)) long
sync_request(struct blk_client *c, enum sync_way way, bool write, uint64_t offset, uint32_t at,
             uint32_t length)
{
    switch (way) {
    case SYNC_SIMPLE:
        return write ? ipc_blk_write(&c->h, offset + at, c->data + at, length)
                     : ipc_blk_read(&c->h, offset + at, c->data + at, length);
    case SYNC_MESSAGE:
        return write ? ipc_blk_write_message(&c->h, offset + at, c->data + at, length)
                     : ipc_blk_read_message(&c->h, offset + at, c->data + at, length);
    case SYNC_BUFFER:
        break;
    }
    return write ? ipc_blk_write_buffer(&c->h, offset + at, length, at)
                 : ipc_blk_read_buffer(&c->h, offset + at, length, at);
}

/* One op on the message or zero-copy path: its requests one after another,
 * `piece` bytes each but the last; on the simple paths one call (a single
 * piece of bs bytes). */
static inline __attribute__((always_inline)) int
sync_op(struct blk_client *c, enum sync_way way, bool write, uint64_t offset, uint32_t bs,
        uint32_t piece)
{
    for (uint32_t at = 0; at < bs; at += piece) {
        uint32_t length = bs - at < piece ? bs - at : piece;
        long r = sync_request(c, way, write, offset, at, length);
        if (r < 0)
            return blk_client_fail(c, (int)r, offset + at, write ? "write" : "read");
        if (r != (long)length)
            return blk_client_fail(c, -MICA_EIO, offset + at, "short transfer");
    }
    return 0;
}

/* The synchronous run, made once for each way and pattern so the loop
 * tests none of them per op; the run's shape is read once. */
static inline __attribute__((always_inline)) void
sync_loop(struct blk_client *c, enum sync_way way, bool random, bool write)
{
    const struct blk_plan *p = c->plan;
    const uint64_t ops = p->mix->ops, region_ops = p->region_ops;
    const uint32_t bs = p->mix->bs, piece = p->piece;
    for (uint64_t i = 0; i < ops; i++) {
        uint64_t offset = place(c, random, region_ops, bs);
        if (write)
            blk_prepare_write(c, c->data, offset);
        uint64_t start = arch_rdcycle();
        if (sync_op(c, way, write, offset, bs, piece) < 0)
            return;
        bench_add(&c->samples, arch_rdcycle() - start);
        if (!write && blk_check_read(c, c->data, offset) < 0)
            return;
    }
}

static inline __attribute__((always_inline)) void
sync_loop_way(struct blk_client *c, enum sync_way way, bool random, bool write)
{
    if (random && write)
        sync_loop(c, way, true, true);
    else if (random)
        sync_loop(c, way, true, false);
    else if (write)
        sync_loop(c, way, false, true);
    else
        sync_loop(c, way, false, false);
}

static void run_sync(struct blk_client *c)
{
    const struct blk_mix *m = c->plan->mix;
    bool random = blk_mix_random(m), write = blk_mix_writes(m);
    switch (sync_way(m->path)) {
    case SYNC_SIMPLE:
        sync_loop_way(c, SYNC_SIMPLE, random, write);
        break;
    case SYNC_MESSAGE:
        sync_loop_way(c, SYNC_MESSAGE, random, write);
        break;
    case SYNC_BUFFER:
        sync_loop_way(c, SYNC_BUFFER, random, write);
        break;
    }
}

/* Queued path: request_id = slot << 32 | piece, so a completion names the
 * op it belongs to and the place that failed. Submissions are staged and
 * pushed, and completions reaped, QUEUE_BATCH at a time: one ring index
 * store per batch instead of one per request (docs/rings.md). */
#define QUEUE_BATCH 32u

struct queue_batch {
    struct blk_submission staged[QUEUE_BATCH];
    unsigned count;
};

/* Pushes everything staged, waiting for room when the ring is full (the
 * server must see what is queued to make room). */
static int push_staged(struct blk_client *c, struct queue_batch *b)
{
    for (unsigned pushed = 0; pushed < b->count;) {
        int r = ipc_blk_queue_push_batch(&c->h, b->staged + pushed, b->count - pushed);
        if (r == 0) {
            ipc_blk_queue_kick(&c->h);
            r = ipc_blk_wait_space(&c->h);
            if (r < 0)
                return blk_client_fail(c, r, 0, "waiting for ring space");
            continue;
        }
        if (r < 0)
            return blk_client_fail(c, r, 0, "submit");
        pushed += (unsigned)r;
    }
    b->count = 0;
    return 0;
}

/* What every op of a queued run shares, read once into locals: the loop
 * stores into the client's slots and batches, so the compiler would
 * otherwise load each of these again through the plan for every request. */
struct queue_shape {
    uint32_t bs, piece, pieces, depth;
    uint32_t last_piece; /* the last request's length: bs less the pieces before it */
    uint32_t block_size;
    uint64_t region_ops;
    bool write, random;
};

static struct queue_shape queue_shape(const struct blk_plan *p, uint32_t depth)
{
    return (struct queue_shape){
        .bs = p->mix->bs, .piece = p->piece, .pieces = p->pieces, .depth = depth,
        .last_piece = p->mix->bs - (p->pieces - 1u) * p->piece,
        .block_size = p->stat.block_size, .region_ops = p->region_ops,
        .write = blk_mix_writes(p->mix), .random = blk_mix_random(p->mix),
    };
}

/* Request `piece`'s length: a whole piece but for the last. */
static uint32_t shape_piece_length(const struct queue_shape *q, uint32_t piece)
{
    return piece + 1u < q->pieces ? q->piece : q->last_piece;
}

/* Stages op `slot`'s requests (pushing when the batch is full) and starts
 * its clock. Inline, with `write` known where it is called (queue_loop). */
static inline __attribute__((always_inline)) int
submit_op(struct blk_client *c, const struct queue_shape *q, struct queue_batch *b,
          uint32_t slot, uint64_t offset, bool write, bool single)
{
    struct blk_queue_slot *s = &c->slots[slot];
    uint64_t data_offset = (uint64_t)slot * q->bs;
    if (write)
        blk_prepare_write(c, c->data + data_offset, offset);
    s->offset = offset;
    s->pending = single ? 1u : q->pieces;
    s->excluded_start = c->excluded_cycles;
    s->start = arch_rdcycle();
    uint8_t opcode = write ? BLK_OP_WRITE : BLK_OP_READ;
    if (single && b->count < QUEUE_BATCH) {
        /* The common op, one request: no piece arithmetic. */
        b->staged[b->count++] = (struct blk_submission){
            .request_id = (uint64_t)slot << 32, .opcode = opcode, .length = q->bs,
            .lba = offset / q->block_size, .buffer_offset = data_offset,
        };
        return 0;
    }
    for (uint32_t piece = 0, at = 0; piece < q->pieces; piece++, at += q->piece) {
        if (b->count == QUEUE_BATCH && push_staged(c, b) < 0)
            return c->error;
        b->staged[b->count++] = (struct blk_submission){
            .request_id = (uint64_t)slot << 32 | piece,
            .opcode = opcode,
            .length = shape_piece_length(q, piece),
            .lba = (offset + at) / q->block_size,
            .buffer_offset = data_offset + at,
        };
    }
    return 0;
}

/* One completion: checked against what is in flight; an op whose last
 * request it was is timed and its read data checked. The op's slot + 1
 * when it ended (free for the next op), 0 when not, or the error. */
static inline __attribute__((always_inline)) long
complete(struct blk_client *c, const struct queue_shape *q, const struct blk_completion *comp,
         bool write, bool single)
{
    uint32_t slot = (uint32_t)(comp->request_id >> 32), piece = (uint32_t)comp->request_id;
    if (slot >= q->depth || piece >= (single ? 1u : q->pieces) || c->slots[slot].pending == 0)
        return blk_client_fail(c, -MICA_EPROTO, 0, "completion for no request in flight");
    struct blk_queue_slot *s = &c->slots[slot];
    if (comp->status < 0)
        return blk_client_fail(c, comp->status, s->offset + (uint64_t)piece * q->piece,
                               write ? "write" : "read");
    if (comp->bytes != (single ? q->bs : shape_piece_length(q, piece)))
        return blk_client_fail(c, -MICA_EIO, s->offset + (uint64_t)piece * q->piece, "short transfer");
    if (--s->pending)
        return 0;
    uint64_t now = arch_rdcycle();
    bench_add(&c->samples, now - s->start - (c->excluded_cycles - s->excluded_start));
    if (!write && blk_check_read(c, c->data + (uint64_t)slot * q->bs, s->offset) < 0)
        return c->error;
    return (long)slot + 1;
}

/* The queued run, made once for each pattern (random or in turn, reads or
 * writes) and for ops of one request or several (`single`), so the loop
 * tests none of these per op. Every slot starts an op; then
 * each batch of completions is reaped, a slot whose op ended gets its
 * replacement staged at once, and the replacements are pushed together;
 * when no completion is left the wait tells the server once (RING_ENTER,
 * or the doorbell): one wakeup per batch. */
static inline __attribute__((always_inline)) void
queue_loop(struct blk_client *c, const struct queue_shape *q, bool random, bool write, bool single)
{
    const uint64_t ops = c->plan->mix->ops;
    uint64_t issued = 0, done = 0;
    struct queue_batch batch;
    batch.count = 0;
    for (uint32_t slot = 0; slot < q->depth; slot++, issued++)
        if (submit_op(c, q, &batch, slot, place(c, random, q->region_ops, q->bs), write, single) < 0)
            return;
    while (done < ops) {
        if (push_staged(c, &batch) < 0)
            return;
        /* The wait takes what is there without a system call; only an
         * empty ring makes it tell the server and sleep. */
        struct blk_completion comps[QUEUE_BATCH];
        int n = ipc_blk_wait_completions(&c->h, comps, QUEUE_BATCH);
        if (n < 0) {
            blk_client_fail(c, n, 0, "waiting for a completion");
            return;
        }
        for (int i = 0; i < n; i++) {
            long ended = complete(c, q, &comps[i], write, single);
            if (ended < 0)
                return;
            if (ended == 0)
                continue;
            done++;
            if (issued < ops) {
                if (submit_op(c, q, &batch, (uint32_t)(ended - 1),
                              place(c, random, q->region_ops, q->bs), write, single) < 0)
                    return;
                issued++;
            }
        }
    }
}

/* queue_loop made for the run's pattern, with `single` known. */
static inline __attribute__((always_inline)) void
queue_loop_pattern(struct blk_client *c, const struct queue_shape *q, bool single)
{
    if (q->random && q->write)
        queue_loop(c, q, true, true, single);
    else if (q->random)
        queue_loop(c, q, true, false, single);
    else if (q->write)
        queue_loop(c, q, false, true, single);
    else
        queue_loop(c, q, false, false, single);
}

static void run_queue(struct blk_client *c)
{
    const struct blk_plan *p = c->plan;
    const uint64_t ops = p->mix->ops;
    const struct queue_shape q = queue_shape(p, p->mix->qd < ops ? p->mix->qd : (uint32_t)ops);
    /* Ops of one request each, the matrix's common case, or of several. */
    if (q.pieces == 1)
        queue_loop_pattern(c, &q, true);
    else
        queue_loop_pattern(c, &q, false);
}

void blk_client_run(void *client)
{
    struct blk_client *c = client;
    uint64_t excluded_before = blk_run_excluded_all();
    c->start = counter_elapsed();
    if (c->plan->mix->path == BLKBENCH_PATH_QUEUE)
        run_queue(c);
    else
        run_sync(c);
    c->end = counter_elapsed();
    c->span_excluded = blk_run_excluded_all() - excluded_before;
}
