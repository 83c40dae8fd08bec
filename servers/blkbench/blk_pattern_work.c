/* The benchmark's own work on the data: writes carry the verify pattern,
 * reads are checked against it, and what that costs is measured once per
 * run and subtracted from the I/O's figures (struct blk_costs). */
#include <string.h>

#include <mica/blkpattern.h>
#include <mica/errno.h>
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
    c->excluded += cost->elapsed * times;
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
            return blk_client_fail(c, -MICA_EIO, lba * BLKPATTERN_SECTOR_SIZE + bad, blkpattern_result_name(why));
        checked++;
    }
    return checked;
}

int blk_check_read(struct blk_client *c, const uint8_t *data, uint64_t offset)
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
