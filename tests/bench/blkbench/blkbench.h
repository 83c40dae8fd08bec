/* What blkbench's parts share: the subcommands' entry points, files from the
 * initrd, and the priority everything runs at. */
#ifndef BLKBENCH_H
#define BLKBENCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blkbench_args.h"

/* blkbench's threads and peers run at init's default priority, or at the
 * program's own when it was started lower (prio=10): the kernel refuses a
 * thread more than its creator has. A signaller that must not preempt its
 * waiter runs one below. */
unsigned blkbench_priority(void);

/* A file of the initrd (blkbench is started with the `initrd` grant). */
int blkbench_initrd_file(const char *name, const uint8_t **data, size_t *size);

/* A subcommand's verdict, "PASS <text>" or "FAIL <text>": the result line
 * of a single command, a step's line in a sequence. Returns the exit
 * status it stands for (0 for PASS, 1 for FAIL). */
int blkbench_verdict(bool pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands; each ends with one blkbench_verdict and returns its status. */
int blkbench_ipc(const struct blkbench_opts *o);
/* file_bench.c: whole-file reads through a file scheme. */
int blkbench_file(const struct blkbench_opts *o);
int blkbench_blk(const struct blkbench_opts *o);
int blkbench_matrix(const struct blkbench_opts *o);
int blkbench_verify(const struct blkbench_opts *o);
int blkbench_chaos(const struct blkbench_opts *o);

#endif
