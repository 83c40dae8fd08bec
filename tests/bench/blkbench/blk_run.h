/* One block benchmark run, shared by `blkbench blk` and every cell of
 * `blkbench matrix`: N clients, each a worker thread with its own handle on
 * the scheme, run the same mix through one path of the block client; every
 * op's latency is a sample, and each client and the whole run get IOPS and
 * MiB/s. Everything that allocates (handles, buffers, rings, slots) happens
 * in the calling thread before the workers start: libipc's slot allocator
 * is not thread-safe. */
#ifndef BLKBENCH_BLK_RUN_H
#define BLKBENCH_BLK_RUN_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/bench_stats.h>
#include <mica/blk_client.h>
#include <mica/blk_protocol.h>

#include "blkbench_args.h"

/* The largest zero-copy buffer one client registers; the queued path needs
 * qd x bs of it (every op in flight has its own range). */
#define BLK_RUN_BUFFER_MAX (4u * 1024u * 1024u)
/* Latency samples kept per client (every op is one). */
#define BLK_RUN_MAX_OPS 1000000u
#define BLK_RUN_METRIC_MAX 96u

struct blk_mix {
    const char *scheme; /* "disk.ram0:" */
    enum blkbench_path path;
    enum blkbench_rw rw;
    uint32_t bs, qd, clients;
    uint32_t harts;     /* the clients spread over this many harts (0 or 1: one) */
    uint64_t ops;       /* per client */
    uint64_t seed;
};

static inline bool blk_mix_writes(const struct blk_mix *m)
{
    return m->rw == BLKBENCH_RW_WRITE || m->rw == BLKBENCH_RW_RANDWRITE;
}

/* The paths that make one simple call per op. */
static inline bool blk_path_simple(enum blkbench_path path)
{
    return path == BLKBENCH_PATH_SIMPLE || path == BLKBENCH_PATH_INPLACE;
}

static inline bool blk_mix_random(const struct blk_mix *m)
{
    return m->rw == BLKBENCH_RW_RANDREAD || m->rw == BLKBENCH_RW_RANDWRITE;
}

/* What one client measured; elapsed and excluded are counter_elapsed() ticks. */
struct blk_client_result {
    struct bench_summary latency;
    struct bench_throughput rate;
    uint64_t sectors_checked; /* read sectors found holding this seed's pattern and checked */
};

/* The benchmark's own work on one op's data, in counter_elapsed() ticks:
 * left out of every figure. */
struct blk_pattern_work {
    uint64_t fill;  /* a write's pattern */
    uint64_t check; /* a read whose sectors all hold the run's pattern */
    uint64_t skip;  /* a read whose sectors hold none */
};

struct blk_run_result {
    struct blk_client_result clients[BLKBENCH_MAX_CLIENTS];
    struct blk_client_result total;
    uint32_t requests_per_op; /* the path's requests for one op of bs bytes */
    struct blk_pattern_work pattern_work;
};

enum blk_run_status {
    BLK_RUN_OK,
    BLK_RUN_REFUSED, /* the path or server cannot do this mix: nothing was measured */
    BLK_RUN_FAILED,  /* an error during the run: logged with the failing LBA */
};

/* `why` holds a one-line reason for REFUSED and FAILED. */
struct blk_run_outcome {
    enum blk_run_status status;
    int error;
    char why[120];
};

/* The device as fstat reports it, after waiting for the scheme to register. */
int blk_run_probe(const char *scheme, struct blk_stat *stat);

/* Runs the mix; on BLK_RUN_OK *result is filled. The samples' storage comes
 * from blk_run_reserve, called before each run with its size: it keeps
 * room at least that large, and makes more when a later run needs it. */
int blk_run_reserve(uint32_t clients, uint64_t ops_per_client);
enum blk_run_status blk_run(const struct blk_mix *mix, struct blk_run_result *result,
                            struct blk_run_outcome *outcome);

/* blk.<device>.<path>.<rw>.bs<bs>.qd<qd>[.c<clients>] (docs/blkbench.md);
 * path_name overrides the mix's path ("direct"). */
void blk_metric_name(char *out, unsigned size, const struct blk_mix *mix, const char *path_name);
/* The device part of a metric name: "disk.ram0:" -> "ram0". */
void blk_device_name(char *out, unsigned size, const char *scheme);

#endif
