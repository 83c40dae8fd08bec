/* Ending a thread without faulting: tell the parent, then stop. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/ipc.h>
#include <mica/proc.h>
#include <mica/runtime.h>

void mica_exit(int status)
{
    /* ipc_send fails harmlessly when the slot is empty (init has no parent). */
    ipc_send(MICA_CHILD_SLOT_PARENT, MICA_MSGINFO(MICA_LABEL_EXIT, 1, 0), (uint64_t)(long)status,
             0, 0, 0);
    for (;;) {
        mica_sys_thread_suspend(MICA_SLOT_SELF_THREAD);
        /* Without a thread cap there is no way to stop: give the CPU away. */
        mica_sys_thread_yield();
    }
}
