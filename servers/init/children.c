/* The child table and what happens to a child over its life: load (image
 * check, grants, spawn), ready, fault or exit, restart by policy, stop.
 * Only the supervisor thread touches it. */
#include "children.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/args.h>
#include <mica/abi/bootinfo.h>
#include <mica/abi/errno.h>
#include <mica/fault.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>
#include <mica/runtime_abi.h>

#include "control.h"
#include <mica/abi/cpio.h>
#include "devices.h"
#include "fetch.h"
#include "grants.h"
#include "names.h"
#include "srv_load.h"
#include "supervision.h"

_Static_assert(CONFIG_ARGS_MAX == MICA_ARGS_MAX, "init.conf's args fill a command-line page");

static struct child table[INIT_MAX_CHILDREN];
static uint64_t next_pid = 1;
static uint64_t initrd_bytes;
static long supervisor_ep;

void children_init(uint64_t initrd_size, long ep)
{
    initrd_bytes = initrd_size;
    supervisor_ep = ep;
}

int child_alive(const struct child *c)
{
    return c->state == CHILD_STARTING || c->state == CHILD_RUNNING;
}

const char *child_name(const struct child *c)
{
    return c->manifest.magic ? c->manifest.name : c->conf.program;
}

const char *child_state_name(const struct child *c)
{
    static const char *const names[] = {
        [CHILD_EMPTY] = "-",         [CHILD_STARTING] = "starting", [CHILD_RUNNING] = "running",
        [CHILD_EXITED] = "exited",   [CHILD_FAULTED] = "faulted",   [CHILD_STOPPED] = "stopped",
    };
    return names[c->state];
}

uint64_t child_memory(const struct child *c)
{
    long left = child_alive(c) ? mica_sys_quota_info(c->proc.quota) : -1;
    return left >= 0 && (uint64_t)left <= c->conf.quota_bytes ? c->conf.quota_bytes - (uint64_t)left
                                                               : 0;
}

struct child *children_at(unsigned index)
{
    return index < INIT_MAX_CHILDREN && table[index].state != CHILD_EMPTY ? &table[index] : 0;
}

struct child *children_by_pid(uint64_t pid)
{
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++)
        if (table[i].state != CHILD_EMPTY && table[i].pid == pid)
            return &table[i];
    return 0;
}

struct child *children_find(const char *name_or_pid)
{
    char *end;
    unsigned long long pid = strtoull(name_or_pid, &end, 10);
    if (*name_or_pid && !*end)
        return children_by_pid(pid);
    struct child *dead = 0;
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++) {
        struct child *c = &table[i];
        if (c->state == CHILD_EMPTY || strcmp(child_name(c), name_or_pid) != 0)
            continue;
        if (child_alive(c))
            return c;
        dead = dead ? dead : c;
    }
    return dead;
}

static int refused(const struct config_entry *conf, const char *why)
{
    ipc_log_error("%s: %s", conf->program, why);
    return -1;
}

static void report_grants(const struct child *c, const struct grant_plan *plan)
{
    const struct mica_server_info *i = &plan->info;
    ipc_log_info("%s pid %llu holds %s at 0x%llx (irq %u, registers at 0x%llx, dma %llu bytes)",
                 child_name(c), (unsigned long long)c->pid, i->device,
                 (unsigned long long)i->device_phys, i->irq_line,
                 (unsigned long long)i->mmio_vaddr, (unsigned long long)i->dma_bytes);
}

/* Loads conf into c (a server image's bytes from `bytes` when given, else
 * from the initrd). Every refusal happens before anything is created. */
static int spawn_into(struct child *c, const struct config_entry *conf, const struct srv_bytes *bytes)
{
    uint64_t pid = next_pid;
    struct spawn_request req = {
        .name = conf->program,
        .quota_bytes = conf->quota_bytes,
        .priority = conf->priority,
        .place_on_hart = conf->place_on_hart,
        .hart = conf->hart,
        .supervisor_ep = supervisor_ep,
        .badge = pid,
        .names_badge = pid | NAMES_BADGE_FLAG,
        .control_badge = conf->grant_control ? pid | CONTROL_BADGE_FLAG : 0,
        .arg = conf->arg,
        .args = conf->has_args ? conf->args : 0,
        .grant_initrd = conf->grant_initrd,
        .grant_system = conf->grant_system,
    };
    struct srv_load load = { 0 };
    struct grant_plan plan = { 0 };
    uint64_t start = arch_rdcycle();
    if (srv_is_image(conf->program)) {
        struct loader_error err;
        char why[sizeof err.text];
        if (srv_load_prepare(initrd_bytes, conf->program, bytes, conf->arg, &load, &req, &err) < 0)
            return refused(conf, err.text);
        if (grants_plan(&load.manifest, pid, &plan, why, sizeof why) < 0) {
            srv_load_done(&load);
            return refused(conf, why);
        }
        grants_apply(&plan, &load.manifest, &req);
        req.name = load.manifest.name;
        if (load.manifest.priority && load.manifest.priority < req.priority)
            req.priority = load.manifest.priority;
    } else if (initrd_find(initrd_bytes, conf->program, &req.image, &req.image_size) < 0) {
        return refused(conf, "not in the initrd");
    }
    const char *why = "";
    int r = spawn_process(&req, &c->proc, &why);
    srv_load_done(&load);
    if (r < 0) {
        ipc_log_error("%s: cannot start: %s (%s)", conf->program, why, mica_errno_name(r));
        return -1;
    }
    c->load_instr = arch_rdcycle() - start;
    next_pid++;
    c->pid = pid;
    if (&c->conf != conf)
        c->conf = *conf;
    c->manifest = load.manifest;
    c->image_base = load.image_base;
    c->image_bytes = load.image_bytes;
    c->status = 0;
    memset(&c->sup, 0, sizeof c->sup);
    c->state = c->manifest.magic ? CHILD_STARTING : CHILD_RUNNING;
    if (c->manifest.magic) {
        ipc_log_info("loaded %s %u.%u.%u from %s pid %llu", c->manifest.name,
                     MICA_VERSION_MAJOR(c->manifest.version), MICA_VERSION_MINOR(c->manifest.version),
                     MICA_VERSION_PATCH(c->manifest.version), conf->program, (unsigned long long)pid);
    } else {
        ipc_log_info("started %s pid %llu", conf->program, (unsigned long long)pid);
    }
    if (plan.device) {
        plan.device->holder = pid;
        report_grants(c, &plan);
    }
    return 0;
}

/* An entry never used, else the first whose program has ended. */
static struct child *free_entry(void)
{
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++)
        if (table[i].state == CHILD_EMPTY)
            return &table[i];
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++)
        if (!child_alive(&table[i]))
            return &table[i];
    return 0;
}

int child_load(const struct config_entry *conf, struct child **out)
{
    return child_load_bytes(conf, 0, out);
}

int child_load_bytes(const struct config_entry *conf, const struct srv_bytes *bytes,
                     struct child **out)
{
    struct child *c = free_entry();
    if (!c) {
        ipc_log_error("%s: all %u entries hold running programs; stop one first", conf->program,
                      INIT_MAX_CHILDREN);
        return -1;
    }
    struct config_entry copy = *conf; /* conf may be the entry's own */
    supervision_release_held(c); /* a reused entry's: the new line starts empty */
    c->line_served = false;
    if (spawn_into(c, &copy, bytes) < 0)
        return -1;
    c->restarts = 0;
    if (out)
        *out = c;
    return 0;
}

int child_respawn(struct child *c)
{
    /* An image on a scheme is read again: a restart runs what is there now. */
    if (fetch_is_scheme_path(c->conf.program))
        return fetch_queue(&c->conf, c, 0);
    return spawn_into(c, &c->conf, 0);
}

int child_respawn_bytes(struct child *c, const struct srv_bytes *bytes)
{
    return spawn_into(c, &c->conf, bytes);
}

static void ended(struct child *c, enum child_state state, int status);

/* Frees everything the child held: its process (memory, capabilities,
 * interrupt line) and its device. The device is quiesced first, with the
 * child suspended: a driver stopped mid-transfer must not leave a device
 * writing into memory about to be freed. */
static void release(struct child *c, enum child_state state)
{
    if (c->proc.thread > 0)
        mica_sys_thread_suspend(c->proc.thread);
    devices_quiesce(c->pid, c->manifest.quiesce);
    process_destroy(&c->proc);
    devices_release(c->pid);
    names_forget(c->pid);
    supervision_forget(c);
    c->state = state;
}

/* Stops the instance; the line (its held memory) stays for the next one. */
static void stop_instance(struct child *c)
{
    if (!child_alive(c))
        return;
    release(c, CHILD_STOPPED);
    ipc_log_info("stopped %s pid %llu", child_name(c), (unsigned long long)c->pid);
}

void child_stop(struct child *c)
{
    stop_instance(c);
    supervision_release_held(c);
}

int child_restart(struct child *c)
{
    stop_instance(c);
    c->restarts++;
    return child_respawn(c);
}

int child_update_refused(const struct child *c, const char *image)
{
    if (strlen(image) < sizeof c->conf.program && srv_is_image(image) && c->manifest.magic)
        return 0;
    ipc_log_error("%s: a live update replaces a server image with another (%s)", child_name(c),
                  image);
    return -1;
}

int child_update(struct child *c, const char *image, const struct srv_bytes *bytes)
{
    struct config_entry old = c->conf;
    if (child_update_refused(c, image) < 0)
        return -1;
    /* Every check of the new image before the old one stops. */
    struct srv_load probe;
    struct spawn_request req = { 0 };
    struct loader_error err;
    if (srv_load_prepare(initrd_bytes, image, bytes, old.arg, &probe, &req, &err) < 0) {
        ipc_log_error("%s: %s; %s pid %llu runs on", image, err.text, child_name(c),
                      (unsigned long long)c->pid);
        return -1;
    }
    /* Another version of the same server, not another server: one named
     * otherwise would take the line's device, memory and names, and the
     * server the clients use would be gone. */
    bool same = strncmp(probe.manifest.name, c->manifest.name, sizeof c->manifest.name) == 0;
    srv_load_done(&probe);
    if (!same) {
        ipc_log_error("%s: its manifest names %.*s, not %s: a live update replaces a server with "
                      "another version of itself; %s pid %llu runs on",
                      image, (int)sizeof probe.manifest.name, probe.manifest.name, child_name(c),
                      child_name(c), (unsigned long long)c->pid);
        return -1;
    }
    uint64_t was = c->pid;
    stop_instance(c);
    c->restarts++;
    strcpy(c->conf.program, image);
    if ((bytes ? child_respawn_bytes(c, bytes) : child_respawn(c)) == 0) {
        ipc_log_info("%s pid %llu replaced by %s pid %llu", old.program, (unsigned long long)was,
                     image, (unsigned long long)c->pid);
        return 0;
    }
    /* The old image from where it came: an image on a scheme is read again
     * there (the same path as the new one's reads the new bytes). */
    ipc_log_error("%s did not start; starting %s again", image, old.program);
    c->conf = old;
    child_respawn(c);
    return -1;
}

void child_kill_as_fault(struct child *c, const char *why)
{
    ipc_log_warn("%s pid %llu: %s; killing it", child_name(c), (unsigned long long)c->pid, why);
    ended(c, CHILD_FAULTED, 1);
}

/* The restart policy, then the poweroff option, for a child that ended by
 * itself. */
static void ended(struct child *c, enum child_state state, int status)
{
    release(c, state);
    c->status = status;
    int failed = state == CHILD_FAULTED || status != 0;
    const struct config_entry *conf = &c->conf;
    if (conf->restart == RESTART_ALWAYS || (conf->restart == RESTART_ON_FAULT && failed)) {
        if (c->restarts < conf->restart_limit) {
            c->restarts++;
            ipc_log_info("restarting %s (restart %u of %u)", child_name(c), c->restarts,
                         conf->restart_limit);
            if (child_respawn(c) == 0)
                return;
        } else {
            ipc_log_error("%s: restart limit %u reached; not restarting", child_name(c),
                          conf->restart_limit);
        }
    }
    /* A line that never served holds nothing a client wrote; its memory
     * would otherwise stay taken until the entry is reused. */
    if (!c->line_served && c->held_frame) {
        ipc_log_info("%s: never ready; the %llu KiB held for it freed", child_name(c),
                     (unsigned long long)(c->held_bytes >> 10));
        supervision_release_held(c);
    }
    if (conf->poweroff)
        init_power_off(failed ? 1 : 0);
}

void children_message(uint64_t pid, const struct ipc_msg *m, long inbox)
{
    struct child *c = children_by_pid(pid);
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    if (!c || !child_alive(c)) {
        ipc_log_warn("message from unknown pid %llu (label 0x%llx)", (unsigned long long)pid,
                     (unsigned long long)label);
        return;
    }
    if (supervision_message(c, m, inbox))
        return;
    if (label == MICA_LABEL_FAULT) {
        struct ipc_fault f = ipc_fault_of(m);
        /* A server image is linked with its text first and in one section,
         * so the pc's offset from its base is an address in the image file:
         * `addr2line -e build/srv/<name>.srv <offset>`. */
        char where[CONFIG_NAME_MAX + 48] = "";
        if (c->manifest.magic && f.pc - c->image_base < c->image_bytes)
            snprintf(where, sizeof where, " in %s+0x%llx", c->conf.program,
                     (unsigned long long)(f.pc - c->image_base));
        else if (c->manifest.magic && f.pc >= MICA_RUNTIME_BASE)
            snprintf(where, sizeof where, " in the runtime");
        ipc_log_warn("%s pid %llu faulted: %s at 0x%llx (stval 0x%llx)%s", child_name(c),
                     (unsigned long long)pid, ipc_fault_cause_name(f.scause),
                     (unsigned long long)f.pc, (unsigned long long)f.stval, where);
        ended(c, CHILD_FAULTED, 1);
    } else if (label == MICA_LABEL_EXIT) {
        int status = (int)(long)m->w[0];
        ipc_log_info("%s pid %llu exited with status %d", child_name(c), (unsigned long long)pid,
                     status);
        ended(c, CHILD_EXITED, status);
    } else if (label == MICA_LABEL_READY && c->state == CHILD_STARTING) {
        c->state = CHILD_RUNNING;
        c->line_served = true;
        ipc_log_info("%s pid %llu ready", child_name(c), (unsigned long long)pid);
    } else {
        ipc_log_warn("%s pid %llu sent unknown label 0x%llx", child_name(c),
                     (unsigned long long)pid, (unsigned long long)label);
    }
}

/* A regular file at the top of the archive is a program; srv/<name>.srv a
 * server image. Configurations, the runtime and trusted keys are neither. */
static int loadable(const struct cpio_entry *e, int *server)
{
    const char *name = e->name[0] == '.' && e->name[1] == '/' ? e->name + 2 : e->name;
    if ((e->mode & 0170000u) != 0100000u)
        return 0;
    *server = srv_is_image(name);
    if (strcmp(name, "init") == 0)
        return 0; /* the kernel's to start, once */
    return *server ? strncmp(name, "srv/", 4) == 0 : strchr(name, '/') == 0;
}

int initrd_program_at(unsigned index, const char **name, size_t *size, int *server)
{
    size_t offset = 0;
    struct cpio_entry e;
    unsigned seen = 0;
    while (cpio_next((const uint8_t *)MICA_INITRD_VADDR, initrd_bytes, &offset, &e) == CPIO_OK) {
        if (!loadable(&e, server) || seen++ != index)
            continue;
        *name = e.name[0] == '.' && e.name[1] == '/' ? e.name + 2 : e.name;
        *size = e.size;
        return 0;
    }
    return -1;
}
