/* reload: the load-time benchmark and leak check, a client of init's
 * process-control protocol (granted `control`). For each init.conf line in
 * its command line it loads the program, waits until it is ready or has
 * ended, stops it and loads it again, N loads in all; it prints init's
 * memory figures after the first and the last stop (equal when nothing
 * leaks) and a BENCH line of the load times init measured.
 *     args="<N> <line>; <line>; ..."   e.g. "100 srv/hello.srv; srv/uart16550.srv prio=150" */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/args.h>
#include <mica/bench_stats.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/proc_ctl.h>
#include <mica/runtime.h>

MICA_PROGRAM("reload");

#define LOADS_MAX 1000u

static uint64_t storage[LOADS_MAX];

static void report_figures(const char *name, unsigned loads)
{
    struct proc_ctl_memory f;
    long r = proc_memory(&f);
    if (r < 0) {
        ipc_log_error("%s: memory figures: %s", name, mica_errno_name((int)r));
        return;
    }
    ipc_log_info("%s: after %u loads: quota %llu bytes, free pages %llu, kernel objects %llu",
                 name, loads, (unsigned long long)f.init_quota_bytes,
                 (unsigned long long)f.free_pages, (unsigned long long)f.kernel_objects);
}

/* One load, then its end: ready and stopped, or exited with 0. */
static int cycle(const char *line, struct proc_ctl_loaded *loaded)
{
    char why[PROC_CTL_REASON_MAX];
    long pid = proc_load(line, loaded, why);
    if (pid < 0) {
        ipc_log_error("load %s: %s%s%s", line, mica_errno_name((int)pid), why[0] ? ": " : "", why);
        return -1;
    }
    int status = 0;
    long state = proc_wait((uint64_t)pid, &status);
    if (state == PROC_STATE_RUNNING)
        state = proc_stop((uint64_t)pid) == 0 ? PROC_STATE_STOPPED : state;
    if (state == PROC_STATE_STOPPED || (state == PROC_STATE_EXITED && status == 0))
        return 0;
    ipc_log_error("%s pid %ld: %s (status %d)", loaded->name, pid,
                  state < 0 ? mica_errno_name((int)state) : proc_state_name((uint32_t)state), status);
    return -1;
}

static int sequence(const char *line, unsigned loads)
{
    struct bench_samples samples;
    bench_samples_init(&samples, storage, LOADS_MAX);
    struct proc_ctl_loaded loaded = { 0 };
    for (unsigned i = 1; i <= loads; i++) {
        if (cycle(line, &loaded) < 0) {
            ipc_log_error("%s: load %u of %u failed", line, i, loads);
            return -1;
        }
        bench_add(&samples, loaded.load_instr);
        if (i == 1 || i == loads)
            report_figures(loaded.name, i);
    }
    struct bench_summary s;
    if (!bench_summarize(&samples, &s))
        return -1;
    char name[64], text[192];
    snprintf(name, sizeof name, "srv.load.%s", loaded.name);
    bench_format_line(text, sizeof text, name, "instr", &s, 0);
    ipc_print("%s\n", text);
    return 0;
}

int mica_main(uintptr_t arg)
{
    (void)arg;
    const char *args = mica_args();
    char *end;
    unsigned long loads = args ? strtoul(args, &end, 10) : 0;
    if (!args || end == args || loads == 0 || loads > LOADS_MAX) {
        ipc_log_error("usage: args=\"<loads 1..%u> <init.conf line>; ...\"", LOADS_MAX);
        return 2;
    }
    char lines[MICA_ARGS_MAX];
    strncpy(lines, end, sizeof lines - 1);
    lines[sizeof lines - 1] = 0;
    int failed = 0;
    for (char *line = strtok(lines, ";"); line && !failed; line = strtok(0, ";")) {
        line += strspn(line, " ");
        size_t n = strlen(line);
        while (n && line[n - 1] == ' ')
            line[--n] = 0;
        if (n)
            failed = sequence(line, (unsigned)loads) < 0;
    }
    if (failed)
        ipc_log_result("FAIL a load or stop failed (the line before says which)");
    else
        ipc_log_result("PASS %lu loads and stops of each image", loads);
    return failed;
}
