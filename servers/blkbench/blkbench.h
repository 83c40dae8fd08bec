/* What blkbench's parts share: the subcommands' entry points, files from the
 * initrd, and the priority everything runs at. */
#ifndef BLKBENCH_H
#define BLKBENCH_H
#include <stddef.h>
#include <stdint.h>

#include "blkbench_args.h"
#include "config.h"

/* blkbench and its peers run at init's default priority; a signaller that
 * must not preempt its waiter runs one below. */
#define BLKBENCH_PRIORITY CONFIG_DEFAULT_PRIORITY

/* A file of the initrd (blkbench is started with the `initrd` grant). */
int blkbench_initrd_file(const char *name, const uint8_t **data, size_t *size);

/* Subcommands: 0 when every figure was measured (the verdict is PASS). */
int blkbench_ipc(const struct blkbench_opts *o);
int blkbench_blk(const struct blkbench_opts *o);
int blkbench_matrix(const struct blkbench_opts *o);

#endif
