/* More threads in the caller's address space. Each gets a stack frame with
 * its TLS block and start record at the top, and its own IPC buffer frame. */
#include <stdint.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/runtime.h>

#include "tls.h"

struct thread_start_record {
    void (*fn)(uintptr_t);
    uintptr_t arg;
    struct mica_ipc_buffer *ipc_buffer;
    void *tls;
    long self_slot;
};

void mica_thread_entry(void);
__attribute__((noreturn)) void mica_thread_main(struct thread_start_record *rec);

void mica_thread_main(struct thread_start_record *rec)
{
    tls_install(rec->tls);
    ipc_tls_buffer = rec->ipc_buffer;
    rec->fn(rec->arg);
    for (;;)
        mica_sys_thread_suspend(rec->self_slot);
}

static uintptr_t align_down(uintptr_t v, uintptr_t a)
{
    return v & ~(a - 1);
}

long ipc_thread_spawn(void (*fn)(uintptr_t), uintptr_t arg, unsigned priority, long fault_ep,
                      uint64_t stack_pages)
{
    long err, stack_frame, ipc_frame;
    uint8_t *stack = ipc_frame_map_new(stack_pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                       &stack_frame, &err);
    if (!stack)
        return err;
    struct mica_ipc_buffer *buf =
        ipc_frame_map_new(MICA_IPC_BUFFER_PAGES, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &ipc_frame, &err);
    if (!buf)
        return err;
    long thread = ipc_obj_create(MICA_CAP_THREAD, 0);
    if (thread < 0)
        return thread;

    uintptr_t top = (uintptr_t)stack + stack_pages * MICA_PAGE_SIZE;
    uintptr_t tls = align_down(top - tls_block_size(), TLS_BLOCK_ALIGN);
    struct thread_start_record *rec =
        (struct thread_start_record *)align_down(tls - sizeof *rec, 16);
    *rec = (struct thread_start_record){ fn, arg, buf, (void *)tls, thread };
    uintptr_t sp = align_down((uintptr_t)rec, 16);

    long r = mica_sys_thread_configure(thread, MICA_SLOT_SELF_CNODE, MICA_SLOT_SELF_VSPACE,
                                       ipc_frame, (long)(uintptr_t)buf);
    if (r >= 0)
        r = mica_sys_thread_set_sched(thread, priority, fault_ep);
    if (r >= 0)
        r = mica_sys_thread_start(thread, (long)(uintptr_t)mica_thread_entry, (long)sp,
                                  (long)(uintptr_t)rec);
    if (r < 0) {
        ipc_cap_drop(thread);
        return r;
    }
    return thread;
}
