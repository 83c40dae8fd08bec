/* The shell's commands: each one a few process-control requests to init
 * (mica/proc_ctl.h) and a table of the answers. The command line is split
 * into words here; init checks what it is sent. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/cap.h>
#include <mica/proc.h>
#include <mica/proc_ctl.h>
#include <mica/server_manifest.h>

#include "shell.h"

#define MAX_WORDS 8u
/* " (255.255.255 from <source>)" */
#define ORIGIN_TEXT_MAX (PROC_CTL_SOURCE_MAX + 24u)

static void cmd_help(char **argv, unsigned argc);
static void cmd_lssrv(char **argv, unsigned argc);
static void cmd_lsdev(char **argv, unsigned argc);
static void cmd_lsblk(char **argv, unsigned argc);
static void cmd_load(const char *rest);
static void cmd_stop(char **argv, unsigned argc);
static void cmd_restart(char **argv, unsigned argc);
static void cmd_crash(char **argv, unsigned argc);
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
    { "lsdev", "lsdev", "devices, the server holding each, what its driver negotiated", 0, 0,
      cmd_lsdev },
    { "lsblk", "lsblk", "block schemes (disk.*), then partitions: type, size, GPT name and UUID", 0, 0,
      cmd_lsblk },
    { "lsimg", "lsimg", "images in the initrd that load can start", 0, 0, cmd_lsimg },
    { "load", "load <image> [options]", "start a program or server (options as in init.conf)", 0,
      0, 0 },
    { "stop", "stop <name|pid>", "stop it and free everything it held (not the console's)", 1, 1,
      cmd_stop },
    { "restart", "restart <name|pid> [image]",
      "stop it (if running) and load it again; with an image, replace the running server by it", 1,
      2, cmd_restart },
    { "crash", "crash <name|pid> [point] [count]",
      "make a block server fault at a point (now decode dma irq ring-batch hang random), the "
      "count-th time it passes it; `crash x` kills x now as a fault", 1, 3, cmd_crash },
    { "ls", "ls <scheme:/path>", "a directory's entries on a file scheme (boot:/), or a file's size", 1,
      1, cmd_ls },
    { "sum", "sum <scheme:/path>", "a file's SHA-256 and size, read through its scheme", 1, 1, cmd_sum },
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

void size_text(uint64_t bytes, char *out, size_t size)
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

/* Each program's name by pid, for the SERVER columns. */
static const char *program_name(uint64_t pid, struct proc_ctl_program *p)
{
    long st;
    for (unsigned i = 0; (st = proc_program_at(i, p)) >= 0; i++)
        if (st > 0 && p->pid == pid)
            return p->name;
    return "?";
}

/* What each server reported when it registered (init never asks a server:
 * a hung one would hang the supervisor), "-" until it has; then each
 * disk's partitions, from its server (lsblk_parts.c). */
static void cmd_lsblk(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-16s %12s %6s %3s  %s\n", "SCHEME", "SIZE", "BLOCK", "RO", "SERVER");
    struct proc_ctl_scheme f;
    long st;
    for (unsigned i = 0; (st = proc_scheme_at(i, &f)) >= 0; i++) {
        if (st == 0 || strncmp(f.name, "disk.", 5) != 0)
            continue;
        char size[48] = "-", block[12] = "-";
        if (f.facts_known) {
            size_text(f.size_bytes, size, sizeof size);
            snprintf(block, sizeof block, "%u", f.block_size);
        }
        struct proc_ctl_program p;
        shell_printf("%-16s %12s %6s %3s  %s pid %llu\n", f.name, size, block,
                     f.facts_known ? (f.read_only ? "yes" : "no") : "-", program_name(f.pid, &p),
                     (unsigned long long)f.pid);
        if (f.facts_known)
            lsblk_partitions(f.name, f.block_size);
    }
}

static void version_text(const struct proc_ctl_program *p, char *out, size_t size)
{
    uint32_t v = p->version;
    if (v)
        snprintf(out, size, "%u.%u.%u", MICA_VERSION_MAJOR(v), MICA_VERSION_MINOR(v),
                 MICA_VERSION_PATCH(v));
    else
        snprintf(out, size, "-");
}

static int alive(const struct proc_ctl_program *p)
{
    return p->state == PROC_STATE_STARTING || p->state == PROC_STATE_RUNNING;
}

/* The names the program registered (what clients open), not its
 * manifest's prefixes. */
static void schemes_text(const struct proc_ctl_program *p, char *out, size_t size)
{
    size_t used = 0;
    out[0] = 0;
    struct proc_ctl_scheme f;
    long st;
    for (unsigned i = 0; alive(p) && (st = proc_scheme_at(i, &f)) >= 0 && used < size; i++)
        if (st > 0 && f.pid == p->pid)
            used += (size_t)snprintf(out + used, size - used, "%s%s:", used ? "," : "", f.name);
    if (!used)
        snprintf(out, size, "-");
}

static void cmd_lssrv(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-5s %-12s %-9s %-8s %8s %8s  %s\n", "PID", "NAME", "STATE", "VERSION",
                 "MEMORY", "RESTARTS", "SCHEMES");
    struct proc_ctl_program p;
    long st;
    for (unsigned i = 0; (st = proc_program_at(i, &p)) >= 0; i++) {
        if (st == 0)
            continue;
        char version[16], schemes[160], memory[24];
        version_text(&p, version, sizeof version);
        schemes_text(&p, schemes, sizeof schemes);
        if (alive(&p))
            snprintf(memory, sizeof memory, "%lluK", (unsigned long long)(p.memory_bytes / 1024));
        else
            snprintf(memory, sizeof memory, "-");
        /* Schemes last: any number of them keeps the columns aligned. */
        shell_printf("%-5llu %-12s %-9s %-8s %8s %8u  %s\n", (unsigned long long)p.pid, p.name,
                     proc_state_name(p.state), version, memory, p.restarts, schemes);
    }
}

/* The features are the holder's own words (init keeps what it reported). */
static void cmd_lsdev(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-24s %-12s %4s %6s  %s\n", "DEVICE", "ADDRESS", "IRQ", "VIRTIO", "HELD BY");
    struct proc_ctl_device d;
    for (unsigned i = 0; proc_device_at(i, &d) > 0; i++) {
        char virtio[12] = "-", holder[48] = "-";
        if (d.virtio_id)
            snprintf(virtio, sizeof virtio, "%u", d.virtio_id);
        struct proc_ctl_program p;
        if (d.holder)
            snprintf(holder, sizeof holder, "%s pid %llu", program_name(d.holder, &p),
                     (unsigned long long)d.holder);
        shell_printf("%-24.24s 0x%-10llx %4u %6s  %s%s\n", d.compatible,
                     (unsigned long long)d.phys, d.irq, virtio, holder,
                     d.console ? " (console)" : "");
        if (d.features[0])
            shell_printf("%-24s features: %s\n", "", d.features);
    }
}

/* " (1.0.1 from boot:/srv/nullblk.srv)": the version and the source a
 * server image was loaded from, so a stale copy is never taken for the
 * new one; "" for a static program. */
static const char *origin_text(const struct proc_ctl_loaded *l, char out[ORIGIN_TEXT_MAX])
{
    out[0] = 0;
    if (l->version)
        snprintf(out, ORIGIN_TEXT_MAX, " (%u.%u.%u from %s)", MICA_VERSION_MAJOR(l->version),
                 MICA_VERSION_MINOR(l->version), MICA_VERSION_PATCH(l->version), l->source);
    return out;
}

/* The options are init.conf's, args="..." included, so the line goes to
 * init as typed; init's configuration parser reads it. */
static void cmd_load(const char *rest)
{
    rest += strspn(rest, " ");
    if (!*rest) {
        shell_printf("usage: load <image> [options]\n");
        return;
    }
    char why[PROC_CTL_REASON_MAX], origin[ORIGIN_TEXT_MAX];
    struct proc_ctl_loaded started;
    long pid = proc_load(rest, &started, why);
    char program[PROC_CTL_NAME_MAX] = "";
    sscanf(rest, "%31s", program);
    if (pid == -MICA_EINVAL && why[0])
        shell_printf("load: %s\n", why);
    else if (pid == -MICA_EIO)
        shell_printf("load: %s not started (see the init|error line)\n", program);
    else if (pid < 0)
        shell_printf("load: %s\n", mica_errno_name((int)pid));
    else
        shell_printf("started %s pid %ld%s\n", started.name, pid, origin_text(&started, origin));
}

/* A whole word as a number, decimal or 0x hex: NULL, or why it is none,
 * to follow the word in a refusal. (strtoull takes "-1" and an overflow
 * as 2^64-1, and needs its end checked for trailing garbage.) */
static const char *parse_number(const char *word, uint64_t *out)
{
    const char *p = word;
    unsigned base = 10;
    if (p[0] == '-' && p[1] >= '0' && p[1] <= '9')
        return "is negative";
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (!*p)
        return "is not a number";
    uint64_t v = 0;
    int too_large = 0;
    for (; *p; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a' + 10);
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A' + 10);
        else
            return "is not a number";
        /* Read on to the end: "99999999999999999999x" is no number at all. */
        if (v > (UINT64_MAX - d) / base)
            too_large = 1;
        else
            v = v * base + d;
    }
    if (too_large)
        return "is too large (at most 18446744073709551615)";
    *out = v;
    return 0;
}

/* The shell's own pid: the badge init put on its endpoint to the parent
 * (mica/proc.h); 0 if it cannot be read. */
static uint64_t own_pid(void)
{
    struct ipc_cap_id id = ipc_cap_identify(MICA_CHILD_SLOT_PARENT);
    return id.type == MICA_CAP_ENDPOINT ? id.badge : 0;
}

/* By pid, or by name when one live program has it: with several, which
 * one is meant is the user's choice, so the answer lists their pids. A
 * dead program by that name is found when no live one is. */
static int find(const char *cmd, const char *what, struct proc_ctl_program *out)
{
    uint64_t want = 0;
    int by_pid = !parse_number(what, &want);
    char pids[96];
    size_t used = 0;
    unsigned live = 0, found = 0;
    struct proc_ctl_program p;
    long st;
    for (unsigned i = 0; (st = proc_program_at(i, &p)) >= 0; i++) {
        if (st == 0 || (by_pid ? p.pid != want : strcmp(p.name, what) != 0))
            continue;
        if (alive(&p)) {
            if (used < sizeof pids)
                used += (size_t)snprintf(pids + used, sizeof pids - used, "%s%llu",
                                         live ? ", " : "", (unsigned long long)p.pid);
            if (!live++)
                *out = p;
        } else if (!found && !live) {
            *out = p;
        }
        found++;
    }
    if (!found) {
        shell_printf("%s: no program %s\n", cmd, what);
        return 0;
    }
    if (live > 1) {
        shell_printf("%s: %u programs named %s (pids %s): give the pid\n", cmd, live, what, pids);
        return 0;
    }
    return 1;
}

static void cmd_stop(char **argv, unsigned argc)
{
    (void)argc;
    struct proc_ctl_program p;
    if (!find("stop", argv[0], &p))
        return;
    if (!alive(&p)) {
        shell_printf("stop: %s pid %llu is not running\n", p.name, (unsigned long long)p.pid);
        return;
    }
    /* The shell's only input goes through it: stopping it would leave the
     * machine deaf. `restart` replaces it instead. */
    if (p.pid == console_holder()) {
        shell_printf("stop: %s pid %llu serves the console the shell reads; not stopped "
                     "(restart replaces it)\n", p.name, (unsigned long long)p.pid);
        return;
    }
    /* The shell is the console's only reader and the only way to power
     * off: stopped, it would leave a machine no one can reach. By pid, so
     * `stop shell` (one shell running) is refused here too. */
    if (p.pid == own_pid()) {
        shell_printf("stop: %s pid %llu is this shell; not stopped (poweroff powers off, "
                     "restart replaces it)\n", p.name, (unsigned long long)p.pid);
        return;
    }
    long r = proc_stop(p.pid);
    if (r < 0)
        shell_printf("stop: %s pid %llu: %s\n", p.name, (unsigned long long)p.pid,
                     mica_errno_name((int)r));
    else
        shell_printf("stopped %s pid %llu\n", p.name, (unsigned long long)p.pid);
}

static void cmd_restart(char **argv, unsigned argc)
{
    (void)argc;
    struct proc_ctl_program p;
    if (!find("restart", argv[0], &p))
        return;
    struct proc_ctl_loaded started;
    char origin[ORIGIN_TEXT_MAX];
    if (argc == 2) {
        long pid = proc_update(p.pid, argv[1], &started);
        if (pid < 0)
            shell_printf("restart: %s not replaced by %s: %s (see the init|error line)\n", p.name,
                         argv[1], mica_errno_name((int)pid));
        else
            shell_printf("replaced %s pid %llu by %s pid %ld%s\n", p.name,
                         (unsigned long long)p.pid, started.name, pid,
                         origin_text(&started, origin));
        return;
    }
    long pid = proc_restart(p.pid, &started);
    if (pid < 0)
        shell_printf("restart: %s not started again (see the init|error line)\n", p.name);
    else
        shell_printf("restarted %s pid %llu as pid %ld%s\n", p.name, (unsigned long long)p.pid,
                     pid, origin_text(&started, origin));
}

/* Without a count: 0 for `now` (init kills it), else the first pass; a
 * count is a seed for `random`. */
static void cmd_crash(char **argv, unsigned argc)
{
    struct proc_ctl_program p;
    if (!find("crash", argv[0], &p))
        return;
    unsigned point = PROC_FAULT_NOW;
    if (argc > 1) {
        while (proc_fault_point_name(point) && strcmp(proc_fault_point_name(point), argv[1]) != 0)
            point++;
        if (!proc_fault_point_name(point)) {
            shell_printf("crash: no point %s (now decode dma irq ring-batch hang random)\n",
                         argv[1]);
            return;
        }
    }
    uint64_t count = point != PROC_FAULT_NOW;
    const char *why = argc > 2 ? parse_number(argv[2], &count) : 0;
    if (why) {
        shell_printf("crash: count %s %s\n", argv[2], why);
        return;
    }
    long r = proc_crash(p.pid, (enum proc_ctl_fault_point)point, count);
    if (r < 0)
        shell_printf("crash: %s pid %llu: %s\n", p.name, (unsigned long long)p.pid,
                     mica_errno_name((int)r));
    else if (point == PROC_FAULT_NOW && count == 0)
        shell_printf("killed %s pid %llu as a fault\n", p.name, (unsigned long long)p.pid);
    else if (point == PROC_FAULT_RANDOM)
        /* init picks the point and count from the seed and logs them; its
         * answer carries only the status. */
        shell_printf("crash armed: %s pid %llu at random (seed %llu)\n", p.name,
                     (unsigned long long)p.pid, (unsigned long long)count);
    else
        shell_printf("crash armed: %s pid %llu at %s, count %llu\n", p.name,
                     (unsigned long long)p.pid, proc_fault_point_name(point),
                     (unsigned long long)count);
}

static void cmd_lsimg(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    shell_printf("%-28s %10s  %s\n", "IMAGE", "SIZE", "KIND");
    struct proc_ctl_image m;
    for (unsigned i = 0; proc_image_at(i, &m) > 0; i++) {
        char text[48];
        size_text(m.size, text, sizeof text);
        shell_printf("%-28s %10s  %s\n", m.name, text, m.server ? "server image" : "program");
    }
}

static void cmd_poweroff(char **argv, unsigned argc)
{
    (void)argv;
    (void)argc;
    long r = proc_poweroff(0);
    shell_printf("poweroff: %s\n", mica_errno_name((int)r));
}

void shell_printf(const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n > 0)
        console_put(text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
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
