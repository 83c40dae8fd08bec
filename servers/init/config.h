/* init's configuration (etc/init.conf in the initrd, or the file named by
 * the boot argument init.conf=<path>): one program per line,
 *     <program> [arg=<n>] [args="<command line>"] [prio=<n>] [quota=<n>[K|M]]
 *               [hart=<n>] [initrd] [system] [control] [poweroff]
 *               [restart=never|always|on-fault] [restarts=<n>] [heartbeat=<n>ms]
 * '#' starts a comment (not inside args="..."). args is the program's
 * command line (mica/args.h): a bare word or double-quoted text in which
 * \" and \\ stand for " and \; at most CONFIG_ARGS_MAX - 1 bytes. `initrd` and `system` grant those capabilities;
 * `control` the process-control protocol (mica/proc_ctl.h: the shell, the reload bench);
 * `poweroff` makes the program's end the machine's: exit status 0 powers
 * off with 0, anything else (or a fault) with 1. `restart` says when init
 * starts an ended program again (at most `restarts` times in its life);
 * `heartbeat` makes init ping a block server that often and kill it (a
 * fault: the restart policy applies) when a ping stays unanswered as long
 * (docs/recovery.md).
 * Parsing is pure code; the shell's `load` reads its arguments with it. */
#ifndef INIT_CONFIG_H
#define INIT_CONFIG_H
#include <stddef.h>
#include <stdint.h>

#include <mica/proc.h>

/* A program: an initrd path, or "scheme:path" for a server image. */
#define CONFIG_NAME_MAX 64u
#define CONFIG_DEFAULT_PRIORITY MICA_PROC_DEFAULT_PRIORITY
#define CONFIG_DEFAULT_QUOTA (4ull << 20)
#define CONFIG_DEFAULT_RESTART_LIMIT 3u
/* Enough for a crash test that kills a driver a thousand times over. */
#define CONFIG_MAX_RESTART_LIMIT 100000u
#define CONFIG_HEARTBEAT_MIN_MS 20u
#define CONFIG_HEARTBEAT_MAX_MS 600000u
/* The command line's room with its NUL: mica/args.h's MICA_ARGS_MAX. */
#define CONFIG_ARGS_MAX 512u

enum restart_policy {
    RESTART_NEVER,
    RESTART_ON_FAULT, /* after a fault or a non-zero exit status */
    RESTART_ALWAYS,   /* after any end but a stop */
};

struct config_entry {
    char program[CONFIG_NAME_MAX];
    uint64_t arg;
    int has_args;                 /* args= given: the program gets a command-line page */
    char args[CONFIG_ARGS_MAX];
    unsigned priority;
    int place_on_hart;      /* hart=<n> given */
    unsigned hart;
    uint64_t quota_bytes;
    int grant_initrd;
    int grant_system;
    int grant_control; /* a capability to init's process-control protocol */
    int poweroff;
    enum restart_policy restart;
    unsigned restart_limit;
    unsigned heartbeat_ms; /* 0: none */
};

struct config_cursor {
    const char *next;
    const char *end;
    unsigned line; /* of the entry just returned, for error messages */
    const char *line_text; /* that line, without its newline */
    size_t line_len;
};

void config_begin(struct config_cursor *c, const char *text, size_t size);
/* Parses one line (no newline) into e with the defaults filled in: 1 if it
 * named a program, 0 if it was empty, -MICA_EINVAL with *why if malformed. */
int config_parse_line(const char *text, size_t len, struct config_entry *e, const char **why);
const char *config_restart_name(enum restart_policy p);
/* 1 and an entry, 0 at the end, or -MICA_EINVAL for a malformed line
 * (c->line names it; *why says what was wrong). */
int config_next(struct config_cursor *c, struct config_entry *e, const char **why);
/* Whether a line, even one config_parse_line refuses, holds the bare word
 * `poweroff` after its program (not inside args="..."; an args text left
 * open runs to the end of the line). */
int config_line_says_poweroff(const char *text, size_t len);

/* "init.conf=<path>" from the boot arguments, or the default path. */
void config_path_from_bootargs(const char *bootargs, char *path, size_t path_size);
#define CONFIG_DEFAULT_PATH "etc/init.conf"

/* Whether the boot arguments hold `word` (e.g. "mica.shell=1") as a whole word. */
int config_bootarg_present(const char *bootargs, const char *word);

#endif
