/* open("scheme:path") for the block client: the name service gives the
 * scheme's door, OPEN goes through it, and every later call goes straight
 * to the server on the badged handle. The name and the door are kept: a
 * recovery opens the same name again, and the door's slot, emptied with the
 * server's endpoint, tells a dead server from one that closed the handle. */
#include <string.h>

#include <mica/blk_client.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/runtime.h>
#include <mica/scheme.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include "blk_client_private.h"

long ipc_scheme_door(const char *name, long door, const char **path)
{
    const char *colon = strchr(name, ':');
    if (!colon)
        return -MICA_EINVAL;
    *path = colon + 1;
    return ipc_scheme_lookup(name, (uint64_t)(colon - name), door);
}

long blk_open_by_name(const char *name, unsigned flags, uint64_t wait_ms, long *door, long *ep,
                      uint64_t *id)
{
    const char *colon = strchr(name, ':');
    if (!colon)
        return -MICA_EINVAL;
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    uint64_t length = (uint64_t)(colon - name);
    long r = wait_ms ? ipc_scheme_lookup_waiting(name, length, slot, wait_ms)
                     : ipc_scheme_lookup(name, length, slot);
    if (r == 0)
        r = blk_open_call(slot, colon + 1, flags, ep, id);
    if (r < 0) {
        ipc_slot_forget(slot);
        return r;
    }
    *door = slot;
    return 0;
}

static int open_by_name(struct ipc_blk_handle *h, const char *name, unsigned flags,
                        uint64_t wait_ms)
{
    memset(h, 0, sizeof *h);
    h->simple.writable = (flags & BLK_OPEN_WRITE) != 0;
    if (strlen(name) >= IPC_BLK_NAME_MAX)
        return -MICA_EINVAL;
    long r = blk_open_by_name(name, flags, wait_ms, &h->reopen.door, &h->ep, &h->handle_id);
    /* Without the watch the handle works, but cannot tell a death. */
    if (r == 0 && blk_watch_door(h->reopen.door, &h->reopen.watch) == 0) {
        strcpy(h->reopen.name, name);
        h->reopen.flags = flags;
    }
    return (int)r;
}

int ipc_scheme_open(struct ipc_blk_handle *h, const char *name, unsigned flags)
{
    return open_by_name(h, name, flags, 0);
}

int ipc_scheme_open_waiting(struct ipc_blk_handle *h, const char *name, unsigned flags,
                            uint64_t wait_ms)
{
    /* init keeps the lookup while the server starts; a full table of kept
     * lookups answers -EAGAIN at once, so it is asked again until the bound. */
    uint64_t wait_ticks = timebase_ticks_ms(wait_ms);
    uint64_t start = arch_rdtime();
    int r;
    for (;;) {
        uint64_t spent = arch_rdtime() - start;
        uint64_t left_ms = spent < wait_ticks ? (wait_ticks - spent) * 1000u / timebase_hz() : 0;
        r = open_by_name(h, name, flags, left_ms);
        if (r != -MICA_EAGAIN || arch_rdtime() - start >= wait_ticks)
            return r;
        mica_sys_thread_yield();
    }
}
