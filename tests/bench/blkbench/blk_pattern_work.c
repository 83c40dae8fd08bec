/* The benchmark's own work on the data: writes carry the verify pattern,
 * reads are checked against it, and what that costs is measured once per
 * run and subtracted from the I/O's figures (struct blk_costs). The work is
 * a fixed part and the same for every sector, so it is timed on a few
 * sectors and extended to an op's: a window around a whole large op would
 * be as long as a timer tick (a 1 MiB check is about 9 ms of virtual time
 * under -icount, the tick 10 ms), and the tick's interrupt, inside most
 * such windows, made the cost come out larger in some runs than in others
 * by what the interrupt took. */
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
    blkpattern_fill(data, p->pattern_sectors, offset / BLKPATTERN_SECTOR_SIZE, p->mix->seed,
                    BLKPATTERN_DEFAULT_GENERATION);
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
    uint32_t sectors = p->pattern_sectors;
    uint64_t magic, seed = p->mix->seed;
    _Static_assert(sizeof magic == BLKPATTERN_LBA_OFFSET - BLKPATTERN_MAGIC_OFFSET, "magic is one word");
    memcpy(&magic, BLKPATTERN_MAGIC, sizeof magic);
    long checked = 0;
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
    uint64_t sectors = c->plan->pattern_sectors;
    c->excluded_cycles += check_cost(k->skip_op.cycles, k->check_op.cycles, (uint64_t)checked, sectors);
    __atomic_store_n(&c->excluded,
                     c->excluded + check_cost(k->skip_op.elapsed, k->check_op.elapsed,
                                              (uint64_t)checked, sectors),
                     __ATOMIC_RELAXED); /* blk_run_excluded_all reads it from other workers */
    c->sectors_checked += (uint64_t)checked;
    return 0;
}

#define COST_ROUNDS 4u
/* Sectors a timed sample holds (and twice as many): short beside a tick
 * (a check of 32 sectors is about 0.14 ms of virtual time, of 64 about
 * 0.28 ms), long beside the resolution of a hardware rdtime (1 us on the
 * P550). */
#define COST_SAMPLE_SECTORS 32u

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

/* The client's counters, put back after a timed call: measuring must not
 * count as pattern work done. */
struct counters {
    uint64_t excluded, excluded_cycles, sectors_checked;
};

static struct counters counters_of(const struct blk_client *c)
{
    return (struct counters){ c->excluded, c->excluded_cycles, c->sectors_checked };
}

static void counters_restore(struct blk_client *c, struct counters k)
{
    c->excluded = k.excluded, c->excluded_cycles = k.excluded_cycles, c->sectors_checked = k.sectors_checked;
}

/* A whole blk_prepare_write and a whole blk_check_read, the calls an op
 * makes (their accounting included, which does the same work whatever it
 * adds), on the plan's pattern_sectors. Two functions, not one with a
 * flag: the flag's test would sit in the window and count as the work. */
static void time_fill(struct blk_client *c, struct blk_cost *best)
{
    struct counters k = counters_of(c);
    struct window w = window_open();
    blk_prepare_write(c, c->data, 0);
    keep_min(best, window_close(w));
    counters_restore(c, k);
}

static void time_check(struct blk_client *c, struct blk_cost *best)
{
    struct counters k = counters_of(c);
    struct window w = window_open();
    blk_check_read(c, c->data, 0);
    keep_min(best, window_close(w));
    counters_restore(c, k);
}

/* Each kind of pattern work on `sectors` sectors of the client's data
 * (p is the client's plan). */
static void measure_sample(struct blk_client *c, struct blk_plan *p, uint32_t sectors,
                           struct blk_costs *costs)
{
    uint32_t op = p->pattern_sectors;
    p->pattern_sectors = sectors;
    struct blk_cost empty = { 0 };
    struct blk_costs got = { 0 };
    for (unsigned i = 0; i < COST_ROUNDS; i++) {
        keep_min(&empty, window_close(window_open()));
        time_fill(c, &got.fill_op);
        time_check(c, &got.check_op);
    }
    memset(c->data, 0, (size_t)sectors * BLKPATTERN_SECTOR_SIZE);
    for (unsigned i = 0; i < COST_ROUNDS; i++)
        time_check(c, &got.skip_op);
    less_empty(&got.fill_op, &empty);
    less_empty(&got.check_op, &empty);
    less_empty(&got.skip_op, &empty);
    p->pattern_sectors = op;
    *costs = got;
}

/* One clock's cost of `sectors`, from its cost on S and on 2S sectors: the
 * fixed part, and S more sectors' worth (b - a) for every S. */
static uint64_t extend_clock(uint64_t a, uint64_t b, uint32_t sectors)
{
    uint64_t per_sample = b > a ? b - a : 0; /* a hardware clock's noise may invert them */
    return a + per_sample * (sectors - COST_SAMPLE_SECTORS) / COST_SAMPLE_SECTORS;
}

static struct blk_cost extend(const struct blk_cost *a, const struct blk_cost *b, uint32_t sectors)
{
    return (struct blk_cost){ extend_clock(a->cycles, b->cycles, sectors),
                              extend_clock(a->elapsed, b->elapsed, sectors) };
}

void blk_measure_costs(struct blk_client *c, struct blk_plan *p)
{
    uint32_t sectors = p->pattern_sectors;
    if (sectors <= 2u * COST_SAMPLE_SECTORS) {
        measure_sample(c, p, sectors, &p->costs);
        return;
    }
    struct blk_costs a, b;
    measure_sample(c, p, COST_SAMPLE_SECTORS, &a);
    measure_sample(c, p, 2u * COST_SAMPLE_SECTORS, &b);
    p->costs = (struct blk_costs){ extend(&a.fill_op, &b.fill_op, sectors),
                                   extend(&a.check_op, &b.check_op, sectors),
                                   extend(&a.skip_op, &b.skip_op, sectors) };
}
