/* blkbench matrix: the block mix swept over block size x queue depth x the
 * four access patterns x the five paths, then 1..8 concurrent clients,
 * then the same grid run by the server itself (DIRECT_RUN, last: its writes
 * do not leave the pattern); one BENCH line per measured cell, then tables
 * with the through-IPC / direct ratios. A cell a path or server
 * cannot do is shown as such and never measured by another means. Few ops
 * per cell (matrix_ops) keep the whole sweep to minutes under icount. */
#include <stdio.h>
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>

#include "blk_direct.h"
#include "blk_report.h"
#include "blk_run.h"
#include "blkbench.h"
#include "counter.h"

struct sweep {
    const uint32_t *sizes;
    unsigned size_count;
    const uint32_t *depths; /* queue path; the others run at depth 1 only */
    unsigned depth_count;
    const uint32_t *clients; /* the client sweep, at CLIENT_SWEEP_BS randread depth 1 */
    unsigned client_count;
    uint64_t cell_bytes;     /* ops per cell: cell_bytes / bs, within [min_ops, max_ops] */
    uint64_t min_ops, max_ops;
};

static const uint32_t full_sizes[] = { 512, 4096, 65536, 1048576 };
static const uint32_t full_depths[] = { 1, 4, 16, 32, 64 };
static const uint32_t full_clients[] = { 1, 2, 4, 8 };
static const uint32_t quick_sizes[] = { 512, 4096 };
static const uint32_t quick_depths[] = { 1, 8 };
static const uint32_t quick_clients[] = { 1, 2 };
#define COUNT(a) (unsigned)(sizeof(a) / sizeof(a)[0])

static const struct sweep full = {
    full_sizes, COUNT(full_sizes), full_depths, COUNT(full_depths), full_clients,
    COUNT(full_clients), 4u * 1024u * 1024u, 32, 1024,
};
static const struct sweep quick = {
    quick_sizes, COUNT(quick_sizes), quick_depths, COUNT(quick_depths), quick_clients,
    COUNT(quick_clients), 16u * 1024u, 4, 16,
};

/* Writes first, so the reads after them find (and check) this seed's pattern. */
static const enum blkbench_rw rw_order[] = {
    BLKBENCH_RW_WRITE, BLKBENCH_RW_READ, BLKBENCH_RW_RANDWRITE, BLKBENCH_RW_RANDREAD,
};
#define CLIENT_SWEEP_BS 4096u
#define MAX_CELLS 512u

enum cell_state { CELL_MEASURED, CELL_PATH_CANNOT, CELL_REFUSED };

/* A table row: one of the paths, or the server's direct run. */
#define DIRECT_ROW ((unsigned)BLKBENCH_PATH_COUNT)
#define ROW_COUNT (DIRECT_ROW + 1u)

struct cell {
    unsigned row;
    struct blk_mix mix;
    enum cell_state state;
    struct bench_throughput rate;
};

struct matrix {
    const struct sweep *sweep;
    struct cell cells[MAX_CELLS];
    unsigned count, measured, refused;
    uint64_t refusals_logged[ROW_COUNT]; /* bit e: error -e was logged for the row */
    uint64_t sectors_checked;
};

static uint64_t matrix_ops(const struct sweep *sw, uint32_t bs, uint32_t qd)
{
    uint64_t ops = sw->cell_bytes / bs;
    if (ops < sw->min_ops)
        ops = sw->min_ops;
    if (ops > sw->max_ops)
        ops = sw->max_ops;
    /* Enough ops to refill every slot of the queue at least once. */
    if (ops < 2u * qd)
        ops = 2u * qd;
    return ops;
}

static const char *row_name(unsigned row)
{
    return row == DIRECT_ROW ? "direct" : blkbench_path_names[row];
}

static struct cell *new_cell(struct matrix *mx, unsigned row, const struct blk_mix *mix)
{
    if (mx->count == MAX_CELLS)
        return NULL;
    struct cell *c = &mx->cells[mx->count++];
    c->row = row;
    c->mix = *mix;
    return c;
}

/* What a cell's run ended with: measured (its BENCH line printed), refused
 * (logged once per kind and row, not once per cell), or a failure (error). */
static int settle(struct matrix *mx, struct cell *c, enum blk_run_status s,
                  const struct blk_client_result *r, const struct blk_run_outcome *out)
{
    char metric[BLK_RUN_METRIC_MAX];
    blk_metric_name(metric, sizeof metric, &c->mix, row_name(c->row));
    switch (s) {
    case BLK_RUN_OK:
        c->state = CELL_MEASURED;
        c->rate = r->rate;
        mx->measured++;
        mx->sectors_checked += r->sectors_checked;
        blk_report_bench(metric, r);
        return 0;
    case BLK_RUN_REFUSED: {
        c->state = CELL_REFUSED;
        mx->refused++;
        uint64_t bit = 1ull << ((unsigned)-out->error % 64u);
        if (!(mx->refusals_logged[c->row] & bit)) {
            ipc_log_warn("matrix: %s: not possible: %s (and others like it)", metric, out->why);
            mx->refusals_logged[c->row] |= bit;
        }
        return 0;
    }
    case BLK_RUN_FAILED:
        break;
    }
    ipc_log_error("matrix: %s: %s", metric, out->why);
    return out->error < 0 ? out->error : -MICA_EIO;
}

static int run_cell(struct matrix *mx, const struct blk_mix *mix)
{
    struct cell *c = new_cell(mx, mix->path, mix);
    if (!c)
        return -MICA_ENOSPC;
    if (mix->qd > 1 && mix->path != BLKBENCH_PATH_QUEUE) {
        c->state = CELL_PATH_CANNOT;
        return 0;
    }
    static struct blk_run_result res;
    struct blk_run_outcome out;
    enum blk_run_status s = blk_run(mix, &res, &out);
    return settle(mx, c, s, &res.total, &out);
}

static int run_direct(struct matrix *mx, const struct blk_mix *mix)
{
    struct cell *c = new_cell(mx, DIRECT_ROW, mix);
    if (!c)
        return -MICA_ENOSPC;
    static struct blk_client_result res;
    struct blk_run_outcome out;
    enum blk_run_status s = blk_direct(mix, &res, &out);
    return settle(mx, c, s, &res, &out);
}

/* The paths' grid, or with `direct` the same mixes run by the server. */
static int sweep_grid(struct matrix *mx, const char *scheme, uint64_t seed, bool direct)
{
    const struct sweep *sw = mx->sweep;
    /* The direct grid once, with the queued path's depths. */
    unsigned first = direct ? BLKBENCH_PATH_QUEUE : 0;
    unsigned end = direct ? BLKBENCH_PATH_QUEUE + 1u : BLKBENCH_PATH_COUNT;
    for (unsigned p = first; p < end; p++)
        for (unsigned b = 0; b < sw->size_count; b++)
            for (unsigned r = 0; r < COUNT(rw_order); r++)
                for (unsigned d = 0; d < sw->depth_count; d++) {
                    struct blk_mix mix = {
                        .scheme = scheme, .path = (enum blkbench_path)p, .rw = rw_order[r],
                        .bs = sw->sizes[b], .qd = sw->depths[d], .clients = 1, .seed = seed,
                        .ops = matrix_ops(sw, sw->sizes[b], sw->depths[d]),
                    };
                    int e = direct ? run_direct(mx, &mix) : run_cell(mx, &mix);
                    if (e < 0)
                        return e;
                }
    return 0;
}

static int sweep_clients(struct matrix *mx, const char *scheme, uint64_t seed)
{
    const struct sweep *sw = mx->sweep;
    for (unsigned p = 0; p < BLKBENCH_PATH_COUNT; p++)
        for (unsigned n = 0; n < sw->client_count; n++) {
            if (sw->clients[n] == 1)
                continue; /* the grid's cell */
            struct blk_mix mix = {
                .scheme = scheme, .path = (enum blkbench_path)p, .rw = BLKBENCH_RW_RANDREAD,
                .bs = CLIENT_SWEEP_BS, .qd = 1, .clients = sw->clients[n], .seed = seed,
                .ops = matrix_ops(sw, CLIENT_SWEEP_BS, 1),
            };
            int e = run_cell(mx, &mix);
            if (e < 0)
                return e;
        }
    return 0;
}

static const struct cell *find(const struct matrix *mx, unsigned row, enum blkbench_rw rw,
                               uint32_t bs, uint32_t qd, uint32_t clients)
{
    for (unsigned i = 0; i < mx->count; i++) {
        const struct blk_mix *m = &mx->cells[i].mix;
        if (mx->cells[i].row == row && m->rw == rw && m->bs == bs && m->qd == qd && m->clients == clients)
            return &mx->cells[i];
    }
    return NULL;
}

/* "12345" (IOPS) or "48.22" (MiB/s); "-" the path cannot, "n/a" refused. */
static void cell_text(const struct cell *c, bool mibps, char *out, size_t size)
{
    if (!c || c->state == CELL_PATH_CANNOT) {
        snprintf(out, size, "-");
        return;
    }
    if (c->state == CELL_REFUSED) {
        snprintf(out, size, "n/a");
        return;
    }
    char iops[24], mib[24];
    blk_format_rates(&c->rate, iops, sizeof iops, mib, sizeof mib);
    snprintf(out, size, "%s", mibps ? mib : iops);
}

enum grid_figure { GRID_IOPS, GRID_MIBPS, GRID_RATIO };

static void grid_text(const struct matrix *mx, enum grid_figure what, unsigned row,
                      enum blkbench_rw rw, uint32_t bs, uint32_t qd, char *out, size_t size)
{
    const struct cell *c = find(mx, row, rw, bs, qd, 1);
    if (what != GRID_RATIO) {
        cell_text(c, what == GRID_MIBPS, out, size);
        return;
    }
    const struct cell *d = find(mx, DIRECT_ROW, rw, bs, qd, 1);
    if (c && d && c->state == CELL_MEASURED && d->state == CELL_MEASURED)
        blk_format_ratio(&c->rate, &d->rate, out, size);
    else
        cell_text(c && c->state != CELL_MEASURED ? c : d, false, out, size);
}

static void print_grid(const struct matrix *mx, enum grid_figure what)
{
    static const char *const titles[] = {
        [GRID_IOPS] = "IOPS by queue depth:",
        [GRID_MIBPS] = "MiB/s by queue depth:",
        [GRID_RATIO] = "through IPC / direct (IOPS) by queue depth:",
    };
    const struct sweep *sw = mx->sweep;
    char head[160];
    int len = snprintf(head, sizeof head, "%-9s %-10s %8s", "path", "rw", "bs");
    for (unsigned d = 0; d < sw->depth_count && len > 0 && (size_t)len < sizeof head; d++)
        len += snprintf(head + len, sizeof head - (size_t)len, " %9s%-2u", "qd", sw->depths[d]);
    ipc_log_info("%s", titles[what]);
    ipc_log_info("%s", head);
    unsigned rows = what == GRID_RATIO ? BLKBENCH_PATH_COUNT : ROW_COUNT;
    for (unsigned p = 0; p < rows; p++)
        for (unsigned b = 0; b < sw->size_count; b++)
            for (unsigned r = 0; r < COUNT(rw_order); r++) {
                char line[160];
                int n = snprintf(line, sizeof line, "%-9s %-10s %8u", row_name(p),
                                 blkbench_rw_names[rw_order[r]], sw->sizes[b]);
                for (unsigned d = 0; d < sw->depth_count && n > 0 && (size_t)n < sizeof line; d++) {
                    char v[24];
                    grid_text(mx, what, p, rw_order[r], sw->sizes[b], sw->depths[d], v, sizeof v);
                    n += snprintf(line + n, sizeof line - (size_t)n, " %11s", v);
                }
                ipc_log_info("%s", line);
            }
}

static void print_clients(const struct matrix *mx)
{
    const struct sweep *sw = mx->sweep;
    ipc_log_info("IOPS by clients (randread, bs %u, qd 1, all clients together):",
                 CLIENT_SWEEP_BS);
    for (unsigned p = 0; p < BLKBENCH_PATH_COUNT; p++) {
        char row[160];
        int n = snprintf(row, sizeof row, "%-9s", blkbench_path_names[p]);
        for (unsigned k = 0; k < sw->client_count && n > 0 && (size_t)n < sizeof row; k++) {
            char v[24];
            cell_text(find(mx, p, BLKBENCH_RW_RANDREAD, CLIENT_SWEEP_BS, 1, sw->clients[k]),
                      false, v, sizeof v);
            n += snprintf(row + n, sizeof row - (size_t)n, "  c%u %9s", sw->clients[k], v);
        }
        ipc_log_info("%s", row);
    }
}

static uint64_t largest_ops(const struct sweep *sw)
{
    uint64_t most = 0;
    for (unsigned b = 0; b < sw->size_count; b++)
        for (unsigned d = 0; d < sw->depth_count; d++) {
            uint64_t ops = matrix_ops(sw, sw->sizes[b], sw->depths[d]);
            most = ops > most ? ops : most;
        }
    return most;
}

int blkbench_matrix(const struct blkbench_opts *o)
{
    static struct matrix mx;
    memset(&mx, 0, sizeof mx);
    mx.sweep = o->quick ? &quick : &full;
    int r = blk_run_reserve(BLKBENCH_MAX_CLIENTS, largest_ops(mx.sweep));
    struct blk_stat st;
    if (r == 0)
        r = blk_run_probe(o->scheme, &st);
    if (r < 0) {
        ipc_log_error("cannot open %s %s", o->scheme, mica_errno_name(r));
        return blkbench_verdict(false, "matrix: cannot open %s %s", o->scheme, mica_errno_name(r));
    }
    blk_report_device(o->scheme, &st);
    ipc_log_info("matrix%s: ops per cell = %llu KiB / bs within [%llu, %llu], at least 2 x qd; "
                 "every path but queue at qd 1; seed %llu", o->quick ? " --quick" : "",
                 (unsigned long long)(mx.sweep->cell_bytes / 1024u),
                 (unsigned long long)mx.sweep->min_ops, (unsigned long long)mx.sweep->max_ops,
                 (unsigned long long)o->seed);
    blk_report_rate_note();
    r = sweep_grid(&mx, o->scheme, o->seed, false);
    if (r == 0)
        r = sweep_clients(&mx, o->scheme, o->seed);
    if (r == 0)
        r = sweep_grid(&mx, o->scheme, o->seed, true);
    print_grid(&mx, GRID_IOPS);
    print_grid(&mx, GRID_MIBPS);
    print_grid(&mx, GRID_RATIO);
    print_clients(&mx);
    ipc_log_info("- : the path keeps one request in flight per handle; n/a : not possible "
                 "on this server or device, or no direct figure (reason logged above)");
    if (r < 0) {
        return blkbench_verdict(false, "matrix %s %s after %u cells", o->scheme, mica_errno_name(r),
                       mx.measured);
    }
    return blkbench_verdict(true, "matrix %s %u cells measured, %u not possible, %llu read sectors "
                   "checked, unit %s", o->scheme, mx.measured, mx.refused,
                   (unsigned long long)mx.sectors_checked, counter_unit());
}
