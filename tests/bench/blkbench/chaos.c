/* blkbench chaos <scheme>: a write-verify workload over all three data
 * paths of one handle while a second thread crashes the driver again and
 * again (chaos_crash.c). Each 16 KiB unit is written with the verify
 * pattern through one path and read back through another; a pass covers
 * the span (the first CHAOS_SPAN_BYTES) with one generation and ends with
 * a flush, and passes go on until the last crash was recovered from. Then
 * every byte of the span is checked. The library's recovery must make all
 * of it invisible: no call may fail and no block may come back wrong. The
 * BENCH line is each crash's recovery time, from the crash to the first
 * request completed on the restarted driver. With --update every crash is
 * a live update to another image instead, and the BENCH line is each
 * one's blackout: from the last request the old instance completed to the
 * first the new one did. Nor may a crash cost a
 * capability slot: this program's and init's free slots are counted
 * before the first crash and after the last, and must be equal. */
#include <stdio.h>
#include <string.h>

#include <mica/bench_stats.h>
#include <mica/blk_client.h>
#include <mica/blkpattern.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/proc_ctl.h>
#include <mica/runtime.h>
#include <mica/timebase.h>

#include "blk_run.h"
#include "blkbench.h"
#include "chaos.h"

#define CHAOS_SPAN_BYTES (2u << 20)
#define CHAOS_UNIT 16384u
#define PIECE_MAX 4096u /* bytes per message and per ring request */
#define RING_DEPTH 8u
#define OPEN_WAIT_MS 30000u
#define REPORTED_BLOCKS 8u

struct chaos_run {
    const struct blkbench_opts *o;
    struct chaos_shared *s;
    struct ipc_blk_handle h;
    struct blk_stat st;
    uint64_t units;   /* per pass */
    uint32_t piece;
    uint64_t next_id; /* ring request ids */
    uint64_t errors, bad_blocks, requests;
    uint64_t recoveries_seen;
    uint64_t last_done; /* rdtime of the last completed request */
    struct bench_samples recovery; /* microseconds */
};

static struct chaos_shared shared;
static uint8_t msg_data[CHAOS_UNIT];
static uint64_t recovery_storage[BLKBENCH_MAX_CRASHES];

/* After every completed request: a recovery the library made since the
 * last one ends here, its time counted from its crash, or for an update
 * from the last request completed before it (the old instance served up
 * to its stop, so that gap holds the whole blackout). */
static void completed(struct chaos_run *c)
{
    uint64_t now = arch_rdtime();
    c->requests++;
    while (c->recoveries_seen < c->h.reopen.recoveries) {
        uint64_t k = c->recoveries_seen++;
        uint64_t from = c->s->image_count ? c->last_done : c->s->crash_time[k];
        if (k < c->s->issued)
            bench_add(&c->recovery, (now - from) * 1000000u / timebase_hz());
        __atomic_store_n(&c->s->recovered, (uint32_t)c->recoveries_seen, __ATOMIC_SEQ_CST);
    }
    c->last_done = now;
}

static void client_error(struct chaos_run *c, const char *what, uint64_t at, long r)
{
    if (c->errors++ < REPORTED_BLOCKS)
        ipc_log_error("chaos %s %s at byte %llu: %s", c->o->scheme, what,
                      (unsigned long long)at, r < 0 ? mica_errno_name((int)r) : "short transfer");
}

enum { MSG, ZERO_COPY, QUEUE, WINDOW, PATHS };
static const char *const path_names[PATHS] = { "message", "zero-copy", "queued", "window" };

/* A unit piece by piece from plain memory: READ/WRITE messages, or the
 * simple calls, which both servers chaos crashes take by windows. */
static void piece_io(struct chaos_run *c, unsigned path, bool write, uint64_t at)
{
    for (uint32_t off = 0; off < CHAOS_UNIT; off += c->piece) {
        uint8_t *data = msg_data + off;
        long r;
        if (path == MSG)
            r = write ? ipc_blk_write_message(&c->h, at + off, data, c->piece)
                      : ipc_blk_read_message(&c->h, at + off, data, c->piece);
        else
            r = write ? ipc_blk_write(&c->h, at + off, data, c->piece)
                      : ipc_blk_read(&c->h, at + off, data, c->piece);
        if (r != (long)c->piece)
            client_error(c, write ? (path == MSG ? "message write" : "window write")
                                  : (path == MSG ? "message read" : "window read"),
                         at + off, r);
        completed(c);
    }
}

static void zero_copy_io(struct chaos_run *c, bool write, uint64_t at)
{
    long r = write ? ipc_blk_write_buffer(&c->h, at, CHAOS_UNIT, 0)
                   : ipc_blk_read_buffer(&c->h, at, CHAOS_UNIT, 0);
    if (r != (long)CHAOS_UNIT)
        client_error(c, write ? "zero-copy write" : "zero-copy read", at, r);
    completed(c);
}

/* The unit's pieces as one batch, a flush after the writes when the
 * device has a cache to flush, then every completion. */
static void queued_io(struct chaos_run *c, bool write, uint64_t at)
{
    struct blk_submission subs[CHAOS_UNIT / BLK_BLOCK_SIZE_MIN + 1];
    unsigned n = 0;
    for (uint32_t off = 0; off < CHAOS_UNIT; off += c->piece)
        subs[n++] = (struct blk_submission){ .request_id = c->next_id++,
                                             .opcode = write ? BLK_OP_WRITE : BLK_OP_READ,
                                             .length = c->piece,
                                             .lba = (at + off) / c->st.block_size,
                                             .buffer_offset = off };
    if (write && (c->st.flags & BLK_STAT_FLUSH))
        subs[n++] = (struct blk_submission){ .request_id = c->next_id++, .opcode = BLK_OP_FLUSH };
    const char *what = write ? "queued write" : "queued read";
    for (unsigned pushed = 0; pushed < n;) {
        int r = ipc_blk_queue_push_batch(&c->h, subs + pushed, n - pushed);
        ipc_blk_queue_kick(&c->h);
        if (r > 0)
            pushed += (unsigned)r;
        else if (r < 0 || (r = ipc_blk_wait_space(&c->h)) < 0)
            return client_error(c, what, at, r);
    }
    for (unsigned done = 0; done < n;) {
        struct blk_completion got[CHAOS_UNIT / BLK_BLOCK_SIZE_MIN + 1];
        int r = ipc_blk_wait_completions(&c->h, got, n - done);
        if (r < 0)
            return client_error(c, what, at, r);
        for (int i = 0; i < r; i++) {
            uint64_t first = subs[0].request_id;
            uint64_t index = got[i].request_id - first;
            if (index >= n || got[i].status != 0 || got[i].bytes != subs[index].length)
                client_error(c, what, at, got[i].status ? got[i].status : -MICA_EPROTO);
            completed(c);
        }
        done += (unsigned)r;
    }
}

static void unit_io(struct chaos_run *c, unsigned path, bool write, uint64_t at)
{
    if (path == MSG || path == WINDOW)
        piece_io(c, path, write, at);
    else if (path == ZERO_COPY)
        zero_copy_io(c, write, at);
    else
        queued_io(c, write, at);
}

static uint8_t *unit_data(struct chaos_run *c, unsigned path)
{
    return path == MSG || path == WINDOW ? msg_data : c->h.buffer;
}

/* Block by block, so that every wrong block is counted. */
static void check_unit(struct chaos_run *c, const uint8_t *data, uint64_t at, uint64_t gen)
{
    uint32_t sectors = c->st.block_size / BLKPATTERN_SECTOR_SIZE;
    for (uint32_t off = 0; off < CHAOS_UNIT; off += c->st.block_size) {
        struct blkpattern_mismatch bad;
        uint64_t lba = (at + off) / BLKPATTERN_SECTOR_SIZE;
        if (blkpattern_check(data + off, sectors, lba, c->o->seed, gen, &bad) == BLKPATTERN_OK)
            continue;
        if (c->bad_blocks++ < REPORTED_BLOCKS)
            ipc_log_error("chaos %s lba %llu offset %u: %s (expected gen %llu)", c->o->scheme,
                          (unsigned long long)bad.lba, bad.offset,
                          blkpattern_result_name(bad.reason), (unsigned long long)gen);
    }
}

static void write_unit(struct chaos_run *c, unsigned path, uint64_t at, uint64_t gen)
{
    blkpattern_fill(unit_data(c, path), CHAOS_UNIT / BLKPATTERN_SECTOR_SIZE,
                    at / BLKPATTERN_SECTOR_SIZE, c->o->seed, gen);
    unit_io(c, path, true, at);
}

static void read_unit(struct chaos_run *c, unsigned path, uint64_t at, uint64_t gen)
{
    uint8_t *data = unit_data(c, path);
    memset(data, 0, CHAOS_UNIT); /* nothing left from the write can pass for the read */
    unit_io(c, path, false, at);
    check_unit(c, data, at, gen);
}

/* One generation over the span, each unit read back at once, then a flush. */
static void pass(struct chaos_run *c, uint64_t gen)
{
    for (uint64_t u = 0; u < c->units; u++) {
        uint64_t at = u * CHAOS_UNIT;
        write_unit(c, (unsigned)((u + gen) % PATHS), at, gen);
        read_unit(c, (unsigned)((u + gen + 1) % PATHS), at, gen);
    }
    int r = ipc_blk_fsync(&c->h);
    if (r < 0 && r != -MICA_ENOTSUP)
        client_error(c, "fsync", 0, r);
    completed(c);
}

static int setup(struct chaos_run *c)
{
    int r = ipc_scheme_open_waiting(&c->h, c->o->scheme, BLK_OPEN_READ | BLK_OPEN_WRITE,
                                    OPEN_WAIT_MS);
    if (r == 0)
        r = ipc_blk_fstat(&c->h, &c->st);
    if (r == 0 && (c->st.block_size > PIECE_MAX || c->st.max_transfer < CHAOS_UNIT))
        r = -MICA_E2BIG;
    long bytes = r == 0 ? ipc_blk_buffer_create(&c->h, CHAOS_UNIT / 4096u, 1) : r;
    r = bytes < 0 ? (int)bytes : ipc_blk_ring_setup(&c->h, RING_DEPTH, RING_DEPTH);
    if (r < 0) {
        ipc_log_error("chaos %s cannot set the handle up: %s", c->o->scheme, mica_errno_name(r));
        return r;
    }
    uint64_t span = c->st.size_bytes < CHAOS_SPAN_BYTES ? c->st.size_bytes : CHAOS_SPAN_BYTES;
    c->units = span / CHAOS_UNIT;
    c->piece = PIECE_MAX;
    return c->units ? 0 : -MICA_E2BIG;
}

/* Free capability slots: this program's (recoveries allocate them) and
 * init's (every restart and name registration does); 0 for init's when it
 * does not answer, which fails the comparison only if it changes. */
struct slot_counts {
    unsigned client;
    uint64_t init;
};

static struct slot_counts count_slots(void)
{
    struct proc_ctl_memory m = { 0 };
    proc_memory(&m);
    return (struct slot_counts){ ipc_slots_free(), m.init_free_slots };
}

/* A slot lost per crash would run the process out after some hundred. */
static bool slots_kept(const char *scheme, const char *events, struct slot_counts before,
                       struct slot_counts after)
{
    ipc_log_info("chaos %s free slots: this program %u before the %s, %u after; "
                 "init %llu before, %llu after", scheme, before.client, events, after.client,
                 (unsigned long long)before.init, (unsigned long long)after.init);
    bool kept = before.client == after.client && before.init == after.init;
    if (!kept)
        ipc_log_error("chaos %s capability slots leaked over the %s", scheme, events);
    return kept;
}

static void report(struct chaos_run *c)
{
    struct bench_summary sum;
    if (!bench_summarize(&c->recovery, &sum))
        return;
    char device[40], metric[64], line[MICA_LOG_LINE_MAX];
    blk_device_name(device, sizeof device, c->o->scheme);
    snprintf(metric, sizeof metric, "recover.%s.%s", device, c->s->image_count ? "update" : "crash");
    bench_format_line(line, sizeof line, metric, "us", &sum, NULL);
    ipc_print("%s\n", line);
}

/* --update's comma-separated list (checked by the parser) into s->images. */
static void take_images(struct chaos_shared *s, const char *list)
{
    if (!list)
        return;
    for (const char *p = list; s->image_count < BLKBENCH_MAX_UPDATE_IMAGES; p++) {
        size_t length = strcspn(p, ",");
        memcpy(s->images[s->image_count++], p, length);
        p += length;
        if (!*p)
            break;
    }
}

int blkbench_chaos(const struct blkbench_opts *o)
{
    static struct chaos_run run;
    struct chaos_run *c = &run;
    memset(c, 0, sizeof *c);
    memset(&shared, 0, sizeof shared);
    c->o = o;
    c->s = &shared;
    bench_samples_init(&c->recovery, recovery_storage, BLKBENCH_MAX_CRASHES);
    size_t name = strcspn(o->scheme, ":");
    if (name >= sizeof shared.scheme || setup(c) < 0)
        return blkbench_verdict(false, "chaos %s no handle", o->scheme);
    memcpy(shared.scheme, o->scheme, name);
    shared.crashes = o->crashes;
    take_images(&shared, o->update);
    shared.rng = o->seed * 0x9E3779B97F4A7C15ull | 1u;
    const char *events = shared.image_count ? "live updates" : "crashes";
    ipc_log_info("chaos %s %llu units of %u bytes over the %s, %s, %s and %s paths, %u %s%s%s, "
                 "seed %llu", o->scheme, (unsigned long long)c->units, CHAOS_UNIT,
                 path_names[MSG], path_names[ZERO_COPY], path_names[QUEUE], path_names[WINDOW],
                 o->crashes, events,
                 o->update ? " to " : "", o->update ? o->update : "", (unsigned long long)o->seed);
    int r = chaos_crasher_start(&shared);
    if (r < 0) {
        ipc_blk_close(&c->h);
        return blkbench_verdict(false, "chaos %s no crasher thread: %s", o->scheme,
                                mica_errno_name(r));
    }
    /* Counted with the crasher thread made and waiting, the server serving. */
    struct slot_counts before = count_slots();
    __atomic_store_n(&shared.go, true, __ATOMIC_SEQ_CST);
    uint64_t gen = BLKPATTERN_DEFAULT_GENERATION;
    for (;; gen++) {
        pass(c, gen);
        if (shared.finished)
            break;
    }
    for (uint64_t u = 0; u < c->units; u++)
        read_unit(c, (unsigned)(u % PATHS), u * CHAOS_UNIT, gen);
    ipc_log_info("chaos %s %llu passes, %llu requests, %llu recoveries; the span holds seed %llu "
                 "gen %llu over %llu sectors", o->scheme, (unsigned long long)gen,
                 (unsigned long long)c->requests, (unsigned long long)c->h.reopen.recoveries,
                 (unsigned long long)o->seed, (unsigned long long)gen,
                 (unsigned long long)(c->units * CHAOS_UNIT / BLKPATTERN_SECTOR_SIZE));
    bool kept = slots_kept(o->scheme, events, before, count_slots());
    ipc_blk_close(&c->h);
    report(c);
    if (shared.error)
        ipc_log_error("chaos %s the crasher stopped after %u %s: %s", o->scheme, shared.issued,
                      events, mica_errno_name((int)shared.error));
    bool pass_all = !shared.error && shared.issued == o->crashes &&
                    shared.recovered == o->crashes && !c->errors && !c->bad_blocks && kept;
    return blkbench_verdict(pass_all, "%u %s, %llu blocks lost, %llu client errors",
                            shared.issued, events, (unsigned long long)c->bad_blocks,
                            (unsigned long long)c->errors);
}
