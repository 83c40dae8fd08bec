/* The one place a process-control request is checked (decode has every
 * check; the code behind it only asserts). Its caller is any program init
 * granted `control`; nothing in the message is trusted. */
#include "control.h"

#include <string.h>

#include <mica/abi/errno.h>

#include "children.h"

/* What each label carries in w0. */
enum arg_kind { ARG_NONE, ARG_INDEX, ARG_PID, ARG_STATUS, ARG_LINE };

static enum arg_kind arg_kind(uint64_t label)
{
    switch (label) {
    case PROC_CTL_PROGRAM:
    case PROC_CTL_SCHEME:
    case PROC_CTL_DEVICE:
    case PROC_CTL_IMAGE:
        return ARG_INDEX;
    case PROC_CTL_STOP:
    case PROC_CTL_RESTART:
    case PROC_CTL_WAIT:
    case PROC_CTL_CRASH:
        return ARG_PID;
    case PROC_CTL_POWEROFF:
        return ARG_STATUS;
    case PROC_CTL_LOAD:
        return ARG_LINE;
    default:
        return ARG_NONE;
    }
}

static long decode_line(const struct ipc_msg *m, char out[PROC_CTL_LINE_MAX])
{
    return ipc_msg_text(m, 1u, m->w[0], out, PROC_CTL_LINE_MAX);
}

/* w1 a point, w2 its count (a RANDOM order's seed). */
static long decode_crash(const struct ipc_msg *m, struct control_req *out)
{
    if (MICA_MSGINFO_WORDS(m->info) < 3u || m->w[1] >= PROC_FAULT_POINTS)
        return -MICA_EINVAL;
    out->point = m->w[1];
    out->count = m->w[2];
    return 0;
}

/* A live update: w1 the image path's length, the path from word 2; a
 * plain restart has neither (or length 0). */
static long decode_restart_image(const struct ipc_msg *m, char out[PROC_CTL_LINE_MAX])
{
    if (MICA_MSGINFO_WORDS(m->info) < 2u || m->w[1] == 0)
        return 0;
    return ipc_msg_text(m, 2u, m->w[1], out, PROC_CTL_LINE_MAX);
}

long decode_proc_ctl(uint64_t pid, const struct ipc_msg *m, struct control_req *out)
{
    const struct child *caller = children_by_pid(pid);
    if (!caller || !child_alive(caller) || !caller->conf.grant_control)
        return -MICA_EPERM; /* a cap that outlived its program, or was passed on */
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    enum arg_kind kind = arg_kind(label);
    if (kind == ARG_NONE && label != PROC_CTL_MEMORY)
        return -MICA_ENOSYS;
    if (MICA_MSGINFO_CAPS(m->info) != 0)
        return -MICA_EINVAL; /* no request carries a capability */
    if (kind != ARG_NONE && MICA_MSGINFO_WORDS(m->info) < 1u)
        return -MICA_EINVAL;
    out->label = (enum proc_ctl_label)label;
    out->arg = kind == ARG_NONE ? 0 : m->w[0];
    out->line[0] = 0;
    switch (kind) {
    case ARG_INDEX:
        return out->arg > UINT32_MAX ? -MICA_EINVAL : 0;
    case ARG_PID:
        if (!out->arg || !children_by_pid(out->arg))
            return -MICA_ESRCH;
        return label == PROC_CTL_CRASH     ? decode_crash(m, out)
               : label == PROC_CTL_RESTART ? decode_restart_image(m, out->line)
                                           : 0;
    case ARG_STATUS:
        return out->arg > 255u ? -MICA_EINVAL : 0;
    case ARG_LINE:
        return decode_line(m, out->line);
    case ARG_NONE:
        break;
    }
    return 0;
}
