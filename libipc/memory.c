/* Frames mapped into this process's own address space, at addresses from
 * the dynamic region. A range is reused only after ipc_vaddr_release (which
 * ipc_frame_unmap calls): a process that maps and unmaps forever, like init
 * loading servers, must not run out of addresses. */
#include <stdint.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/proc.h>

/* One unmapped page after every reservation catches overruns. */
#define GUARD_PAGES 1u
/* Released ranges waiting for reuse; a release that finds the list full
 * leaks its addresses (never its memory). */
#define FREE_RANGES_MAX 32u

struct range {
    uint64_t start, bytes;
};

/* Ownership: the process's threads share these by the same convention as
 * the slot allocator (one thread at a time). Sorted by start, never
 * adjacent: neighbours are merged. */
static struct range free_ranges[FREE_RANGES_MAX];
static unsigned free_count;
static uint64_t next_free = MICA_PROC_DYNAMIC_BASE;

static uint64_t span_bytes(uint64_t pages)
{
    return (pages + GUARD_PAGES) * MICA_PAGE_SIZE;
}

static void remove_range(unsigned i)
{
    for (; i + 1 < free_count; i++)
        free_ranges[i] = free_ranges[i + 1];
    free_count--;
}

uint64_t ipc_vaddr_reserve(uint64_t pages)
{
    if (pages == 0 || pages > (MICA_PROC_DYNAMIC_END - MICA_PROC_DYNAMIC_BASE) / MICA_PAGE_SIZE)
        return 0;
    uint64_t bytes = span_bytes(pages);
    for (unsigned i = 0; i < free_count; i++) {
        struct range *r = &free_ranges[i];
        if (r->bytes < bytes)
            continue;
        uint64_t va = r->start;
        r->start += bytes;
        r->bytes -= bytes;
        if (r->bytes == 0)
            remove_range(i);
        return va;
    }
    if (bytes > MICA_PROC_DYNAMIC_END - next_free)
        return 0;
    uint64_t va = next_free;
    next_free += bytes;
    return va;
}

void ipc_vaddr_release(uint64_t va, uint64_t pages)
{
    uint64_t bytes = span_bytes(pages);
    if (pages == 0 || va < MICA_PROC_DYNAMIC_BASE || va % MICA_PAGE_SIZE ||
        va > next_free || bytes > next_free - va)
        return; /* not a range ipc_vaddr_reserve handed out */
    unsigned i = 0;
    while (i < free_count && free_ranges[i].start < va)
        i++;
    if (i > 0 && free_ranges[i - 1].start + free_ranges[i - 1].bytes == va) {
        i--;
        free_ranges[i].bytes += bytes;
    } else {
        if (free_count == FREE_RANGES_MAX)
            return;
        for (unsigned j = free_count; j > i; j--)
            free_ranges[j] = free_ranges[j - 1];
        free_ranges[i] = (struct range){ va, bytes };
        free_count++;
    }
    struct range *r = &free_ranges[i];
    if (i + 1 < free_count && r->start + r->bytes == free_ranges[i + 1].start) {
        r->bytes += free_ranges[i + 1].bytes;
        remove_range(i + 1);
    }
    if (r->start + r->bytes == next_free) {
        next_free = r->start; /* the top of the bump region comes back */
        remove_range(i);
    }
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
        ipc_vaddr_release(va, pages);
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
    ipc_vaddr_release((uint64_t)(uintptr_t)addr, pages);
}
