/* init: reports what the kernel handed over, starts the programs its
 * configuration lists, and supervises them: faults and exits arrive on one
 * endpoint, badged with the pid. */
#include <stdint.h>
#include <string.h>

#include <mica/bootinfo.h>
#include <mica/cap.h>
#include <mica/errno.h>
#include <mica/fault.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "config.h"
#include "spawn.h"
#include "srv_load.h"

MICA_PROGRAM("init");

#define INIT_MAX_CHILDREN 16u
#define MIB (1024u * 1024u)

struct child {
    struct process proc;
    struct config_entry conf;
};

/* Index + 1 is the pid and the badge; badge 0 would be "unbadged". */
static struct child children[INIT_MAX_CHILDREN];
static unsigned child_count;

static void report_machine(const struct mica_bootinfo *bi)
{
    ipc_log_info("free memory %llu MiB (%llu pages), %u hart(s), timebase %llu Hz",
                 (unsigned long long)(bi->free_pages * MICA_PAGE_SIZE / MIB),
                 (unsigned long long)bi->free_pages, bi->hart_count,
                 (unsigned long long)bi->timebase_hz);
    ipc_log_info("quota %ld bytes, initrd %llu bytes, dtb %llu bytes",
                 mica_sys_quota_info(MICA_SLOT_QUOTA), (unsigned long long)bi->initrd_size,
                 (unsigned long long)bi->dtb_size);
    unsigned count = bi->device_count < MICA_BOOTINFO_MAX_DEVICES ? bi->device_count
                                                                  : MICA_BOOTINFO_MAX_DEVICES;
    for (unsigned i = 0; i < count; i++) {
        const struct mica_device_desc *d = &bi->devices[i];
        ipc_log_info("device %.*s at 0x%llx size 0x%llx irq %u slot %u",
                     (int)sizeof d->compatible, d->compatible, (unsigned long long)d->phys,
                     (unsigned long long)d->size, d->irq, d->slot);
    }
}

__attribute__((noreturn)) static void power_off(int status)
{
    ipc_log_info("powering off with status %d", status);
    long r = mica_sys_system_poweroff(MICA_SLOT_SYSTEM, status);
    ipc_log_error("system_poweroff failed: %ld", r);
    for (;;)
        mica_sys_thread_suspend(MICA_SLOT_SELF_THREAD);
}

static struct srv_runtime runtime;
static int runtime_state; /* 0 not tried, 1 ready, -1 unusable */

static int runtime_ready(uint64_t initrd_size)
{
    if (runtime_state == 0) {
        struct loader_error err;
        runtime_state = srv_runtime_init(&runtime, initrd_size, &err) == 0 ? 1 : -1;
        if (runtime_state < 0)
            ipc_log_error("%s: %s", SRV_RUNTIME_PATH, err.text);
    }
    return runtime_state > 0;
}

static void start(const struct config_entry *conf, uint64_t initrd_size, long ep)
{
    if (child_count == INIT_MAX_CHILDREN) {
        ipc_log_error("%s: more than %u programs", conf->program, INIT_MAX_CHILDREN);
        return;
    }
    struct child *c = &children[child_count];
    struct spawn_request req = {
        .name = conf->program,
        .quota_bytes = conf->quota_bytes,
        .priority = conf->priority,
        .supervisor_ep = ep,
        .badge = child_count + 1,
        .arg = conf->arg,
        .grant_initrd = conf->grant_initrd,
        .grant_system = conf->grant_system,
    };
    struct srv_load load = { 0 };
    if (srv_is_image(conf->program)) {
        struct loader_error err;
        if (!runtime_ready(initrd_size))
            goto refused;
        if (srv_load_prepare(&runtime, initrd_size, conf->program, conf->arg, &load, &req,
                             &err) < 0) {
            ipc_log_error("%s: %s", conf->program, err.text);
            goto refused;
        }
        req.name = load.manifest.name;
        if (load.manifest.priority && load.manifest.priority < req.priority)
            req.priority = load.manifest.priority;
    } else if (initrd_find(initrd_size, conf->program, &req.image, &req.image_size) < 0) {
        ipc_log_error("%s: not in the initrd", conf->program);
        goto refused;
    }
    const char *why = "";
    int r = spawn_process(&req, &c->proc, &why);
    srv_load_done(&load);
    if (r < 0) {
        ipc_log_error("%s: cannot start: %s (%s)", conf->program, why, mica_errno_name(r));
        goto refused;
    }
    c->conf = *conf;
    child_count++;
    if (load.manifest.magic)
        ipc_log_info("loaded %s %u.%u.%u from %s pid %llu", load.manifest.name,
                     MICA_VERSION_MAJOR(load.manifest.version),
                     MICA_VERSION_MINOR(load.manifest.version),
                     MICA_VERSION_PATCH(load.manifest.version), conf->program,
                     (unsigned long long)req.badge);
    else
        ipc_log_info("started %s pid %llu", conf->program, (unsigned long long)req.badge);
    return;
refused:
    if (conf->poweroff)
        power_off(1);
}

static void start_configured(const struct mica_bootinfo *bi, long ep)
{
    char bootargs[sizeof bi->bootargs + 1];
    memcpy(bootargs, bi->bootargs, sizeof bi->bootargs);
    bootargs[sizeof bi->bootargs] = 0;
    char path[64];
    config_path_from_bootargs(bootargs, path, sizeof path);

    const uint8_t *text;
    size_t size;
    if (initrd_find(bi->initrd_size, path, &text, &size) < 0) {
        ipc_log_warn("no %s in the initrd: nothing to start", path);
        return;
    }
    struct config_cursor cur;
    struct config_entry conf;
    const char *why = "";
    int r;
    config_begin(&cur, (const char *)text, size);
    while ((r = config_next(&cur, &conf, &why)) > 0)
        start(&conf, bi->initrd_size, ep);
    if (r < 0)
        ipc_log_error("%s line %u: %s", path, cur.line, why);
}

static void child_ended(struct child *c, int status)
{
    process_destroy(&c->proc);
    if (c->conf.poweroff)
        power_off(status);
}

static void supervise(long ep)
{
    for (;;) {
        struct ipc_msg m = ipc_recv(ep);
        if (m.badge < 0) {
            ipc_log_error("receive on the supervisor endpoint failed: %s",
                          mica_errno_name((int)m.badge));
            return;
        }
        uint64_t pid = (uint64_t)m.badge;
        struct child *c = pid >= 1 && pid <= child_count ? &children[pid - 1] : 0;
        if (!c || !c->proc.alive) {
            ipc_log_warn("message from unknown pid %llu (label 0x%llx)", (unsigned long long)pid,
                         (unsigned long long)MICA_MSGINFO_LABEL(m.info));
            continue;
        }
        uint64_t label = MICA_MSGINFO_LABEL(m.info);
        if (label == MICA_LABEL_FAULT) {
            struct ipc_fault f = ipc_fault_of(&m);
            ipc_log_warn("%s pid %llu faulted: %s at 0x%llx (stval 0x%llx)", c->proc.name,
                         (unsigned long long)pid, ipc_fault_cause_name(f.scause),
                         (unsigned long long)f.pc, (unsigned long long)f.stval);
            child_ended(c, 1);
        } else if (label == MICA_LABEL_EXIT) {
            int status = (int)(long)m.w[0];
            ipc_log_info("%s pid %llu exited with status %d", c->proc.name,
                         (unsigned long long)pid, status);
            child_ended(c, status == 0 ? 0 : 1);
        } else {
            ipc_log_warn("%s pid %llu sent unknown label 0x%llx", c->proc.name,
                         (unsigned long long)pid, (unsigned long long)label);
        }
    }
}

int mica_main(uintptr_t arg)
{
    const struct mica_bootinfo *bi = (const struct mica_bootinfo *)arg;
    if (bi->magic != MICA_BOOTINFO_MAGIC) {
        ipc_log_error("boot info at 0x%lx has a bad magic number", (unsigned long)arg);
        return 1;
    }
    ipc_slots_init(MICA_SLOT_FIRST_FREE, MICA_INIT_CNODE_SLOTS);
    report_machine(bi);
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    if (ep < 0) {
        ipc_log_error("cannot create the supervisor endpoint: %s", mica_errno_name((int)ep));
        return 1;
    }
    start_configured(bi, ep);
    supervise(ep);
    return 1;
}
