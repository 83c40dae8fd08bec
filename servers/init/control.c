/* Answers process-control requests (mica/proc_ctl.h) on the supervisor
 * thread, from init's own tables: init never calls another program here,
 * so a client cannot make the supervisor wait on anyone. A WAIT keeps its
 * reply until the program is no longer starting. */
#include "control.h"

#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>

#include "children.h"
#include "config.h"
#include "devices.h"
#include "fetch.h"
#include "names.h"
#include "supervision.h"

_Static_assert((int)PROC_STATE_STARTING == (int)CHILD_STARTING &&
                   (int)PROC_STATE_RUNNING == (int)CHILD_RUNNING &&
                   (int)PROC_STATE_EXITED == (int)CHILD_EXITED &&
                   (int)PROC_STATE_FAULTED == (int)CHILD_FAULTED &&
                   (int)PROC_STATE_STOPPED == (int)CHILD_STOPPED,
               "the protocol's states are the child table's");

/* The status word, then a record (or text) of `bytes` bytes; to the
 * current caller, or through a saved REPLY cap, which goes after it. */
static void send_record(long saved, long status, const void *record, size_t bytes)
{
    uint64_t words[MICA_MSG_MAX_WORDS] = { (uint64_t)status };
    unsigned n = 1u + (unsigned)((bytes + 7u) / 8u);
    if (record)
        memcpy(&words[1], record, bytes);
    if (saved) {
        if (ipc_reply_send_words(saved, 0, words, n, 0, 0) < 0)
            mica_sys_cap_delete(0, saved); /* the caller is gone */
        ipc_slot_free(saved);
        return;
    }
    struct mica_ipc_buffer *buf = ipc_buffer();
    for (unsigned i = MICA_MSG_REG_WORDS; i < n; i++)
        buf->msg[i] = words[i];
    ipc_reply(MICA_MSGINFO(0, n < MICA_MSG_REG_WORDS ? MICA_MSG_REG_WORDS : n, 0), words[0],
              words[1], words[2], words[3]);
}

static void reply_record(long status, const void *record, size_t bytes)
{
    send_record(0, status, record, bytes);
}

/* The current caller's reply in a slot of its own, to answer later; 0 and
 * an -ENOMEM reply now when there is no room. */
static long save_reply(void)
{
    long slot = ipc_slot_alloc();
    if (slot >= 0 && ipc_reply_save(slot) >= 0)
        return slot;
    if (slot >= 0)
        ipc_slot_free(slot);
    reply_record(-MICA_ENOMEM, 0, 0);
    return 0;
}

/* src cut to fit dst, NUL-padded (records travel whole). */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    memset(dst + n, 0, size - n);
}

static void program_at(unsigned index)
{
    const struct child *c = children_at(index);
    if (!c) {
        reply_record(index < INIT_MAX_CHILDREN ? 0 : -MICA_ENOENT, 0, 0);
        return;
    }
    struct proc_ctl_program p = {
        .pid = c->pid, .memory_bytes = child_memory(c), .state = (uint32_t)c->state,
        .restarts = c->restarts, .version = c->manifest.magic ? c->manifest.version : 0,
        .exit_status = c->status,
    };
    copy_text(p.name, sizeof p.name, child_name(c));
    reply_record(1, &p, sizeof p);
}

static void scheme_at(unsigned index)
{
    struct proc_ctl_scheme s = { 0 };
    struct names_block_facts f;
    const char *name = names_at(index, &s.pid, &f);
    if (!name) {
        reply_record(index < NAMES_MAX ? 0 : -MICA_ENOENT, 0, 0);
        return;
    }
    copy_text(s.name, sizeof s.name, name);
    s.facts_known = f.known;
    s.read_only = f.read_only;
    s.block_size = f.block_size;
    s.size_bytes = f.size_bytes;
    reply_record(1, &s, sizeof s);
}

static void device_at(unsigned index)
{
    const struct device *d = devices_get(index);
    if (!d) {
        reply_record(-MICA_ENOENT, 0, 0);
        return;
    }
    struct proc_ctl_device r = {
        .phys = d->desc->phys, .holder = d->holder, .irq = d->desc->irq,
        .virtio_id = d->virtio_id, .console = d->dt.console,
    };
    copy_text(r.compatible, sizeof r.compatible, d->dt.compatible);
    if (d->features_known)
        copy_text(r.features, sizeof r.features, d->features);
    reply_record(1, &r, sizeof r);
}

static void image_at(unsigned index)
{
    const char *name;
    size_t size;
    int server;
    if (initrd_program_at(index, &name, &size, &server) < 0) {
        reply_record(-MICA_ENOENT, 0, 0);
        return;
    }
    struct proc_ctl_image r = { .size = size, .server = (uint32_t)server };
    copy_text(r.name, sizeof r.name, name);
    reply_record(1, &r, sizeof r);
}

/* init.conf's syntax, so the same options (control too: a holder of the
 * protocol may hand it on, it can do nothing more with it than itself). */
static void load(const char *line)
{
    struct config_entry conf;
    const char *why = "";
    int r = config_parse_line(line, strlen(line), &conf, &why);
    if (r <= 0) {
        char reason[PROC_CTL_REASON_MAX] = "";
        copy_text(reason, sizeof reason, r == 0 ? "no program named" : why);
        reply_record(-MICA_EINVAL, reason, sizeof reason);
        return;
    }
    if (fetch_is_scheme_path(conf.program)) {
        long saved = save_reply();
        if (saved && fetch_queue(&conf, 0, saved) < 0)
            send_record(saved, -MICA_EBUSY, 0, 0);
        return; /* answered when the image has been read (fetch.c) */
    }
    struct child *c;
    control_answer_started(0, child_load(&conf, &c), c);
}

void control_answer_started(long saved, int result, const struct child *c)
{
    if (result < 0) {
        send_record(saved, -MICA_EIO, 0, 0);
        return;
    }
    struct proc_ctl_loaded done = { .pid = c->pid, .load_instr = c->load_instr,
                                    .version = c->manifest.magic ? c->manifest.version : 0 };
    copy_text(done.name, sizeof done.name, child_name(c));
    copy_text(done.source, sizeof done.source, c->conf.program);
    send_record(saved, (long)c->pid, &done, sizeof done);
}

/* A restart of an image on a scheme reads it again first: the answer
 * waits for that (fetch.c). */
static void restart(struct child *c)
{
    if (!fetch_is_scheme_path(c->conf.program)) {
        control_answer_started(0, child_restart(c), c);
        return;
    }
    long saved = save_reply();
    if (!saved)
        return;
    child_stop(c);
    c->restarts++;
    if (fetch_queue(&c->conf, c, saved) < 0)
        send_record(saved, -MICA_EBUSY, 0, 0);
}

/* A live update by an image on a scheme is read first, with the old
 * instance running on meanwhile: the answer waits for the read and the
 * checks (fetch.c). One from the initrd is answered at once. */
static void update(struct child *c, const char *image)
{
    if (child_update_refused(c, image) < 0) {
        control_answer_started(0, -1, c);
        return;
    }
    if (!fetch_is_scheme_path(image)) {
        control_answer_started(0, child_update(c, image, 0), c);
        return;
    }
    long saved = save_reply();
    if (!saved)
        return;
    struct config_entry conf = c->conf;
    strcpy(conf.program, image); /* fits: child_update_refused checked */
    if (fetch_queue_update(&conf, c->pid, saved) < 0)
        send_record(saved, -MICA_EBUSY, 0, 0);
}

static struct {
    long reply; /* saved REPLY cap, 0 = entry free */
    uint64_t pid;
} waiters[4];

static void wait_for(uint64_t pid)
{
    for (unsigned i = 0; i < sizeof waiters / sizeof waiters[0]; i++) {
        if (waiters[i].reply)
            continue;
        long slot = ipc_slot_alloc();
        if (slot < 0 || ipc_reply_save(slot) < 0) {
            if (slot >= 0)
                ipc_slot_free(slot);
            reply_record(-MICA_ENOMEM, 0, 0);
            return;
        }
        waiters[i].reply = slot;
        waiters[i].pid = pid;
        return; /* control_check_waiters answers, at once if it can */
    }
    reply_record(-MICA_EBUSY, 0, 0);
}

void control_check_waiters(void)
{
    for (unsigned i = 0; i < sizeof waiters / sizeof waiters[0]; i++) {
        if (!waiters[i].reply)
            continue;
        /* A pid gone from the table was restarted under a new pid: stopped. */
        const struct child *c = children_by_pid(waiters[i].pid);
        if (c && c->state == CHILD_STARTING)
            continue;
        uint64_t state = c ? (uint64_t)c->state : PROC_STATE_STOPPED;
        if (ipc_reply_send(waiters[i].reply, MICA_MSGINFO(0, 2, 0), state,
                           c ? (uint64_t)(long)c->status : 0, 0, 0) < 0)
            mica_sys_cap_delete(0, waiters[i].reply); /* the waiter is gone */
        ipc_slot_free(waiters[i].reply);
        waiters[i].reply = 0;
    }
}

static void memory(void)
{
    ipc_buffer()->msg[4] = ipc_slots_free();
    ipc_reply(MICA_MSGINFO(0, 5, 0), 0, (uint64_t)mica_sys_quota_info(MICA_SLOT_QUOTA),
              (uint64_t)mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_FREE_PAGES),
              (uint64_t)mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_KERNEL_OBJECTS));
}

/* After decode: every request below is well formed and may only fail on
 * the state of init's tables. */
static void invoke_proc_ctl(const struct control_req *q)
{
    struct child *c = q->label == PROC_CTL_STOP || q->label == PROC_CTL_RESTART ||
                              q->label == PROC_CTL_CRASH
                          ? children_by_pid(q->arg)
                          : 0;
    switch (q->label) {
    case PROC_CTL_PROGRAM:
        program_at((unsigned)q->arg);
        return;
    case PROC_CTL_SCHEME:
        scheme_at((unsigned)q->arg);
        return;
    case PROC_CTL_DEVICE:
        device_at((unsigned)q->arg);
        return;
    case PROC_CTL_IMAGE:
        image_at((unsigned)q->arg);
        return;
    case PROC_CTL_LOAD:
        load(q->line);
        return;
    case PROC_CTL_STOP:
        if (!child_alive(c)) {
            reply_record(-MICA_EINVAL, 0, 0);
            return;
        }
        child_stop(c); /* the caller itself, perhaps: then the reply finds nobody */
        reply_record(0, 0, 0);
        return;
    case PROC_CTL_RESTART:
        if (q->line[0] && !child_alive(c)) {
            reply_record(-MICA_EINVAL, 0, 0); /* an update replaces a running server */
            return;
        }
        if (q->line[0])
            update(c, q->line);
        else
            restart(c);
        return;
    case PROC_CTL_CRASH:
        reply_record(supervision_crash(c, (unsigned)q->point, q->count), 0, 0);
        return;
    case PROC_CTL_WAIT:
        wait_for(q->arg);
        return;
    case PROC_CTL_POWEROFF:
        init_power_off((int)q->arg);
    case PROC_CTL_MEMORY:
        memory();
        return;
    }
}

void control_request(uint64_t pid, const struct ipc_msg *m)
{
    struct control_req q;
    long status = decode_proc_ctl(pid, m, &q);
    if (status < 0) {
        ipc_log_warn("control request 0x%llx from pid %llu refused: %s",
                     (unsigned long long)MICA_MSGINFO_LABEL(m->info), (unsigned long long)pid,
                     mica_errno_name((int)status));
        reply_record(status, 0, 0);
        return;
    }
    invoke_proc_ctl(&q);
}
