/* Block client recovery (docs/recovery.md, "Client reconnect and replay"):
 * after the kernel fails a call on a handle whose server died, the handle
 * is opened again by the name it was opened with, its buffer and rings are
 * set up again and its queued requests pushed again, so the caller's call
 * can be repeated. Only this error path runs it: a call that succeeds pays
 * one branch it already had. */
#include <mica/blk_client.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include "blk_client_private.h"

void ipc_blk_recovery_off(struct ipc_blk_handle *h)
{
    h->reopen.off = true;
}

long blk_watch_door(long door, long *watch)
{
    if (!*watch) {
        long n = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
        if (n < 0)
            return n;
        *watch = n;
    }
    ntfn_poll(*watch); /* an earlier door's signal is no news of this one */
    return mica_sys_cap_watch(door, *watch, 1);
}

/* Whether the server died, rather than closed the handle on purpose: the
 * watch on the door says so. A kernel's -EPIPE can come as the dying
 * server's thread goes, a moment before init revokes its endpoint, so that
 * one is given DEATH_SETTLE_MS for the signal. */
#define DEATH_SETTLE_MS 50u

static bool server_died(const struct ipc_blk_reopen *ro, long cause)
{
    uint64_t start = arch_rdtime(), settle = timebase_ticks_ms(DEATH_SETTLE_MS);
    for (;;) {
        long word = ntfn_poll(ro->watch);
        if (word != 0)
            return word > 0; /* < 0: no watch (a closed handle's stale copy) */
        if (cause != -MICA_EPIPE || arch_rdtime() - start >= settle)
            return false;
        mica_sys_thread_yield();
    }
}

/* The handle on the restarted instance, once it has registered the name. */
static long reopen(struct ipc_blk_handle *h)
{
    struct ipc_blk_reopen *ro = &h->reopen;
    long door, ep;
    uint64_t id;
    long r = blk_open_by_name(ro->name, ro->flags, IPC_BLK_RECOVER_WAIT_MS, &door, &ep, &id);
    if (r < 0)
        return r;
    ipc_slot_forget(h->ep);
    ipc_slot_forget(ro->door);
    h->ep = ep;
    h->handle_id = id;
    ro->door = door;
    return blk_watch_door(door, &ro->watch);
}

static long restore(struct ipc_blk_handle *h)
{
    struct ipc_blk_reopen *ro = &h->reopen;
    long r = 0;
    if (ro->frame_count) {
        /* The frames outlived the server (its pins went with it). */
        long frames[MICA_MSG_MAX_CAPS];
        for (unsigned i = 0; i < ro->frame_count; i++)
            frames[i] = ro->frames[i];
        r = ipc_blk_buffer_register(h, frames, ro->frame_count);
    }
    if (r >= 0)
        r = blk_queue_restore(h);
    return r < 0 ? r : 0;
}

int blk_recover(struct ipc_blk_handle *h, long cause)
{
    struct ipc_blk_reopen *ro = &h->reopen;
    if (!h->ep || ro->off || !ro->name[0])
        return -1;
    /* A handle given up on is tried again at every call: its server may
     * have been started again since (the shell's restart, a new load), and
     * a name nobody serves costs one lookup init answers at once. */
    if (!ro->gave_up && !server_died(ro, cause))
        return -1;
    long r = 0;
    for (unsigned attempt = 0; attempt < IPC_BLK_RECOVER_ATTEMPTS; attempt++) {
        r = reopen(h);
        if (r == -MICA_EPIPE || r == -MICA_EBADF)
            continue; /* the new instance died under our OPEN */
        if (r < 0)
            break; /* not back: stopped, past its restart limit, or not within the wait */
        r = restore(h);
        if (r == 0) {
            if (ro->gave_up)
                ipc_log_info("%s is served again: the handle is open on it", ro->name);
            ro->gave_up = false;
            ro->recoveries++;
            return 0;
        }
        if (!server_died(ro, r))
            break; /* the new instance refused: an answer, not a death */
    }
    if (!ro->gave_up)
        ipc_log_warn("%s the server died and the handle could not be opened again: %s", ro->name,
                     mica_errno_name((int)r));
    ro->gave_up = true; /* later calls fail, each after one more try */
    return -1;
}
