/* A block run from the calling thread's side: open one handle per client,
 * fit the mix to the device and the path (or refuse it with the reason),
 * set up buffers and rings, let the workers run, then summarize and close. */
#include "blk_run.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/blkpattern.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>

#include "blk_run_private.h"
#include "counter.h"
#include "workers.h"

/* Servers register after their bring-up, which may end after blkbench
 * starts: an unknown scheme is retried for 2 s (it only bounds a wrong
 * name's wait, and under -icount every virtual second costs 10^9
 * instructions). */
#define REGISTER_WAIT_MS 2000u

static struct blk_client clients[BLKBENCH_MAX_CLIENTS];
static uint64_t *sample_storage; /* clients x per_client, then the total's copy */
static uint64_t sample_capacity;
static uint64_t sample_pages;
static long sample_frame;
static uint64_t per_client_capacity;

int blk_run_reserve(uint32_t client_count, uint64_t ops_per_client)
{
    if (ops_per_client > BLK_RUN_MAX_OPS || client_count > BLKBENCH_MAX_CLIENTS)
        return -MICA_E2BIG;
    uint64_t need = ops_per_client * client_count * 2u;
    if (need <= sample_capacity) {
        per_client_capacity = ops_per_client;
        return 0;
    }
    /* A later step of a sequence may be larger than every earlier one: the
     * old space holds nothing between runs, so it makes room for the new. */
    uint64_t pages = (need * sizeof(uint64_t) + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long frame, err;
    uint64_t *storage = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    if (!storage && sample_storage) {
        ipc_frame_unmap(sample_storage, sample_pages, sample_frame);
        sample_storage = 0;
        sample_capacity = 0;
        storage = ipc_frame_map_new(pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    }
    if (!storage)
        return (int)err;
    if (sample_storage)
        ipc_frame_unmap(sample_storage, sample_pages, sample_frame);
    sample_storage = storage;
    sample_pages = pages;
    sample_frame = frame;
    sample_capacity = need;
    per_client_capacity = ops_per_client;
    return 0;
}

static int open_scheme(struct ipc_blk_handle *h, const char *scheme, unsigned flags)
{
    return ipc_scheme_open_waiting(h, scheme, flags, REGISTER_WAIT_MS);
}

int blk_run_probe(const char *scheme, struct blk_stat *stat)
{
    struct ipc_blk_handle h;
    int r = open_scheme(&h, scheme, BLK_OPEN_READ);
    if (r < 0)
        return r;
    r = ipc_blk_fstat(&h, stat);
    ipc_blk_close(&h);
    return r;
}

static enum blk_run_status refuse(struct blk_run_outcome *o, int error, const char *why)
{
    o->status = BLK_RUN_REFUSED;
    o->error = error;
    snprintf(o->why, sizeof o->why, "%s", why);
    return BLK_RUN_REFUSED;
}

static uint32_t round_up_pow2(uint64_t v)
{
    uint32_t p = 2;
    while (p < v)
        p <<= 1;
    return p;
}

/* The mix against the device and the path; every refusal says why. */
static enum blk_run_status make_plan(struct blk_plan *p, struct blk_run_outcome *o)
{
    const struct blk_mix *m = p->mix;
    const struct blk_stat *st = &p->stat;
    char why[sizeof o->why];
    if (m->qd > 1 && m->path != BLKBENCH_PATH_QUEUE)
        return refuse(o, -MICA_EINVAL, "every path but queue keeps one request in flight per "
                                       "handle: --qd > 1 needs --path queue (or use --clients)");
    if (m->bs % st->block_size) {
        snprintf(why, sizeof why, "--bs %u is not a multiple of the device's block size %u",
                 m->bs, st->block_size);
        return refuse(o, -MICA_EINVAL, why);
    }
    uint32_t limit = st->max_transfer;
    if (m->path == BLKBENCH_PATH_MSG && limit > BLK_MSG_DATA_MAX)
        limit = BLK_MSG_DATA_MAX;
    /* A simple call takes the whole op: the library cuts it into requests. */
    if (blk_path_simple(m->path))
        limit = m->bs;
    p->piece = limit - limit % st->block_size;
    if (p->piece == 0) {
        snprintf(why, sizeof why, "one request carries at most %u bytes, less than a block of %u",
                 limit, st->block_size);
        return refuse(o, -MICA_E2BIG, why);
    }
    if (p->piece > m->bs)
        p->piece = m->bs;
    p->pieces = (m->bs + p->piece - 1) / p->piece;
    p->pattern_sectors = m->bs / BLKPATTERN_SECTOR_SIZE;
    p->region_ops = st->size_bytes / m->bs;
    if (p->region_ops == 0)
        return refuse(o, -MICA_ENXIO, "the device is smaller than one op");
    if (blk_mix_writes(m) && (st->flags & BLK_STAT_READ_ONLY))
        return refuse(o, -MICA_EROFS, "the device is read-only");
    p->buffer_bytes = 0;
    if (m->path != BLKBENCH_PATH_MSG && m->path != BLKBENCH_PATH_SIMPLE) {
        uint64_t in_flight = m->path == BLKBENCH_PATH_QUEUE ? m->qd : 1;
        p->buffer_bytes = in_flight * m->bs;
        if (p->buffer_bytes > BLK_RUN_BUFFER_MAX) {
            snprintf(why, sizeof why, "qd %u x bs %u needs %llu KiB of buffer per client, "
                     "more than %u KiB", m->qd, m->bs,
                     (unsigned long long)(p->buffer_bytes / 1024u), BLK_RUN_BUFFER_MAX / 1024u);
            return refuse(o, -MICA_E2BIG, why);
        }
    }
    p->ring_capacity = round_up_pow2((uint64_t)m->qd * p->pieces);
    return BLK_RUN_OK;
}

static void release_client(struct blk_client *c)
{
    if (c->h.ep)
        ipc_blk_close(&c->h);
    if (c->data_frame)
        ipc_frame_unmap(c->data, c->data_pages, c->data_frame);
    c->data_frame = 0;
    c->data = NULL;
}

static enum blk_run_status setup_failed(struct blk_run_outcome *o, unsigned client, const char *what,
                                        int error)
{
    char why[sizeof o->why];
    snprintf(why, sizeof why, "client %u: %s: %s", client, what, mica_errno_name(error));
    /* A server without the path answers the request's label with ENOSYS;
     * a full handle table is the server's limit: neither is a failure. */
    if (error == -MICA_ENOSYS || error == -MICA_EMFILE)
        return refuse(o, error, why);
    o->status = BLK_RUN_FAILED;
    o->error = error;
    snprintf(o->why, sizeof o->why, "%s", why);
    return BLK_RUN_FAILED;
}

static enum blk_run_status setup_client(struct blk_client *c, struct blk_run_outcome *o)
{
    const struct blk_plan *p = c->plan;
    if (p->mix->path == BLKBENCH_PATH_MSG || p->mix->path == BLKBENCH_PATH_SIMPLE) {
        long err;
        c->data_pages = (p->mix->bs + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
        c->data = ipc_frame_map_new(c->data_pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                    &c->data_frame, &err);
        if (!c->data) {
            c->data_frame = 0;
            return setup_failed(o, c->index, "data buffer", (int)err);
        }
        /* The first simple call asks FSTAT and, of more than a window or
         * message holds, may register the library's bounce buffer, which
         * allocates: here, in the main thread, before the workers run (and
         * outside the samples: it happens once per handle). */
        if (p->mix->path == BLKBENCH_PATH_SIMPLE) {
            long r = ipc_blk_read(&c->h, 0, c->data, p->mix->bs);
            if (r < 0)
                return setup_failed(o, c->index, "first simple call", (int)r);
        }
        return BLK_RUN_OK;
    }
    long r = ipc_blk_buffer_create(&c->h, (p->buffer_bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE, 1);
    if (r < 0)
        return setup_failed(o, c->index, "zero-copy buffer (REGISTER_BUFFER)", (int)r);
    c->data = c->h.buffer;
    if (p->mix->path == BLKBENCH_PATH_QUEUE) {
        r = ipc_blk_ring_setup(&c->h, p->ring_capacity, p->ring_capacity);
        if (r < 0)
            return setup_failed(o, c->index, "rings (RING_SETUP)", (int)r);
    }
    return BLK_RUN_OK;
}

uint64_t blk_run_excluded_all(void)
{
    uint64_t sum = 0;
    for (unsigned i = 0; i < BLKBENCH_MAX_CLIENTS; i++)
        sum += __atomic_load_n(&clients[i].excluded, __ATOMIC_RELAXED); /* each written by its worker */
    return sum;
}

static void summarize_client(const struct blk_client *c, struct blk_client_result *out)
{
    const struct blk_mix *m = c->plan->mix;
    bench_summarize((struct bench_samples *)&c->samples, &out->latency);
    out->rate = (struct bench_throughput){
        .ops = c->samples.count,
        .bytes = (uint64_t)c->samples.count * m->bs,
        .elapsed = c->end - c->start - c->span_excluded,
        .clock_hz = counter_elapsed_hz(),
    };
    out->sectors_checked = c->sectors_checked;
}

/* The kernel's idle count read just before the clients start and after the
 * last one ended: no client runs outside that window, so the run's idle
 * time is the difference. */
struct idle_window {
    uint64_t start, end;
    bool known;
};

/* The whole run: every sample, the clients' ops and bytes, and the time
 * from the first start to the last end less every client's pattern work
 * (on one hart no client does I/O while any of them does pattern work). */
static void summarize_total(unsigned count, struct blk_run_result *res, const struct idle_window *idle)
{
    struct bench_samples all;
    bench_samples_init(&all, sample_storage + per_client_capacity * count,
                       (uint32_t)(per_client_capacity * count));
    uint64_t first = clients[0].start, last = clients[0].end, excluded = 0;
    struct blk_client_result *t = &res->total;
    memset(t, 0, sizeof *t);
    for (unsigned i = 0; i < count; i++) {
        const struct blk_client *c = &clients[i];
        for (uint32_t s = 0; s < c->samples.count; s++)
            bench_add(&all, c->samples.values[s]);
        first = c->start < first ? c->start : first;
        last = c->end > last ? c->end : last;
        excluded += c->excluded;
        t->rate.ops += res->clients[i].rate.ops;
        t->rate.bytes += res->clients[i].rate.bytes;
        t->sectors_checked += c->sectors_checked;
    }
    bench_summarize(&all, &t->latency);
    t->rate.elapsed = last - first - excluded;
    t->rate.clock_hz = counter_elapsed_hz();
    t->rate.idle_known = idle->known;
    t->rate.idle = idle->known ? idle->end - idle->start : 0;
}

static enum blk_run_status report_error(const struct blk_mix *m, struct blk_run_outcome *o)
{
    for (unsigned i = 0; i < m->clients; i++) {
        const struct blk_client *c = &clients[i];
        if (!c->error)
            continue;
        const struct blk_stat *st = &c->plan->stat;
        snprintf(o->why, sizeof o->why, "client %u: %s at lba %llu (byte %llu): %s", i,
                 c->error_what, (unsigned long long)(c->error_offset / st->block_size),
                 (unsigned long long)c->error_offset, mica_errno_name(c->error));
        o->status = BLK_RUN_FAILED;
        o->error = c->error;
        return BLK_RUN_FAILED;
    }
    return BLK_RUN_OK;
}

/* One handle per client; the first one's fstat fits the mix to the device.
 * *opened counts the handles to close whatever happens. */
static enum blk_run_status open_clients(struct blk_plan *plan, struct blk_run_outcome *o,
                                        unsigned *opened)
{
    const struct blk_mix *m = plan->mix;
    unsigned flags = BLK_OPEN_READ | (blk_mix_writes(m) ? BLK_OPEN_WRITE : 0);
    for (unsigned i = 0; i < m->clients; i++) {
        struct blk_client *c = &clients[i];
        memset(c, 0, offsetof(struct blk_client, slots));
        c->plan = plan;
        c->index = i;
        int r = open_scheme(&c->h, m->scheme, flags);
        if (r < 0)
            return setup_failed(o, i, "open", r);
        (*opened)++;
        if (i == 0) {
            r = ipc_blk_fstat(&c->h, &plan->stat);
            enum blk_run_status s = r < 0 ? setup_failed(o, i, "fstat", r) : make_plan(plan, o);
            if (s != BLK_RUN_OK)
                return s;
        }
    }
    for (unsigned i = 0; i < m->clients; i++) {
        enum blk_run_status s = setup_client(&clients[i], o);
        if (s != BLK_RUN_OK)
            return s;
    }
    return BLK_RUN_OK;
}

/* Every client's samples, starting place and random stream, then the
 * workers run them all at once. */
static enum blk_run_status run_clients(struct blk_plan *plan, struct blk_run_outcome *o)
{
    const struct blk_mix *m = plan->mix;
    blk_measure_costs(&clients[0], plan);
    void *args[BLKBENCH_MAX_CLIENTS];
    for (unsigned i = 0; i < m->clients; i++) {
        struct blk_client *c = &clients[i];
        bench_samples_init(&c->samples, sample_storage + per_client_capacity * i,
                           (uint32_t)per_client_capacity);
        /* Each client its own stream, repeatable from the seed. */
        c->rng = blkpattern_stream_start(i + 1u, m->seed);
        c->next_block = plan->region_ops * i / m->clients;
        args[i] = c;
    }
    int r = workers_run(m->clients, blk_client_run, args);
    if (r < 0)
        return setup_failed(o, 0, "client threads", r);
    return report_error(m, o);
}

enum blk_run_status blk_run(const struct blk_mix *m, struct blk_run_result *res,
                            struct blk_run_outcome *o)
{
    static struct blk_plan plan;
    memset(o, 0, sizeof *o);
    memset(&plan, 0, sizeof plan);
    plan.mix = m;
    if (m->clients == 0 || m->clients > BLKBENCH_MAX_CLIENTS || m->qd == 0 ||
        m->qd > BLKBENCH_MAX_QD || m->ops == 0)
        return refuse(o, -MICA_EINVAL, "clients, qd or ops out of range");
    if (m->ops > per_client_capacity || per_client_capacity * m->clients * 2u > sample_capacity)
        return refuse(o, -MICA_E2BIG, "more ops than the samples reserved");
    unsigned opened = 0;
    struct idle_window idle = { 0 };
    enum blk_run_status s = open_clients(&plan, o, &opened);
    if (s == BLK_RUN_OK) {
        idle.known = counter_idle(&idle.start);
        s = run_clients(&plan, o);
        idle.known = idle.known && counter_idle(&idle.end);
    }
    if (s == BLK_RUN_OK) {
        for (unsigned i = 0; i < m->clients; i++)
            summarize_client(&clients[i], &res->clients[i]);
        summarize_total(m->clients, res, &idle);
        res->requests_per_op = plan.pieces;
        res->pattern_work = (struct blk_pattern_work){ plan.costs.fill_op.elapsed,
                                                       plan.costs.check_op.elapsed,
                                                       plan.costs.skip_op.elapsed };
    }
    for (unsigned i = 0; i < opened; i++)
        release_client(&clients[i]);
    return s;
}

void blk_device_name(char *out, unsigned size, const char *scheme)
{
    /* "disk.ram0:" -> "ram0"; any other '.' would split the metric name. */
    const char *name = scheme;
    if (strncmp(name, "disk.", 5) == 0)
        name += 5;
    unsigned n = 0;
    for (; name[n] && name[n] != ':' && n + 1 < size; n++)
        out[n] = name[n] == '.' ? '_' : name[n];
    out[n] = '\0';
}

void blk_metric_name(char *out, unsigned size, const struct blk_mix *m, const char *path_name)
{
    char device[40];
    blk_device_name(device, sizeof device, m->scheme);
    int len = snprintf(out, size, "blk.%s.%s.%s.bs%u.qd%u", device,
                       path_name ? path_name : blkbench_path_names[m->path],
                       blkbench_rw_names[m->rw], m->bs, m->qd);
    if (m->clients > 1 && len > 0 && (unsigned)len < size)
        len += snprintf(out + len, size - (unsigned)len, ".c%u", m->clients);
    if (m->harts > 1 && len > 0 && (unsigned)len < size)
        snprintf(out + len, size - (unsigned)len, ".h%u", m->harts);
}
