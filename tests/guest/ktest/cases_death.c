/* A process's death ends all of its threads, wherever they are blocked and
 * whoever holds their replies, and gives back everything at once: the quota
 * it was carved from, the kernel's free pages and its object count return
 * exactly to what they were before it started. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

#include "ktest.h"

static long info(long what)
{
    return mica_sys_system_info(MICA_SLOT_SYSTEM, what);
}

static const char *death_ends_blocked_threads(void)
{
    long quota_before = mica_sys_quota_info(MICA_SLOT_QUOTA);
    long free_before = info(MICA_INFO_FREE_PAGES), objects_before = info(MICA_INFO_KERNEL_OBJECTS);
    long served = ipc_obj_create(MICA_CAP_ENDPOINT, 0), unserved = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    KT_OK(served);
    KT_OK(unserved);
    KT_OK(ntfn);
    long grants[3] = { served, unserved, ntfn };
    struct process p;
    KT_EQ(ktest_spawn(HELPER_BLOCKED, 0, grants, 3, &p), 0);
    /* Two of its threads call us; we keep their replies, as a server does. */
    long replies[2];
    for (int i = 0; i < 2; i++) {
        struct ipc_msg m = ipc_recv(served);
        KT_EQ(m.w[0], 7);
        KT_OK(replies[i] = ipc_slot_alloc());
        KT_EQ(ipc_reply_save(replies[i]), 0);
        KT_EQ(ipc_cap_identify(replies[i]).type, MICA_CAP_REPLY);
    }
    struct ipc_msg m = ktest_next_report();
    KT_EQ(m.badge, (long)p.badge);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), HELPER_RESULT_LABEL);
    KT_EQ((long)m.w[0], 6);
    m = ktest_next_report();
    KT_EQ(m.badge, (long)p.badge);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_EXIT);
    process_destroy(&p);
    /* The replies we held named threads that are gone: the kernel emptied them. */
    for (int i = 0; i < 2; i++) {
        KT_EQ(ipc_cap_identify(replies[i]).type, -MICA_EBADF);
        ipc_slot_free(replies[i]);
    }
    KT_EQ(ipc_cap_drop(ntfn), 0);
    KT_EQ(ipc_cap_drop(unserved), 0);
    KT_EQ(ipc_cap_drop(served), 0);
    KT_EQ(mica_sys_quota_info(MICA_SLOT_QUOTA), quota_before);
    KT_EQ(info(MICA_INFO_KERNEL_OBJECTS), objects_before);
    KT_EQ(info(MICA_INFO_FREE_PAGES), free_before);
    return 0;
}

const struct ktest_case ktest_death_cases[] = {
    { "proc.death-ends-blocked-threads", death_ends_blocked_threads },
    { 0, 0 },
};
