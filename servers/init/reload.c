/* One reload sequence at a time (the configuration waits for it). Load
 * times are rdcycle differences: instructions under QEMU -icount. */
#include "reload.h"

#include <stdio.h>

#include <mica/bench_stats.h>
#include <mica/bootinfo.h>
#include <mica/log.h>
#include <mica/syscall.h>

static struct {
    struct child *child; /* 0: no sequence running */
    unsigned loads;      /* done so far, the current one included */
    int failed;
    struct bench_samples samples;
    uint64_t storage[CONFIG_RELOAD_MAX];
} seq;

void reload_begin(struct child *c)
{
    seq.child = c;
    seq.loads = 1;
    seq.failed = 0;
    bench_samples_init(&seq.samples, seq.storage, CONFIG_RELOAD_MAX);
    bench_add(&seq.samples, c->load_instr);
}

int reload_owns(const struct child *c)
{
    return seq.child == c;
}

/* The figures a leak would change; the test compares the two lines. */
static void report_figures(const struct child *c)
{
    ipc_log_info("reload %s: after %u loads: quota %ld bytes, free pages %ld, kernel objects %ld",
                 child_name(c), seq.loads, mica_sys_quota_info(MICA_SLOT_QUOTA),
                 mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_FREE_PAGES),
                 mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_KERNEL_OBJECTS));
}

static void finish(struct child *c)
{
    struct bench_summary s;
    if (!seq.failed && bench_summarize(&seq.samples, &s)) {
        char name[64], line[192];
        snprintf(name, sizeof name, "srv.load.%s", child_name(c));
        bench_format_line(line, sizeof line, name, "instr", &s, 0);
        ipc_print("%s\n", line);
    }
    seq.child = 0;
    if (c->conf.poweroff)
        init_power_off(seq.failed);
    boot_config_continue();
}

void reload_step(struct child *c)
{
    if (c->state == CHILD_FAULTED || (c->state == CHILD_EXITED && c->status != 0)) {
        ipc_log_error("reload %s: load %u of %u failed", child_name(c), seq.loads, c->conf.reload);
        seq.failed = 1;
        finish(c);
        return;
    }
    child_stop(c);
    if (seq.loads == 1 || seq.loads == c->conf.reload)
        report_figures(c);
    if (seq.loads >= c->conf.reload) {
        finish(c);
        return;
    }
    if (child_respawn(c) < 0) {
        seq.failed = 1;
        finish(c);
        return;
    }
    seq.loads++;
    bench_add(&seq.samples, c->load_instr);
}
