/* init's configuration (etc/init.conf in the initrd, or the file named by
 * the boot argument init.conf=<path>): one program per line,
 *     <program> [arg=<n>] [prio=<n>] [quota=<n>[K|M]] [initrd] [system] [poweroff]
 * '#' starts a comment. `initrd` and `system` grant those capabilities;
 * `poweroff` makes the program's end the machine's: exit status 0 powers
 * off with 0, anything else (or a fault) with 1. Parsing is pure code. */
#ifndef INIT_CONFIG_H
#define INIT_CONFIG_H
#include <stddef.h>
#include <stdint.h>

#define CONFIG_NAME_MAX 32u
#define CONFIG_DEFAULT_PRIORITY 100u
#define CONFIG_DEFAULT_QUOTA (4ull << 20)

struct config_entry {
    char program[CONFIG_NAME_MAX];
    uint64_t arg;
    unsigned priority;
    uint64_t quota_bytes;
    int grant_initrd;
    int grant_system;
    int poweroff;
};

struct config_cursor {
    const char *next;
    const char *end;
    unsigned line; /* of the entry just returned, for error messages */
};

void config_begin(struct config_cursor *c, const char *text, size_t size);
/* 1 and an entry, 0 at the end, or -MICA_EINVAL for a malformed line
 * (c->line names it; *why says what was wrong). */
int config_next(struct config_cursor *c, struct config_entry *e, const char **why);

/* "init.conf=<path>" from the boot arguments, or the default path. */
void config_path_from_bootargs(const char *bootargs, char *path, size_t path_size);
#define CONFIG_DEFAULT_PATH "etc/init.conf"

#endif
