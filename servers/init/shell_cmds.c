/* The shell's commands, run on the supervisor thread. The command line is
 * the one untrusted input here: it is split into words and every word is
 * checked where it is used. */
#include <stdio.h>
#include <string.h>

#include <mica/log.h>
#include <mica/scheme.h>
#include <mica/virtio_blk_req.h>

#include "children.h"
#include "config.h"
#include "devices.h"
#include "names.h"
#include "shell.h"

#define MAX_WORDS 8u

static void cmd_help(char **argv, unsigned argc);
static void cmd_lssrv(char **argv, unsigned argc);
static void cmd_lsdev(char **argv, unsigned argc);
static void cmd_lsblk(char **argv, unsigned argc);
static void cmd_load(const char *rest);
static void cmd_stop(char **argv, unsigned argc);
static void cmd_restart(char **argv, unsigned argc);
static void cmd_poweroff(char **argv, unsigned argc);
static void cmd_lsimg(char **argv, unsigned argc);

static const struct command {
    const char *name;
    const char *syntax;
    const char *help;
    unsigned min_args, max_args;
    /* NULL for load: shell_run hands it the rest of the line as typed,
     * before splitting, so its word counts are not used either. */
    void (*run)(char **argv, unsigned argc);
} commands[] = {
    { "help", "help", "this list", 0, 0, cmd_help },
    { "lssrv", "lssrv", "programs and servers: pid, state, version, schemes, memory, restarts", 0, 0,
      cmd_lssrv },
    { "lsdev", "lsdev", "devices, the server holding each, virtio features negotiated", 0, 0,
      cmd_lsdev },
    { "lsblk", "lsblk", "block schemes (disk.*): size, block size, read-only, server", 0, 0,
      cmd_lsblk },
    { "lsimg", "lsimg", "images in the initrd that load can start", 0, 0, cmd_lsimg },
    { "load", "load <image> [options]", "start a program or server (options as in init.conf)", 0,
      0, 0 },
    { "stop", "stop <name|pid>", "stop it and free everything it held (not the console's)", 1, 1,
      cmd_stop },
    { "restart", "restart <name|pid>", "stop it (if running) and load it again", 1, 1, cmd_restart },
    { "poweroff", "poweroff", "power the machine off", 0, 0, cmd_poweroff },
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void cmd_help(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    for (unsigned i = 0; i < COMMAND_COUNT; i++)
        shell_printf("%-24s %s\n", commands[i].syntax, commands[i].help);
}

/* Bytes in the largest binary unit that leaves a whole number of at least
 * 1 (one decimal when it is not whole): 512 B, 256 KiB, 1.5 MiB, 2 GiB. */
static void size_text(uint64_t bytes, char *out, size_t size)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    unsigned u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && bytes >> (10u * (u + 1)))
        u++;
    uint64_t whole = bytes >> (10u * u), rest = bytes - (whole << (10u * u));
    if (rest == 0 || u == 0)
        snprintf(out, size, "%llu %s", (unsigned long long)whole, units[u]);
    else
        snprintf(out, size, "%llu.%llu %s", (unsigned long long)whole,
                 (unsigned long long)(rest * 10u >> (10u * u)), units[u]);
}

/* From init's name table only: asking the servers for their sizes would
 * put a call to a possibly hung server on the supervisor thread, so the
 * sizes are what each server reported (mica/scheme.h BLOCK_FACTS), "-"
 * until it has. */
static void cmd_lsblk(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-16s %12s %6s %3s  %s\n", "SCHEME", "SIZE", "BLOCK", "RO", "SERVER");
    for (unsigned i = 0; i < NAMES_MAX; i++) {
        uint64_t pid;
        struct names_block_facts f;
        const char *name = names_at(i, &pid, &f);
        if (!name || strncmp(name, "disk.", 5) != 0)
            continue;
        char size[48] = "-", block[12] = "-";
        if (f.known) {
            size_text(f.size_bytes, size, sizeof size);
            snprintf(block, sizeof block, "%u", f.block_size);
        }
        struct child *c = children_by_pid(pid);
        shell_printf("%-16s %12s %6s %3s  %s pid %llu\n", name, size, block,
                     f.known ? (f.read_only ? "yes" : "no") : "-", c ? child_name(c) : "?",
                     (unsigned long long)pid);
    }
}

static void version_text(const struct child *c, char *out, size_t size)
{
    uint32_t v = c->manifest.version;
    if (c->manifest.magic)
        snprintf(out, size, "%u.%u.%u", MICA_VERSION_MAJOR(v), MICA_VERSION_MINOR(v),
                 MICA_VERSION_PATCH(v));
    else
        snprintf(out, size, "-");
}

/* The names c holds in the name service now (not what its manifest
 * allows): lssrv is where a scheme's owner shows. */
static void schemes_text(const struct child *c, char *out, size_t size)
{
    size_t used = 0;
    out[0] = 0;
    for (unsigned i = 0; child_alive(c) && i < NAMES_MAX && used < size; i++) {
        uint64_t pid;
        const char *name = names_at(i, &pid, 0);
        if (name && pid == c->pid)
            used += (size_t)snprintf(out + used, size - used, "%s%s:", used ? "," : "", name);
    }
    if (!used)
        snprintf(out, size, "-");
}

static void cmd_lssrv(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-5s %-12s %-9s %-8s %8s %8s  %s\n", "PID", "NAME", "STATE", "VERSION",
                 "MEMORY", "RESTARTS", "SCHEMES");
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++) {
        const struct child *c = children_at(i);
        if (!c)
            continue;
        char version[16], schemes[NAMES_MAX * (MICA_SCHEME_NAME_MAX + 1)];
        char memory[24];
        version_text(c, version, sizeof version);
        schemes_text(c, schemes, sizeof schemes);
        if (child_alive(c))
            snprintf(memory, sizeof memory, "%lluK", (unsigned long long)(child_memory(c) / 1024));
        else
            snprintf(memory, sizeof memory, "-");
        /* Schemes last: any number of them keeps the columns aligned. */
        shell_printf("%-5llu %-12s %-9s %-8s %8s %8u  %s\n", (unsigned long long)c->pid,
                     child_name(c), child_state_name(c), version, memory, c->restarts, schemes);
    }
}

/* The features the holder negotiated, by name for block devices (the
 * driver's own names, blk/virtio_blk_req.c), else as bits. */
static void print_features(const struct device *d)
{
    char names[160];
    if (d->virtio_id == VIRTIO_ID_BLOCK)
        vblk_format_features(d->features, names, sizeof names);
    else
        snprintf(names, sizeof names, "0x%016llx", (unsigned long long)d->features);
    shell_printf("%-24s features: %s\n", "", names);
}

static void cmd_lsdev(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-24s %-12s %4s %6s  %s\n", "DEVICE", "ADDRESS", "IRQ", "VIRTIO", "HELD BY");
    for (unsigned i = 0; i < devices_count(); i++) {
        const struct device *d = devices_get(i);
        char virtio[12] = "-", holder[48] = "-";
        if (d->virtio_id)
            snprintf(virtio, sizeof virtio, "%u", d->virtio_id);
        const struct child *c = d->holder ? children_by_pid(d->holder) : 0;
        if (c)
            snprintf(holder, sizeof holder, "%s pid %llu", child_name(c), (unsigned long long)c->pid);
        shell_printf("%-24.24s 0x%-10llx %4u %6s  %s%s\n", d->dt.compatible,
                     (unsigned long long)d->desc->phys, d->desc->irq, virtio, holder,
                     d->dt.console ? " (console)" : "");
        if (d->features_known)
            print_features(d);
    }
}

/* The options are init.conf's, args="..." included, so the line goes to
 * the configuration parser as typed. */
static void cmd_load(const char *rest)
{
    struct config_entry conf;
    const char *why = "";
    int r = config_parse_line(rest, strlen(rest), &conf, &why);
    if (r == 0)
        shell_printf("usage: load <image> [options]\n");
    if (r < 0)
        shell_printf("load: %s\n", why);
    if (r <= 0)
        return;
    struct child *c;
    if (child_load(&conf, &c) < 0)
        shell_printf("load: %s not started (see the init|error line)\n", conf.program);
    else
        shell_printf("started %s pid %llu\n", child_name(c), (unsigned long long)c->pid);
}

/* By pid, or by name when one live program has it: with several, which
 * one is meant is the user's choice, so the answer lists their pids. */
static struct child *find(const char *cmd, const char *what)
{
    struct child *c = children_find(what);
    if (!c) {
        shell_printf("%s: no program %s\n", cmd, what);
        return 0;
    }
    if (strcmp(child_name(c), what) != 0)
        return c; /* named by pid */
    char pids[96];
    size_t used = 0;
    unsigned live = 0;
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++) {
        const struct child *o = children_at(i);
        if (o && child_alive(o) && strcmp(child_name(o), what) == 0 && used < sizeof pids) {
            used += (size_t)snprintf(pids + used, sizeof pids - used, "%s%llu", live ? ", " : "",
                                     (unsigned long long)o->pid);
            live++;
        }
    }
    if (live > 1) {
        shell_printf("%s: %u programs named %s (pids %s): give the pid\n", cmd, live, what, pids);
        return 0;
    }
    return c;
}

static void cmd_stop(char **argv, unsigned argc)
{
    (void)argc;
    struct child *c = find("stop", argv[0]);
    if (!c)
        return;
    if (!child_alive(c)) {
        shell_printf("stop: %s pid %llu is not running\n", child_name(c), (unsigned long long)c->pid);
        return;
    }
    /* The shell's only input goes through it: stopping it would leave the
     * machine deaf. `restart` replaces it instead. */
    if (c->pid == devices_console_holder()) {
        shell_printf("stop: %s pid %llu serves the console the shell reads; not stopped "
                     "(restart replaces it)\n", child_name(c), (unsigned long long)c->pid);
        return;
    }
    child_stop(c);
    shell_printf("stopped %s pid %llu\n", child_name(c), (unsigned long long)c->pid);
}

static void cmd_restart(char **argv, unsigned argc)
{
    (void)argc;
    struct child *c = find("restart", argv[0]);
    if (!c)
        return;
    uint64_t old = c->pid;
    if (child_restart(c) < 0)
        shell_printf("restart: %s not started again (see the init|error line)\n", child_name(c));
    else
        shell_printf("restarted %s pid %llu as pid %llu\n", child_name(c), (unsigned long long)old,
                     (unsigned long long)c->pid);
}

static void cmd_lsimg(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-28s %10s  %s\n", "IMAGE", "SIZE", "KIND");
    for (unsigned i = 0;; i++) {
        const char *name;
        size_t size;
        int server;
        if (initrd_program_at(i, &name, &size, &server) < 0)
            break;
        char text[48];
        size_text(size, text, sizeof text);
        shell_printf("%-28s %10s  %s\n", name, text, server ? "server image" : "program");
    }
}

static void cmd_poweroff(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    init_power_off(0);
}

/* Splits in place at spaces; false if there are too many words. */
static int split(char *line, char **argv, unsigned *argc)
{
    *argc = 0;
    for (char *p = line; *p;) {
        while (*p == ' ')
            *p++ = 0;
        if (!*p)
            break;
        if (*argc == MAX_WORDS)
            return 0;
        argv[(*argc)++] = p;
        while (*p && *p != ' ')
            p++;
    }
    return 1;
}

void shell_run(const char *text)
{
    char line[SHELL_LINE_MAX];
    strncpy(line, text, sizeof line - 1);
    line[sizeof line - 1] = 0;
    /* load's options may hold args="..." with blanks in it: no splitting. */
    const char *p = line + strspn(line, " ");
    if (strncmp(p, "load", 4) == 0 && (p[4] == ' ' || p[4] == 0)) {
        cmd_load(p + 4);
        return;
    }
    char *argv[MAX_WORDS];
    unsigned argc;
    if (!split(line, argv, &argc)) {
        shell_printf("too many words (at most %u)\n", MAX_WORDS);
        return;
    }
    if (argc == 0)
        return;
    for (unsigned i = 0; i < COMMAND_COUNT; i++) {
        const struct command *c = &commands[i];
        if (strcmp(argv[0], c->name) != 0)
            continue;
        if (argc - 1 < c->min_args || argc - 1 > c->max_args)
            shell_printf("usage: %s\n", c->syntax);
        else
            c->run(argv + 1, argc - 1);
        return;
    }
    shell_printf("unknown command: %s (try help)\n", argv[0]);
}
