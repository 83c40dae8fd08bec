/* Thread syscalls' own error paths: starting an unconfigured thread, bad
 * pc/sp, configuring a running thread, priorities above the caller's, and a
 * fault endpoint of the wrong type. Success paths run in every helper. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

#include "ktest.h"

static const char *thread_argument_errors(void)
{
    long thread = ipc_obj_create(MICA_CAP_THREAD, 0);
    long ipc_frame = ipc_obj_create(MICA_CAP_FRAME, MICA_IPC_BUFFER_PAGES);
    long one_page = ipc_obj_create(MICA_CAP_FRAME, MICA_IPC_BUFFER_PAGES - 1);
    KT_OK(thread);
    KT_OK(ipc_frame);
    KT_OK(one_page);
    KT_EQ(mica_sys_thread_start(thread, 0x20000000, 0x20001000, 0), -MICA_EINVAL); /* unconfigured */
    KT_EQ(mica_sys_thread_configure(thread, MICA_SLOT_SELF_VSPACE, MICA_SLOT_SELF_VSPACE, 0, 0),
          -MICA_ENOTTY);
    KT_EQ(mica_sys_thread_configure(thread, MICA_SLOT_SELF_CNODE, MICA_SLOT_SELF_VSPACE, ipc_frame,
                                    0x20000004),
          -MICA_EINVAL); /* IPC buffer misaligned */
    KT_EQ(mica_sys_thread_configure(thread, MICA_SLOT_SELF_CNODE, MICA_SLOT_SELF_VSPACE, one_page,
                                    0x20000000),
          -MICA_EINVAL); /* the frame is smaller than the IPC buffer */
    KT_EQ(mica_sys_thread_configure(thread, MICA_SLOT_SELF_CNODE, MICA_SLOT_SELF_VSPACE, ipc_frame,
                                    0x20000ff8),
          -MICA_EINVAL); /* from the last word of a page, it runs past the frame's end */
    KT_EQ(mica_sys_thread_configure(thread, MICA_SLOT_SELF_CNODE, MICA_SLOT_SELF_VSPACE, ipc_frame,
                                    0x20000000),
          0);
    KT_EQ(mica_sys_thread_start(thread, 0x20000001, 0x20001000, 0), -MICA_EINVAL); /* odd pc */
    KT_EQ(mica_sys_thread_start(thread, 0x20000000, 0x20001008, 0), -MICA_EINVAL); /* sp % 16 */
    KT_EQ(mica_sys_thread_start(thread, (long)0xffffffc000000000ul, 0x20001000, 0), -MICA_EINVAL);
    KT_EQ(mica_sys_thread_set_sched(thread, KTEST_PRIORITY + 1, 0), -MICA_EPERM);
    KT_EQ(mica_sys_thread_set_sched(thread, KTEST_PRIORITY, MICA_SLOT_QUOTA), -MICA_ENOTTY);
    /* ktest's own thread is running: it cannot be reconfigured or restarted. */
    KT_EQ(mica_sys_thread_configure(MICA_SLOT_SELF_THREAD, MICA_SLOT_SELF_CNODE,
                                    MICA_SLOT_SELF_VSPACE, 0, 0),
          -MICA_EBUSY);
    KT_EQ(mica_sys_thread_start(MICA_SLOT_SELF_THREAD, 0x10000000, 0x20001000, 0), -MICA_EBUSY);
    KT_EQ(mica_sys_thread_suspend(thread), 0); /* suspending an inactive thread is harmless */
    KT_EQ(mica_sys_thread_yield(), 0);
    KT_EQ(ipc_cap_drop(thread), 0);
    KT_EQ(ipc_cap_drop(ipc_frame), 0);
    KT_EQ(ipc_cap_drop(one_page), 0);
    return 0;
}

const struct ktest_case ktest_thread_cases[] = {
    { "thread.argument-errors", thread_argument_errors },
    { 0, 0 },
};
