/* The supervisor's side of the shell: starting its thread, handing it the
 * console server's endpoint (now, or once a console server is ready) and
 * running its command lines. */
#include "shell.h"

#include <stdarg.h>
#include <stdio.h>

#include <mica/bootinfo.h>
#include <mica/cap.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/scheme.h>

#include "children.h"
#include "devices.h"

#define SHELL_PRIORITY 120u
#define SHELL_STACK_PAGES 8u

struct shell_exchange shell_exchange;

static long waiting_reply; /* REPLY cap of a GET_CONSOLE not answered yet, 0 = none */
static long handed_out;    /* the shell's console slot, 0 = none */

int shell_start(long supervisor_ep)
{
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return (int)slot;
    long r = mica_sys_cap_mint(0, slot, supervisor_ep, MICA_RIGHT_WRITE, (long)SHELL_BADGE);
    if (r >= 0)
        r = ipc_thread_spawn(shell_thread, (uintptr_t)slot, SHELL_PRIORITY, 0, SHELL_STACK_PAGES);
    if (r < 0)
        ipc_log_error("cannot start the shell: %ld", r);
    return r < 0 ? (int)r : 0;
}

/* The door (mica/scheme.h) of the ready server holding the console, in a
 * fresh slot; 0 if there is none. Revoking the server's endpoint when it
 * stops empties the copy, so the shell notices. */
static long console_copy(void)
{
    struct child *c = children_by_pid(devices_console_holder());
    if (!c || c->state != CHILD_RUNNING || !c->proc.endpoint)
        return 0;
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return 0;
    if (mica_sys_cap_mint(0, slot, c->proc.endpoint, MICA_RIGHT_WRITE,
                          (long)MICA_SCHEME_DOOR_BADGE) < 0) {
        ipc_slot_free(slot);
        return 0;
    }
    return handed_out = slot;
}

void shell_console_check(void)
{
    if (!waiting_reply)
        return;
    long slot = console_copy();
    if (!slot)
        return;
    ipc_reply_send(waiting_reply, 0, (uint64_t)slot, 0, 0, 0);
    ipc_slot_free(waiting_reply); /* reply_send used the cap up */
    waiting_reply = 0;
}

void shell_request(const struct ipc_msg *m)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    if (label == SHELL_GET_CONSOLE) {
        long slot = console_copy();
        if (slot) {
            ipc_reply(0, (uint64_t)slot, 0, 0, 0);
            return;
        }
        long reply = ipc_slot_alloc();
        if (reply >= 0 && ipc_reply_save(reply) >= 0)
            waiting_reply = reply;
        return;
    }
    if (label == SHELL_DROP_CONSOLE && handed_out && (long)m->w[0] == handed_out) {
        mica_sys_cap_delete(0, handed_out); /* fails when a revoke emptied it already */
        ipc_slot_free(handed_out);
        handed_out = 0;
    } else if (label == SHELL_RUN) {
        shell_exchange.out_len = 0;
        shell_exchange.line[SHELL_LINE_MAX - 1] = 0;
        shell_run(shell_exchange.line);
    }
    ipc_reply(0, 0, 0, 0, 0);
}

void shell_printf(const char *fmt, ...)
{
    struct shell_exchange *x = &shell_exchange;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(x->out + x->out_len, SHELL_OUT_MAX - x->out_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        x->out_len += (size_t)n < SHELL_OUT_MAX - x->out_len ? (size_t)n : SHELL_OUT_MAX - x->out_len - 1;
}
