/* One client's run: choose each op's place, fill writes with the verify
 * pattern, move the data through the chosen path, check what reads bring
 * back, and time every op. The pattern work is timed separately and not
 * charged to the I/O: a sample runs from just after the data was prepared
 * to just after the last request of the op completed, less the pattern
 * work done meanwhile (blk_costs). */
#include <string.h>

#include <mica/blkpattern.h>
#include <mica/errno.h>
#include <mica/runtime.h>

#include "blk_run_private.h"
#include "counter.h"

static bool is_write(const struct blk_plan *p)
{
    return p->mix->rw == BLKBENCH_RW_WRITE || p->mix->rw == BLKBENCH_RW_RANDWRITE;
}

static bool is_random(const struct blk_plan *p)
{
    return p->mix->rw == BLKBENCH_RW_RANDREAD || p->mix->rw == BLKBENCH_RW_RANDWRITE;
}

static uint64_t next_offset(struct blk_client *c)
{
    const struct blk_plan *p = c->plan;
    uint64_t block;
    if (is_random(p)) {
        block = blkpattern_next(&c->rng) % p->region_ops;
    } else {
        block = c->next_block;
        c->next_block = (block + 1) % p->region_ops;
    }
    return block * p->mix->bs;
}

static int fail(struct blk_client *c, int error, uint64_t offset, const char *what)
{
    c->error = error;
    c->error_offset = offset;
    c->error_what = what;
    return error;
}

static void exclude(struct blk_client *c, const struct blk_cost *cost, uint64_t times)
{
    c->excluded_cycles += cost->cycles * times;
    c->excluded += cost->elapsed * times;
}

static void fill(const struct blk_plan *p, uint8_t *data, uint64_t offset)
{
    blkpattern_fill(data, p->mix->bs / BLKPATTERN_SECTOR_SIZE, offset / BLKPATTERN_SECTOR_SIZE,
                    p->mix->seed, BLKPATTERN_DEFAULT_GENERATION);
}

static void prepare_write(struct blk_client *c, uint8_t *data, uint64_t offset)
{
    fill(c->plan, data, offset);
    exclude(c, &c->plan->costs.fill_op, 1);
}

/* A sector whose header names the pattern and this run's seed was written
 * by a write mix (or blkbench verify) with that seed: every byte of it is
 * checked. Others (never written, another seed) are not this run's data. */
static bool ours(const uint8_t *sector, uint64_t seed)
{
    uint64_t sector_seed;
    memcpy(&sector_seed, sector + BLKPATTERN_SEED_OFFSET, sizeof sector_seed);
    return memcmp(sector, BLKPATTERN_MAGIC, BLKPATTERN_LBA_OFFSET) == 0 && sector_seed == seed;
}

/* Checks the op's sectors; returns how many were this run's pattern, or a
 * negative error (recorded) at the first wrong byte. */
static long check_sectors(struct blk_client *c, const uint8_t *data, uint64_t offset)
{
    const struct blk_plan *p = c->plan;
    long checked = 0;
    for (uint32_t s = 0; s < p->mix->bs / BLKPATTERN_SECTOR_SIZE; s++) {
        const uint8_t *sector = data + (uint64_t)s * BLKPATTERN_SECTOR_SIZE;
        if (!ours(sector, p->mix->seed))
            continue;
        uint64_t lba = offset / BLKPATTERN_SECTOR_SIZE + s;
        uint32_t bad;
        enum blkpattern_result why = blkpattern_check_sector(sector, lba, p->mix->seed,
                                                             BLKPATTERN_DEFAULT_GENERATION, &bad);
        if (why != BLKPATTERN_OK)
            return fail(c, -MICA_EIO, lba * BLKPATTERN_SECTOR_SIZE + bad, blkpattern_result_name(why));
        checked++;
    }
    return checked;
}

static int check_read(struct blk_client *c, const uint8_t *data, uint64_t offset)
{
    long checked = check_sectors(c, data, offset);
    if (checked < 0)
        return (int)checked;
    uint64_t sectors = c->plan->mix->bs / BLKPATTERN_SECTOR_SIZE;
    exclude(c, &c->plan->costs.check_sector, (uint64_t)checked);
    exclude(c, &c->plan->costs.skip_sector, sectors - (uint64_t)checked);
    c->sectors_checked += (uint64_t)checked;
    return 0;
}

#define COST_ROUNDS 4u

/* The cheapest of a few rounds: a round another thread interrupted costs more. */
static void keep_min(struct blk_cost *best, uint64_t cycles, uint64_t elapsed)
{
    if (!best->cycles || cycles < best->cycles)
        *best = (struct blk_cost){ cycles, elapsed };
}

void blk_measure_costs(struct blk_client *c, struct blk_costs *costs)
{
    const struct blk_plan *p = c->plan;
    uint64_t sectors = p->mix->bs / BLKPATTERN_SECTOR_SIZE;
    *costs = (struct blk_costs){ 0 };
    struct blk_cost check_op = { 0 }, skip_op = { 0 };
    for (unsigned i = 0; i < COST_ROUNDS; i++) {
        uint64_t c0 = arch_rdcycle(), e0 = counter_elapsed();
        fill(p, c->data, 0);
        keep_min(&costs->fill_op, arch_rdcycle() - c0, counter_elapsed() - e0);
        c0 = arch_rdcycle(), e0 = counter_elapsed();
        check_sectors(c, c->data, 0);
        keep_min(&check_op, arch_rdcycle() - c0, counter_elapsed() - e0);
    }
    memset(c->data, 0, p->mix->bs);
    for (unsigned i = 0; i < COST_ROUNDS; i++) {
        uint64_t c0 = arch_rdcycle(), e0 = counter_elapsed();
        check_sectors(c, c->data, 0);
        keep_min(&skip_op, arch_rdcycle() - c0, counter_elapsed() - e0);
    }
    costs->check_sector = (struct blk_cost){ check_op.cycles / sectors, check_op.elapsed / sectors };
    costs->skip_sector = (struct blk_cost){ skip_op.cycles / sectors, skip_op.elapsed / sectors };
}

static uint32_t piece_length(const struct blk_plan *p, uint32_t at)
{
    uint32_t left = p->mix->bs - at;
    return left < p->piece ? left : p->piece;
}

/* One op on the message or zero-copy path: its requests one after another. */
static int sync_op(struct blk_client *c, uint64_t offset, bool write)
{
    const struct blk_plan *p = c->plan;
    bool msg = p->mix->path == BLKBENCH_PATH_MSG;
    for (uint32_t at = 0; at < p->mix->bs; at += p->piece) {
        uint32_t length = piece_length(p, at);
        long r;
        if (msg)
            r = write ? ipc_blk_write(&c->h, offset + at, c->data + at, length)
                      : ipc_blk_read(&c->h, offset + at, c->data + at, length);
        else
            r = write ? ipc_blk_write_buffer(&c->h, offset + at, length, at)
                      : ipc_blk_read_buffer(&c->h, offset + at, length, at);
        if (r < 0)
            return fail(c, (int)r, offset + at, write ? "write" : "read");
        if (r != (long)length)
            return fail(c, -MICA_EIO, offset + at, "short transfer");
    }
    return 0;
}

static void run_sync(struct blk_client *c)
{
    const struct blk_plan *p = c->plan;
    bool write = is_write(p);
    for (uint64_t i = 0; i < p->mix->ops; i++) {
        uint64_t offset = next_offset(c);
        if (write)
            prepare_write(c, c->data, offset);
        uint64_t start = arch_rdcycle();
        if (sync_op(c, offset, write) < 0)
            return;
        bench_add(&c->samples, arch_rdcycle() - start);
        if (!write && check_read(c, c->data, offset) < 0)
            return;
    }
}

/* Queued path: request_id = slot << 32 | piece, so a completion names the
 * op it belongs to and the place that failed. */
static int submit_op(struct blk_client *c, uint32_t slot, uint64_t offset, bool write)
{
    const struct blk_plan *p = c->plan;
    struct blk_queue_slot *s = &c->slots[slot];
    uint8_t *data = c->data + (uint64_t)slot * p->mix->bs;
    if (write)
        prepare_write(c, data, offset);
    s->offset = offset;
    s->pending = p->pieces;
    s->excluded_start = c->excluded_cycles;
    s->start = arch_rdcycle();
    uint32_t piece = 0;
    for (uint32_t at = 0; at < p->mix->bs; at += p->piece, piece++) {
        struct blk_submission sub = {
            .request_id = (uint64_t)slot << 32 | piece,
            .opcode = write ? BLK_OP_WRITE : BLK_OP_READ,
            .length = piece_length(p, at),
            .lba = (offset + at) / p->stat.block_size,
            .buffer_offset = (uint64_t)slot * p->mix->bs + at,
        };
        int r;
        while ((r = ipc_blk_submit(&c->h, &sub)) == -MICA_EAGAIN) {
            int space = ipc_blk_wait_space(&c->h);
            if (space < 0)
                return fail(c, space, offset + at, "waiting for ring space");
        }
        if (r < 0)
            return fail(c, r, offset + at, "submit");
    }
    return 0;
}

static void run_queue(struct blk_client *c)
{
    const struct blk_plan *p = c->plan;
    bool write = is_write(p);
    uint64_t ops = p->mix->ops, issued = 0, done = 0;
    uint32_t depth = p->mix->qd < ops ? p->mix->qd : (uint32_t)ops;
    for (uint32_t slot = 0; slot < depth; slot++, issued++)
        if (submit_op(c, slot, next_offset(c), write) < 0)
            return;
    while (done < ops) {
        struct blk_completion comp;
        int r = ipc_blk_wait_completion(&c->h, &comp);
        if (r < 0) {
            fail(c, r, 0, "waiting for a completion");
            return;
        }
        uint32_t slot = (uint32_t)(comp.request_id >> 32), piece = (uint32_t)comp.request_id;
        if (slot >= depth || piece >= p->pieces || c->slots[slot].pending == 0) {
            fail(c, -MICA_EPROTO, 0, "completion for no request in flight");
            return;
        }
        struct blk_queue_slot *s = &c->slots[slot];
        uint64_t at = s->offset + (uint64_t)piece * p->piece;
        if (comp.status < 0) {
            fail(c, comp.status, at, write ? "write" : "read");
            return;
        }
        if (comp.bytes != piece_length(p, piece * p->piece)) {
            fail(c, -MICA_EIO, at, "short transfer");
            return;
        }
        if (--s->pending)
            continue;
        uint64_t now = arch_rdcycle();
        bench_add(&c->samples, now - s->start - (c->excluded_cycles - s->excluded_start));
        done++;
        if (!write && check_read(c, c->data + (uint64_t)slot * p->mix->bs, s->offset) < 0)
            return;
        if (issued < ops) {
            issued++;
            if (submit_op(c, slot, next_offset(c), write) < 0)
                return;
        }
    }
}

void blk_client_run(void *client)
{
    struct blk_client *c = client;
    c->start = counter_elapsed();
    if (c->plan->mix->path == BLKBENCH_PATH_QUEUE)
        run_queue(c);
    else
        run_sync(c);
    c->end = counter_elapsed();
}
