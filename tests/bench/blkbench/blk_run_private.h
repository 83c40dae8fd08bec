/* What the parts of a block run share: the plan derived from the mix and
 * the device, and each client's state while its worker runs it. */
#ifndef BLKBENCH_BLK_RUN_PRIVATE_H
#define BLKBENCH_BLK_RUN_PRIVATE_H
#include <stdbool.h>
#include <stdint.h>

#include "blk_run.h"

/* What the benchmark's own pattern work costs, in both clocks: filling one
 * op's data, and checking one op's data whose sectors are all this run's
 * pattern or none (an op with some of each costs the weighted mean). The
 * code is data-independent, so a cost measured once before the run is the
 * cost of every later call; it is subtracted from the samples and the
 * elapsed time, which a timed window could not do: another thread (a
 * client, the server) may run inside it. */
struct blk_cost {
    uint64_t cycles, elapsed;
};

struct blk_costs {
    struct blk_cost fill_op, check_op, skip_op;
};

/* The mix fitted to the device and the path. */
struct blk_plan {
    const struct blk_mix *mix;
    struct blk_stat stat;
    uint32_t piece;         /* bytes one request carries */
    uint32_t pieces;        /* requests per op: ceil(bs / piece) */
    uint64_t region_ops;    /* bs-sized, bs-aligned places on the device */
    uint64_t buffer_bytes;  /* zero-copy buffer per client (0 on the message path) */
    uint32_t ring_capacity; /* queued path: a power of two >= qd x pieces */
    /* Sectors the pattern work covers: an op's (bs / 512), fewer while its
     * cost is measured on samples (blk_measure_costs). */
    uint32_t pattern_sectors;
    struct blk_costs costs;
};

/* One op in flight on the queued path. */
struct blk_queue_slot {
    uint64_t offset;
    uint64_t start;          /* rdcycle at submission */
    uint64_t excluded_start; /* the client's excluded cycles then */
    uint32_t pending;        /* requests not completed yet */
};

struct blk_client {
    const struct blk_plan *plan;
    unsigned index;
    struct ipc_blk_handle h;
    uint8_t *data;           /* where op data lives: h.buffer, or a private frame (message path) */
    long data_frame;
    uint64_t data_pages;
    struct bench_samples samples;
    uint64_t next_block;     /* sequential mixes */
    uint64_t rng;            /* random mixes: xorshift64* state */
    /* Whole-run time (counter_elapsed) and what the benchmark's own pattern
     * work took of it (struct blk_costs), in both clocks. */
    uint64_t start, end, excluded, excluded_cycles;
    /* Every client's pattern work inside this client's span: the clients
     * share the hart, so another's pattern work is time this one did no
     * I/O either; subtracting only its own made each row too slow, and
     * the rows of clients sharing a span fell short of the total. */
    uint64_t span_excluded;
    uint64_t sectors_checked;
    int error;               /* 0, or the first error; the run stops there */
    uint64_t error_offset;
    const char *error_what;
    struct blk_queue_slot slots[BLKBENCH_MAX_QD];
};

/* blk_run.c: the sum of every client's `excluded` so far. */
uint64_t blk_run_excluded_all(void);

/* blk_io.c: a worker's whole run of its client. */
void blk_client_run(void *client);

/* blk_pattern_work.c: the first error ends the client's run (returned);
 * one op's data filled with the pattern for its place, or checked (0 or
 * the error, recorded); the costs of both, measured on a client's data
 * buffer before its run into the plan (c's) costs. */
int blk_client_fail(struct blk_client *c, int error, uint64_t offset, const char *what);
void blk_prepare_write(struct blk_client *c, uint8_t *data, uint64_t offset);
int blk_check_read(struct blk_client *c, const uint8_t *data, uint64_t offset);
void blk_measure_costs(struct blk_client *c, struct blk_plan *plan);

#endif
