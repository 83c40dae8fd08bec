/* cap_watch: a holder learns at once that its capability is gone, whether
 * it deleted it, someone revoked it, or the cspace holding it died; a watch
 * moves with its cap, can be cleared, and keeps its notification alive. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

#include "ktest.h"

#define GONE_BIT (1ull << 40)

static long live_objects(void)
{
    return mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_KERNEL_OBJECTS);
}

static const char *watch_fires_on_delete_and_revoke(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0), ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long a = ipc_slot_alloc(), b = ipc_slot_alloc();
    KT_OK(ep);
    KT_OK(ntfn);
    KT_EQ(mica_sys_cap_mint(0, a, ep, MICA_RIGHT_WRITE, 0x31), 0);
    KT_EQ(mica_sys_cap_watch(a, ntfn, GONE_BIT), 0);
    KT_EQ(ntfn_poll(ntfn), 0);
    /* Deleted by its holder. */
    KT_EQ(mica_sys_cap_delete(0, a), 0);
    KT_EQ(ntfn_poll(ntfn), (long)GONE_BIT);
    /* Revoked from above, after moving: the watch follows the cap. */
    KT_EQ(mica_sys_cap_mint(0, a, ep, MICA_RIGHT_WRITE, 0x32), 0);
    KT_EQ(mica_sys_cap_watch(a, ntfn, GONE_BIT | 1), 0);
    KT_EQ(mica_sys_cap_move(0, b, a), 0);
    KT_EQ(ntfn_poll(ntfn), 0);
    KT_EQ(mica_sys_cap_revoke(ep), 0);
    KT_EQ(ipc_cap_identify(b).type, -MICA_EBADF);
    KT_EQ(ntfn_poll(ntfn), (long)(GONE_BIT | 1));
    /* A cleared watch stays silent; a copy does not inherit a watch. */
    KT_EQ(mica_sys_cap_mint(0, a, ep, MICA_RIGHT_WRITE, 0x33), 0);
    KT_EQ(mica_sys_cap_watch(a, ntfn, GONE_BIT), 0);
    KT_EQ(mica_sys_cap_copy(0, b, a, MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_delete(0, b), 0);
    KT_EQ(ntfn_poll(ntfn), 0);
    KT_EQ(mica_sys_cap_watch(a, 0, 0), 0);
    KT_EQ(mica_sys_cap_delete(0, a), 0);
    KT_EQ(ntfn_poll(ntfn), 0);
    ipc_slot_free(a);
    ipc_slot_free(b);
    KT_EQ(ipc_cap_drop(ntfn), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

/* The cap sits in a cspace paid by another quota; revoking that quota
 * (what init does to an exited process) kills the cspace and fires the watch.
 * The watch holds the notification: it outlives our cap to it until then. */
static const char *watch_fires_when_its_cspace_dies(void)
{
    long objects = live_objects();
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0), ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long q = ipc_obj_create(MICA_CAP_QUOTA, 16 * 1024), cnode = ipc_slot_alloc(), a = ipc_slot_alloc();
    long listener = ipc_slot_alloc();
    KT_OK(ep);
    KT_OK(ntfn);
    KT_OK(q);
    KT_EQ(mica_sys_obj_create(q, MICA_CAP_CNODE, 8, cnode), 0);
    KT_EQ(mica_sys_cap_copy(0, listener, ntfn, MICA_RIGHT_READ | MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_copy(0, a, ep, MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_watch(a, ntfn, GONE_BIT), 0);
    KT_EQ(mica_sys_cap_move(cnode, 5, a), 0);
    KT_EQ(ipc_cap_drop(ntfn), 0);
    KT_EQ(live_objects(), objects + 4); /* ep, ntfn, quota, cnode */
    KT_EQ(mica_sys_cap_revoke(q), 0);
    KT_EQ(ntfn_poll(listener), (long)GONE_BIT);
    KT_EQ(ipc_cap_drop(listener), 0);
    KT_EQ(live_objects(), objects + 2); /* ep and quota: the notification went with the watch */
    ipc_slot_free(cnode);
    ipc_slot_free(a);
    KT_EQ(ipc_cap_drop(q), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    KT_EQ(live_objects(), objects);
    return 0;
}

static const char *watch_refusals(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0), ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long frame = ipc_obj_create(MICA_CAP_FRAME, 1), wait_only = ipc_slot_alloc();
    KT_OK(ep);
    KT_OK(ntfn);
    KT_OK(frame);
    KT_EQ(mica_sys_cap_copy(0, wait_only, ntfn, MICA_RIGHT_READ), 0);
    KT_EQ(mica_sys_cap_watch(MICA_SLOT_FIRST_FREE + 200, ntfn, 1), -MICA_EBADF);
    KT_EQ(mica_sys_cap_watch(ep, ep, 1), -MICA_ENOTTY);
    KT_EQ(mica_sys_cap_watch(ep, wait_only, 1), -MICA_EACCES);
    KT_EQ(mica_sys_cap_watch(ep, ntfn, 0), -MICA_ERANGE);
    KT_EQ(mica_sys_cap_watch(ep, ntfn, -1), -MICA_ERANGE);
    KT_EQ(mica_sys_cap_watch(frame, ntfn, 1), -MICA_EINVAL);
    /* Nothing was set by the refusals. */
    KT_EQ(ipc_cap_drop(ep), 0);
    KT_EQ(ntfn_poll(ntfn), 0);
    KT_EQ(ipc_cap_drop(wait_only), 0);
    KT_EQ(ipc_cap_drop(frame), 0);
    KT_EQ(ipc_cap_drop(ntfn), 0);
    return 0;
}

const struct ktest_case ktest_watch_cases[] = {
    { "cap.watch-delete-revoke", watch_fires_on_delete_and_revoke },
    { "cap.watch-cspace-death", watch_fires_when_its_cspace_dies },
    { "cap.watch-refusals", watch_refusals },
    { 0, 0 },
};
