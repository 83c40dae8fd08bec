/* ktest's runner: counts and reports every case, then the verdict; init
 * powers off with ktest's exit status (etc/ktest.conf marks it poweroff). */
#include <stdarg.h>
#include <stdio.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/log.h>
#include <mica/runtime.h>

#include "ktest.h"

MICA_PROGRAM("ktest");

long ktest_supervisor;
static uint64_t next_badge = 1;
static size_t initrd_size;

const char *ktest_why(const char *fmt, ...)
{
    static char why[192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return why;
}

const char *ktest_code(long v)
{
    return v < 0 ? mica_errno_name((int)v) : "ok";
}

int ktest_spawn(enum ktest_helper helper, uint64_t param, const long *grants, unsigned ngrants,
                struct process *proc)
{
    const uint8_t *image;
    size_t size;
    int r = initrd_find(initrd_size, mica_program_name, &image, &size);
    if (r < 0)
        return r;
    struct spawn_request req = {
        .name = "helper",
        .image = image,
        .image_size = size,
        .quota_bytes = 512 * 1024,
        .priority = KTEST_PRIORITY,
        .supervisor_ep = ktest_supervisor,
        .badge = next_badge++,
        .arg = KTEST_HELPER_ARG(helper, param),
        .grant_count = ngrants,
    };
    for (unsigned i = 0; i < ngrants && i < SPAWN_MAX_GRANTS; i++)
        req.grants[i] = grants[i];
    const char *why = "";
    r = spawn_process(&req, proc, &why);
    if (r < 0)
        ipc_log_warn("spawning helper %d: %s (%s)", helper, why, mica_errno_name(r));
    return r;
}

struct ipc_msg ktest_next_report(void)
{
    return ipc_recv(ktest_supervisor);
}

static const char not_run_marker[] = "not run";
static const char *not_run_why;

const char *ktest_not_run(const char *why)
{
    not_run_why = why;
    return not_run_marker;
}

int ktest_run_table(const struct ktest_case *cases, unsigned *run, unsigned *not_run)
{
    int failed = 0;
    for (const struct ktest_case *c = cases; c->name; c++) {
        const char *why = c->run();
        if (why == not_run_marker) {
            ipc_log_info("%s not run: %s", c->name, not_run_why);
            (*not_run)++;
            continue;
        }
        (*run)++;
        if (why) {
            ipc_log_error("%s: %s", c->name, why);
            failed++;
        } else {
            ipc_log_info("%s ok", c->name);
        }
    }
    return failed;
}

int mica_main(uintptr_t arg)
{
    if (KTEST_HELPER_OF(arg) != HELPER_NONE)
        return ktest_helper_main(arg);

    struct mica_sysret2 initrd = ipc_frame_info(MICA_SLOT_INITRD_FRAME);
    ktest_supervisor = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    if (initrd.value < 0 || ktest_supervisor < 0) {
        ipc_log_result("FAIL setup: initrd %ld, endpoint %ld", initrd.value, ktest_supervisor);
        return 1;
    }
    initrd_size = (size_t)initrd.value;

    const struct ktest_case *tables[] = { ktest_arg_cases, ktest_thread_cases, ktest_cap_cases, ktest_ipc_cases, ktest_hold_cases,
                                          ktest_window_cases, ktest_mem_cases, ktest_slab_cases, ktest_pin_cases, ktest_proc_cases,
                                          ktest_death_cases, ktest_watch_cases, ktest_smp_cases };
    unsigned run = 0, not_run = 0;
    int failed = 0;
    for (unsigned i = 0; i < sizeof tables / sizeof tables[0]; i++)
        failed += ktest_run_table(tables[i], &run, &not_run);
    if (failed) {
        ipc_log_result("FAIL %d of %u", failed, run);
        return 1;
    }
    ipc_log_result("PASS %u tests, %u not run", run, not_run);
    return 0;
}
