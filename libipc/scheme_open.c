/* open("scheme:path") for the block client: the name service gives the
 * scheme's endpoint once, OPEN goes to it, and only the badged handle is
 * kept; every later call goes straight to the server. */
#include <string.h>

#include <mica/blk_client.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/runtime.h>
#include <mica/scheme.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

long ipc_scheme_door(const char *name, long door, const char **path)
{
    const char *colon = strchr(name, ':');
    if (!colon)
        return -MICA_EINVAL;
    *path = colon + 1;
    return ipc_scheme_lookup(name, (uint64_t)(colon - name), door);
}

int ipc_scheme_open(struct ipc_blk_handle *h, const char *name, unsigned flags)
{
    memset(h, 0, sizeof *h);
    if (!strchr(name, ':'))
        return -MICA_EINVAL;
    long door = ipc_slot_alloc();
    if (door < 0)
        return (int)door;
    const char *path;
    long r = ipc_scheme_door(name, door, &path);
    if (r == 0) {
        r = ipc_blk_open(h, door, path, flags);
        mica_sys_cap_delete(0, door);
    }
    ipc_slot_free(door);
    return (int)r;
}

int ipc_scheme_open_waiting(struct ipc_blk_handle *h, const char *name, unsigned flags,
                            uint64_t wait_ms)
{
    uint64_t wait_ticks = timebase_ticks_ms(wait_ms);
    uint64_t start = arch_rdtime();
    int r;
    while ((r = ipc_scheme_open(h, name, flags)) == -MICA_EAGAIN && arch_rdtime() - start < wait_ticks)
        mica_sys_thread_yield();
    return r;
}
