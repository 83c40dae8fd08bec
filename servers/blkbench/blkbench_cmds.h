/* init passes a program one integer (init.conf arg=<n>), so blkbench reads
 * its command line from /etc/blkbench.cmds: lines "<n> <arguments>", '#'
 * starts a comment. Pure code, host-tested. */
#ifndef BLKBENCH_CMDS_H
#define BLKBENCH_CMDS_H
#include <stddef.h>
#include <stdint.h>

#define BLKBENCH_CMDS_PATH "etc/blkbench.cmds"
#define BLKBENCH_CMD_LINE_MAX 256u

/* Copies the arguments of entry `index` (without the number, comment and
 * surrounding blanks) into out. 0, -MICA_ENOENT when no line has that
 * number, -MICA_E2BIG when the arguments do not fit out_size. */
int blkbench_cmd_find(const char *text, size_t size, uint64_t index, char *out, size_t out_size);

#endif
