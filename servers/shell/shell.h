/* The console shell: a program init starts with `control` (etc/shell.conf,
 * boot argument mica.shell=1). It reads lines from the console's serial
 * server and runs each through init's process-control protocol
 * (mica/proc_ctl.h); it holds no state of init's, so a fault in it costs
 * the shell, not the supervisor. */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H
#include <stddef.h>
#include <stdint.h>

#include <mica/blk_protocol.h>

/* A typed line, with its NUL: room for a load with a long args="...". */
#define SHELL_LINE_MAX 256u
#define SHELL_PROMPT "mica> "

/* console.c: the console's serial server, found by name and found again
 * when it is restarted. */
/* Waits until the console's server is up; false if none will be. */
int console_acquire(void);
/* To the console, LF as CR LF; to the kernel's console while none is up. */
void console_put(const char *s, size_t n);
void console_put_str(const char *s);
/* The next typed byte; -1 when the console's server went away. */
int console_byte(void);
/* The pid of the server holding the console device, 0 if none. */
uint64_t console_holder(void);

/* line.c: one edited line into line[SHELL_LINE_MAX]; false when the console
 * went away (the line is lost). */
int shell_read_line(char *line);

/* files.c: ls and sum on file schemes. */
void cmd_ls(char **argv, unsigned argc);
void cmd_sum(char **argv, unsigned argc);

/* part_types.c: a GUID as stored on disk, as text (36 characters). */
#define GUID_TEXT_SIZE 37u
void guid_text(const uint8_t g[16], char out[GUID_TEXT_SIZE]);
/* "GPT Linux filesystem", "GPT <type guid>", "MBR 0x83 Linux, logical". */
void part_type_text(const struct blk_partition *p, char *out, size_t size);

/* commands.c */
void shell_run(const char *line);
void shell_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Bytes in the largest binary unit that leaves a whole number of at least
 * 1 (one decimal when it is not whole): 512 B, 256 KiB, 1.5 MiB, 2 GiB. */
void size_text(uint64_t bytes, char *out, size_t size);

/* lsblk_parts.c: a row per partition of the disk `scheme` (by its server). */
void lsblk_partitions(const char *scheme, uint32_t block_size);

#endif
