/* The client side of the process-control protocol (mica/proc_ctl.h): one
 * call to init per request, records copied out of the reply's words with
 * their text fields terminated again. */
#include <mica/proc_ctl.h>

#include <string.h>

#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/proc.h>

static long status_of(const struct ipc_msg *r)
{
    return r->badge < 0 ? r->badge : (long)r->w[0];
}

/* Copies words 1.. of the reply into out (size bytes); a reply too short
 * to hold the record is a protocol error, not a record of zeros. */
static long take_record(const struct ipc_msg *r, void *out, size_t size)
{
    long status = status_of(r);
    if (status <= 0)
        return status; /* an error, or an unused entry: no record */
    unsigned words = (unsigned)((size + 7u) / 8u);
    if (MICA_MSGINFO_WORDS(r->info) < 1u + words)
        return -MICA_EPROTO;
    uint64_t w[MICA_MSG_MAX_WORDS];
    for (unsigned i = 0; i < words; i++)
        w[i] = ipc_msg_word(r, 1u + i);
    memcpy(out, w, size);
    return status;
}

static long record_at(enum proc_ctl_label label, unsigned index, void *out, size_t size)
{
    struct ipc_msg r = ipc_call(MICA_CHILD_SLOT_CONTROL, MICA_MSGINFO(label, 1, 0), index, 0, 0, 0);
    return take_record(&r, out, size);
}

#define TERMINATE(field) ((field)[sizeof(field) - 1] = 0)

long proc_program_at(unsigned index, struct proc_ctl_program *out)
{
    long s = record_at(PROC_CTL_PROGRAM, index, out, sizeof *out);
    TERMINATE(out->name);
    return s;
}

long proc_scheme_at(unsigned index, struct proc_ctl_scheme *out)
{
    long s = record_at(PROC_CTL_SCHEME, index, out, sizeof *out);
    TERMINATE(out->name);
    return s;
}

long proc_device_at(unsigned index, struct proc_ctl_device *out)
{
    long s = record_at(PROC_CTL_DEVICE, index, out, sizeof *out);
    TERMINATE(out->compatible);
    TERMINATE(out->features);
    return s;
}

long proc_image_at(unsigned index, struct proc_ctl_image *out)
{
    long s = record_at(PROC_CTL_IMAGE, index, out, sizeof *out);
    TERMINATE(out->name);
    return s;
}

/* LOAD's and RESTART's record of what started, after a pid. */
static long take_loaded(const struct ipc_msg *r, struct proc_ctl_loaded *out)
{
    long status = status_of(r);
    if (status <= 0 || !out)
        return status;
    long taken = take_record(r, out, sizeof *out);
    TERMINATE(out->name);
    TERMINATE(out->source);
    return taken;
}

long proc_load(const char *line, struct proc_ctl_loaded *out, char *reason)
{
    size_t len = strlen(line);
    if (reason)
        reason[0] = 0;
    if (len >= PROC_CTL_LINE_MAX)
        return -MICA_E2BIG;
    uint64_t words[1u + PROC_CTL_LINE_MAX / 8u] = { len };
    memcpy(&words[1], line, len);
    struct ipc_msg r = ipc_call_words(MICA_CHILD_SLOT_CONTROL, PROC_CTL_LOAD, words,
                                      1u + (unsigned)((len + 7u) / 8u), 0, 0);
    long status = status_of(&r);
    if (status == -MICA_EINVAL && reason && r.badge >= 0) {
        uint64_t text[PROC_CTL_REASON_MAX / 8u];
        for (unsigned i = 0; i < PROC_CTL_REASON_MAX / 8u; i++)
            text[i] = ipc_msg_word(&r, 1u + i);
        memcpy(reason, text, PROC_CTL_REASON_MAX);
        reason[PROC_CTL_REASON_MAX - 1] = 0;
    }
    return take_loaded(&r, out);
}

static long pid_call(enum proc_ctl_label label, uint64_t pid, struct ipc_msg *r)
{
    *r = ipc_call(MICA_CHILD_SLOT_CONTROL, MICA_MSGINFO(label, 1, 0), pid, 0, 0, 0);
    return status_of(r);
}

long proc_stop(uint64_t pid)
{
    struct ipc_msg r;
    return pid_call(PROC_CTL_STOP, pid, &r);
}

long proc_restart(uint64_t pid, struct proc_ctl_loaded *out)
{
    struct ipc_msg r;
    pid_call(PROC_CTL_RESTART, pid, &r);
    return take_loaded(&r, out);
}

long proc_update(uint64_t pid, const char *image, struct proc_ctl_loaded *out)
{
    size_t len = strlen(image);
    if (len == 0 || len >= PROC_CTL_LINE_MAX)
        return -MICA_EINVAL;
    uint64_t words[2u + PROC_CTL_LINE_MAX / 8u] = { pid, len };
    memcpy(&words[2], image, len);
    struct ipc_msg r = ipc_call_words(MICA_CHILD_SLOT_CONTROL, PROC_CTL_RESTART, words,
                                      2u + (unsigned)((len + 7u) / 8u), 0, 0);
    return take_loaded(&r, out);
}

long proc_crash(uint64_t pid, enum proc_ctl_fault_point point, uint64_t count)
{
    struct ipc_msg r = ipc_call(MICA_CHILD_SLOT_CONTROL, MICA_MSGINFO(PROC_CTL_CRASH, 3, 0), pid,
                                (uint64_t)point, count, 0);
    return status_of(&r);
}

long proc_wait(uint64_t pid, int *exit_status)
{
    struct ipc_msg r;
    long s = pid_call(PROC_CTL_WAIT, pid, &r);
    if (s >= 0 && exit_status)
        *exit_status = (int)(long)r.w[1];
    return s;
}

long proc_poweroff(int status)
{
    struct ipc_msg r;
    return pid_call(PROC_CTL_POWEROFF, (uint64_t)(long)status, &r);
}

long proc_memory(struct proc_ctl_memory *out)
{
    struct ipc_msg r = ipc_call(MICA_CHILD_SLOT_CONTROL, MICA_MSGINFO(PROC_CTL_MEMORY, 0, 0), 0,
                                0, 0, 0);
    long s = status_of(&r);
    if (s >= 0)
        *out = (struct proc_ctl_memory){ r.w[1], r.w[2], r.w[3], ipc_msg_word(&r, 4) };
    return s;
}

const char *proc_state_name(uint32_t state)
{
    static const char *const names[] = {
        [PROC_STATE_STARTING] = "starting", [PROC_STATE_RUNNING] = "running",
        [PROC_STATE_EXITED] = "exited",     [PROC_STATE_FAULTED] = "faulted",
        [PROC_STATE_STOPPED] = "stopped",
    };
    return state < sizeof names / sizeof names[0] && names[state] ? names[state] : "?";
}
