/* The benchmark's own work on the data: writes carry the verify pattern,
 * reads are checked against it, and what that costs is measured once per
 * run and subtracted from the I/O's figures (struct blk_costs). */
#include <string.h>

#include <mica/blkpattern.h>
#include <mica/abi/errno.h>
#include <mica/runtime.h>

#include "blk_run_private.h"
#include "counter.h"

int blk_client_fail(struct blk_client *c, int error, uint64_t offset, const char *what)
{
    c->error = error;
    c->error_offset = offset;
    c->error_what = what;
    return error;
}

static void exclude(struct blk_client *c, const struct blk_cost *cost, uint64_t times)
{
    c->excluded_cycles += cost->cycles * times;
    __atomic_store_n(&c->excluded, c->excluded + cost->elapsed * times, __ATOMIC_RELAXED);
}

static void fill(const struct blk_plan *p, uint8_t *data, uint64_t offset)
{
    blkpattern_fill(data, p->mix->bs / BLKPATTERN_SECTOR_SIZE, offset / BLKPATTERN_SECTOR_SIZE,
                    p->mix->seed, BLKPATTERN_DEFAULT_GENERATION);
}

void blk_prepare_write(struct blk_client *c, uint8_t *data, uint64_t offset)
{
    fill(c->plan, data, offset);
    exclude(c, &c->plan->costs.fill_op, 1);
}

/* A sector whose header names the pattern and this run's seed was written
 * by a write mix (or blkbench verify) with that seed: every byte of it is
 * checked. Others (never written, another seed) are not this run's data.
 * Sectors sit at multiples of BLKPATTERN_SECTOR_SIZE in page-aligned
 * buffers, so the header is read as two whole words. */
static bool ours(const uint8_t *sector, uint64_t magic, uint64_t seed)
{
    const uint64_t *header = (const uint64_t *)(const void *)sector;
    return header[BLKPATTERN_MAGIC_OFFSET / 8u] == magic && header[BLKPATTERN_SEED_OFFSET / 8u] == seed;
}

/* Checks the op's sectors; returns how many were this run's pattern, or a
 * negative error (recorded) at the first wrong byte. */
static long check_sectors(struct blk_client *c, const uint8_t *data, uint64_t offset)
{
    const struct blk_plan *p = c->plan;
    uint64_t magic, seed = p->mix->seed;
    _Static_assert(sizeof magic == BLKPATTERN_LBA_OFFSET - BLKPATTERN_MAGIC_OFFSET, "magic is one word");
    memcpy(&magic, BLKPATTERN_MAGIC, sizeof magic);
    long checked = 0;
    uint32_t sectors = p->mix->bs / BLKPATTERN_SECTOR_SIZE;
    for (uint32_t s = 0; s < sectors; s++) {
        const uint8_t *sector = data + (uint64_t)s * BLKPATTERN_SECTOR_SIZE;
        if (!ours(sector, magic, seed))
            continue;
        uint64_t lba = offset / BLKPATTERN_SECTOR_SIZE + s;
        uint32_t bad;
        enum blkpattern_result why = blkpattern_check_sector(sector, lba, seed,
                                                             BLKPATTERN_DEFAULT_GENERATION, &bad);
        if (why != BLKPATTERN_OK)
            return blk_client_fail(c, -MICA_EIO, lba * BLKPATTERN_SECTOR_SIZE + bad, blkpattern_result_name(why));
        checked++;
    }
    return checked;
}

/* What checking an op with `checked` of its sectors ours costs: the two
 * measured extremes, weighted. */
static uint64_t check_cost(uint64_t all_skipped, uint64_t all_checked, uint64_t checked, uint64_t sectors)
{
    return (all_skipped * (sectors - checked) + all_checked * checked) / sectors;
}

int blk_check_read(struct blk_client *c, const uint8_t *data, uint64_t offset)
{
    long checked = check_sectors(c, data, offset);
    if (checked < 0)
        return (int)checked;
    const struct blk_costs *k = &c->plan->costs;
    uint64_t sectors = c->plan->mix->bs / BLKPATTERN_SECTOR_SIZE;
    c->excluded_cycles += check_cost(k->skip_op.cycles, k->check_op.cycles, (uint64_t)checked, sectors);
    __atomic_store_n(&c->excluded,
                     c->excluded + check_cost(k->skip_op.elapsed, k->check_op.elapsed,
                                              (uint64_t)checked, sectors),
                     __ATOMIC_RELAXED); /* blk_run_excluded_all reads it from other workers */
    c->sectors_checked += (uint64_t)checked;
    return 0;
}

#define COST_ROUNDS 4u

/* A timed window: the elapsed clock read outside the cycle counter's reads,
 * and what an empty window measures taken off, so only the work is left. */
struct window {
    uint64_t cycles, elapsed;
};

static struct window window_open(void)
{
    uint64_t elapsed = counter_elapsed();
    return (struct window){ arch_rdcycle(), elapsed };
}

static struct blk_cost window_close(struct window w)
{
    uint64_t cycles = arch_rdcycle() - w.cycles;
    return (struct blk_cost){ cycles, counter_elapsed() - w.elapsed };
}

/* The cheapest of a few rounds: a round another thread interrupted costs more. */
static void keep_min(struct blk_cost *best, struct blk_cost got)
{
    if (!best->cycles || got.cycles < best->cycles)
        *best = got;
}

static void less_empty(struct blk_cost *cost, const struct blk_cost *empty)
{
    cost->cycles = cost->cycles > empty->cycles ? cost->cycles - empty->cycles : 0;
    cost->elapsed = cost->elapsed > empty->elapsed ? cost->elapsed - empty->elapsed : 0;
}

/* A whole blk_check_read of one op's data (its accounting included, which
 * does the same work whatever it adds), then the client's counters as they
 * were: measuring must not count as checking. */
static void time_check(struct blk_client *c, struct blk_cost *best)
{
    uint64_t excluded = c->excluded, excluded_cycles = c->excluded_cycles, sectors = c->sectors_checked;
    struct window w = window_open();
    blk_check_read(c, c->data, 0);
    keep_min(best, window_close(w));
    c->excluded = excluded, c->excluded_cycles = excluded_cycles, c->sectors_checked = sectors;
}

void blk_measure_costs(struct blk_client *c, struct blk_costs *costs)
{
    const struct blk_plan *p = c->plan;
    struct blk_cost empty = { 0 };
    *costs = (struct blk_costs){ 0 };
    for (unsigned i = 0; i < COST_ROUNDS; i++) {
        keep_min(&empty, window_close(window_open()));
        struct window w = window_open();
        fill(p, c->data, 0);
        keep_min(&costs->fill_op, window_close(w));
        time_check(c, &costs->check_op);
    }
    memset(c->data, 0, p->mix->bs);
    for (unsigned i = 0; i < COST_ROUNDS; i++)
        time_check(c, &costs->skip_op);
    less_empty(&costs->fill_op, &empty);
    less_empty(&costs->check_op, &empty);
    less_empty(&costs->skip_op, &empty);
}
