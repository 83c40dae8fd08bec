/* Frames mapped into this process's own address space, at addresses from
 * the dynamic region. Addresses are never reused: a stale pointer into an
 * unmapped frame faults instead of reading someone else's data. */
#include <stdint.h>

#include <mica/bootinfo.h>
#include <mica/cap.h>
#include <mica/errno.h>
#include <mica/proc.h>

/* One unmapped page after every reservation catches overruns. */
#define GUARD_PAGES 1u

static uint64_t next_free = MICA_PROC_DYNAMIC_BASE;

uint64_t ipc_vaddr_reserve(uint64_t pages)
{
    uint64_t bytes = (pages + GUARD_PAGES) * MICA_PAGE_SIZE;
    if (pages == 0 || pages > (MICA_PROC_DYNAMIC_END - next_free) / MICA_PAGE_SIZE ||
        bytes > MICA_PROC_DYNAMIC_END - next_free)
        return 0;
    uint64_t va = next_free;
    next_free += bytes;
    return va;
}

static void *map_at_new_address(long frame, uint64_t pages, unsigned rights, long *err)
{
    uint64_t va = ipc_vaddr_reserve(pages);
    if (!va) {
        *err = -MICA_ENOMEM;
        return 0;
    }
    long r = mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, frame, (long)va, rights, MICA_SLOT_QUOTA);
    if (r < 0) {
        *err = r;
        return 0;
    }
    *err = 0;
    return (void *)va;
}

void *ipc_frame_map_new(uint64_t pages, unsigned rights, long *frame_slot, long *err)
{
    long frame = ipc_obj_create(MICA_CAP_FRAME, pages);
    if (frame < 0) {
        *err = frame;
        return 0;
    }
    void *va = map_at_new_address(frame, pages, rights, err);
    if (!va) {
        ipc_cap_drop(frame);
        return 0;
    }
    *frame_slot = frame;
    return va;
}

void *ipc_frame_map_copy(long frame, uint64_t pages, unsigned rights, long *copy_slot, long *err)
{
    long copy = ipc_slot_alloc();
    if (copy < 0) {
        *err = copy;
        return 0;
    }
    long r = mica_sys_cap_copy(0, copy, frame, rights);
    if (r < 0) {
        ipc_slot_free(copy);
        *err = r;
        return 0;
    }
    void *va = map_at_new_address(copy, pages, rights, err);
    if (!va) {
        ipc_cap_drop(copy);
        return 0;
    }
    *copy_slot = copy;
    return va;
}

void ipc_frame_unmap(void *addr, uint64_t pages, long frame_slot)
{
    mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)addr, (long)pages);
    ipc_cap_drop(frame_slot);
}
