/* blkbench's command line: the subcommands and options of docs/blkbench.md
 * parsed into one struct, every value range-checked here so the benchmark
 * code behind it only asserts. Pure code, shared by the guest and host tests. */
#ifndef BLKBENCH_ARGS_H
#define BLKBENCH_ARGS_H
#include <stdbool.h>
#include <stdint.h>

#define BLKBENCH_MAX_ARGS 32
/* Commands of one command line, separated by ';'. */
#define BLKBENCH_MAX_STEPS 8
/* ipc: measured and warm-up rounds per figure (the contract asks >= 10,000). */
#define BLKBENCH_DEFAULT_ROUNDS 10000u
#define BLKBENCH_DEFAULT_WARMUP 1000u
#define BLKBENCH_MAX_ROUNDS 1000000u
#define BLKBENCH_MAX_WARMUP 1000000u
/* blk: the ranges blkbench matrix sweeps. */
#define BLKBENCH_MIN_BS 512u
#define BLKBENCH_MAX_BS (1u << 20)
#define BLKBENCH_DEFAULT_BS 4096u
#define BLKBENCH_MAX_QD 64u
#define BLKBENCH_MAX_CLIENTS 8u
#define BLKBENCH_DEFAULT_OPS 10000u
#define BLKBENCH_DEFAULT_SEED 1u
#define BLKBENCH_DEFAULT_GEN 1u
/* chaos: driver crashes (each a restart of the driver under init's restarts=). */
#define BLKBENCH_DEFAULT_CRASHES 10u
#define BLKBENCH_MAX_CRASHES 1000u
/* chaos --update: the server images a live update cycles through. */
#define BLKBENCH_MAX_UPDATE_IMAGES 4u
#define BLKBENCH_MAX_IMAGE_PATH 128u /* with its NUL */

enum blkbench_cmd {
    BLKBENCH_CMD_HELP,
    BLKBENCH_CMD_IPC,
    BLKBENCH_CMD_BLK,
    BLKBENCH_CMD_MATRIX,
    BLKBENCH_CMD_VERIFY,
    BLKBENCH_CMD_FILE,
    BLKBENCH_CMD_CHAOS,
    BLKBENCH_CMD_COUNT,
};

/* msg, zerocopy and queue drive one protocol path each; simple and inplace
 * make one simple call (ipc_blk_read/ipc_blk_write) per op, which picks its
 * way itself: on plain memory, and on the handle's own buffer. */
enum blkbench_path {
    BLKBENCH_PATH_MSG,
    BLKBENCH_PATH_ZEROCOPY,
    BLKBENCH_PATH_QUEUE,
    BLKBENCH_PATH_SIMPLE,
    BLKBENCH_PATH_INPLACE,
    BLKBENCH_PATH_COUNT
};
enum blkbench_rw { BLKBENCH_RW_READ, BLKBENCH_RW_WRITE, BLKBENCH_RW_RANDREAD, BLKBENCH_RW_RANDWRITE, BLKBENCH_RW_COUNT };
enum blkbench_verify { BLKBENCH_VERIFY_BOTH, BLKBENCH_VERIFY_WRITE, BLKBENCH_VERIFY_CHECK };

/* Names as they appear on the command line and in metric names. */
extern const char *const blkbench_cmd_names[BLKBENCH_CMD_COUNT];
extern const char *const blkbench_path_names[BLKBENCH_PATH_COUNT];
extern const char *const blkbench_rw_names[BLKBENCH_RW_COUNT];

struct blkbench_opts {
    enum blkbench_cmd cmd;
    const char *scheme; /* blk, matrix, verify: "disk.vblk0:"; file: "boot:/a/b" (points into argv) */
    uint32_t rounds, warmup;
    enum blkbench_path path;
    enum blkbench_rw rw;
    uint32_t bs, qd, clients;
    uint32_t harts;      /* blk: client i runs on the i % harts-th hart from blkbench's own */
    uint64_t bytes, ops; /* blk: exactly one is non-zero */
    uint64_t seed, gen;
    enum blkbench_verify verify;
    bool quick; /* matrix: the reduced sweep */
    uint32_t crashes; /* chaos: crashes, or live updates with --update */
    const char *update; /* chaos: "image[,image...]" (points into argv), NULL: crash */
};

/* What was wrong: a reason and the argument it concerns (may be NULL). */
struct blkbench_arg_error {
    const char *why;
    const char *arg;
};

/* argv holds the arguments after the program name. 0 and *o filled, or
 * -MICA_EINVAL and *err set. */
int blkbench_parse(int argc, char *const argv[], struct blkbench_opts *o,
                   struct blkbench_arg_error *err);

/* Splits a line at blanks in place (no quoting): the argument count, or
 * -MICA_E2BIG when there are more than max. */
int blkbench_split(char *line, char *argv[], int max);

/* Cuts a command line at each ';' in place: the step count (an empty step
 * counts, so "a;;b" is 3 and the empty one fails to parse), or
 * -MICA_E2BIG when there are more than max. */
int blkbench_steps(char *line, char *steps[], int max);

/* The usage text, one line per entry, NULL-terminated. */
extern const char *const blkbench_usage[];

#endif
