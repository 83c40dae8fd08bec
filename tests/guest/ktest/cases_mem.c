/* Address spaces and frames: mapping rules (W^X across mappings too),
 * sharing through copied caps, unmapping, and physical addresses only with
 * the DMA right. */
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

#include "ktest.h"

static const char *map_share_unmap(void)
{
    long frame, err, copy;
    uint32_t *a = ipc_frame_map_new(2, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    KT_TRUE(a != 0);
    /* A cap maps once; a copy maps the same memory again. */
    uint64_t spare = ipc_vaddr_reserve(2);
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, frame, (long)spare, MICA_RIGHT_READ,
                              MICA_SLOT_QUOTA),
          -MICA_EBUSY);
    const uint32_t *b = ipc_frame_map_copy(frame, 2, MICA_RIGHT_READ, &copy, &err);
    KT_TRUE(b != 0);
    a[0] = 0xfeedf00d;
    a[2047] = 0x5eed;
    KT_EQ(b[0], 0xfeedf00d);
    KT_EQ(b[2047], 0x5eed);
    /* Something is mapped there already. */
    long other = ipc_obj_create(MICA_CAP_FRAME, 1);
    KT_OK(other);
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, other, (long)(uintptr_t)b + MICA_PAGE_SIZE,
                              MICA_RIGHT_READ, MICA_SLOT_QUOTA),
          -MICA_EEXIST);
    /* After unmapping, the kernel no longer finds the pages. */
    KT_EQ(mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)b, 2), 1);
    KT_EQ(mica_sys_debug_write((long)(uintptr_t)b, 1), -MICA_EFAULT);
    KT_EQ(mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)b, 2), 0);
    /* The cap can be mapped again once unmapped. */
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, copy, (long)(uintptr_t)b, MICA_RIGHT_READ,
                              MICA_SLOT_QUOTA),
          0);
    KT_EQ(b[0], 0xfeedf00d);
    /* Deleting a mapped cap unmaps it. */
    KT_EQ(ipc_cap_drop(copy), 0);
    KT_EQ(mica_sys_debug_write((long)(uintptr_t)b, 1), -MICA_EFAULT);
    KT_EQ(mica_sys_debug_write((long)(uintptr_t)a, 0), 0);
    ipc_frame_unmap(a, 2, frame);
    KT_EQ(ipc_cap_drop(other), 0);
    return 0;
}

static const char *physical_address_needs_dma(void)
{
    long frame = ipc_obj_create(MICA_CAP_FRAME, 1);
    long no_dma = ipc_slot_alloc();
    KT_OK(frame);
    struct mica_sysret2 info = ipc_frame_info(frame);
    KT_EQ(info.value, MICA_PAGE_SIZE);
    KT_TRUE(info.second != 0 && info.second % MICA_PAGE_SIZE == 0);
    KT_EQ(mica_sys_cap_copy(0, no_dma, frame, MICA_RIGHTS_ALL & ~MICA_RIGHT_DMA), 0);
    KT_EQ(ipc_frame_info(no_dma).second, 0);
    KT_EQ(ipc_cap_drop(no_dma), 0);
    KT_EQ(ipc_cap_drop(frame), 0);
    return 0;
}

static const char *new_frames_are_zero(void)
{
    long frame, err;
    const uint8_t *p = ipc_frame_map_new(4, MICA_RIGHT_READ, &frame, &err);
    KT_TRUE(p != 0);
    for (unsigned i = 0; i < 4 * MICA_PAGE_SIZE; i++)
        if (p[i])
            return ktest_why("byte %u of a new frame is 0x%x", i, p[i]);
    ipc_frame_unmap((void *)p, 4, frame);
    return 0;
}

/* Released addresses come back: a process that maps and unmaps forever
 * (init loading servers) keeps a bounded address space. */
static const char *released_addresses_are_reused(void)
{
    /* Releasing restores the allocator's state: the same request gets the
     * same range again. */
    uint64_t a = ipc_vaddr_reserve(3);
    KT_TRUE(a != 0);
    ipc_vaddr_release(a, 3);
    KT_EQ(ipc_vaddr_reserve(3), a);
    ipc_vaddr_release(a, 3);
    for (int i = 0; i < 1000; i++) { /* ten times what the region holds */
        uint64_t va = ipc_vaddr_reserve(1000);
        KT_TRUE(va != 0);
        ipc_vaddr_release(va, 1000);
    }
    long frame, err;
    void *p = ipc_frame_map_new(4, MICA_RIGHT_READ, &frame, &err);
    KT_TRUE(p != 0);
    ipc_frame_unmap(p, 4, frame);
    KT_EQ((uint64_t)(uintptr_t)ipc_frame_map_new(4, MICA_RIGHT_READ, &frame, &err), (uint64_t)(uintptr_t)p);
    ipc_frame_unmap(p, 4, frame);
    return 0;
}

/* W^X across mappings: a frame mapped writable anywhere cannot be mapped
 * executable through another cap or in another address space, and the
 * reverse; unmapping the one lets the other in (what a loader does). */
static const char *wx_across_mappings(void)
{
    const unsigned rw = MICA_RIGHT_READ | MICA_RIGHT_WRITE, rx = MICA_RIGHT_READ | MICA_RIGHT_EXEC;
    long frame, err, copy = ipc_slot_alloc(), other = ipc_obj_create(MICA_CAP_VSPACE, 0);
    KT_OK(other);
    uint8_t *w = ipc_frame_map_new(1, rw, &frame, &err);
    KT_TRUE(w != 0);
    KT_EQ(mica_sys_cap_copy(0, copy, frame, MICA_RIGHTS_ALL), 0);
    uint64_t x = ipc_vaddr_reserve(1);
    /* Writable here: executable nowhere, not here, not in another space. */
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, copy, (long)x, rx, MICA_SLOT_QUOTA),
          -MICA_EPERM);
    KT_EQ(mica_sys_vspace_map(other, copy, 0x10000000, MICA_RIGHT_EXEC, MICA_SLOT_QUOTA),
          -MICA_EPERM);
    /* A pin is the same frame. */
    long pin = ipc_frame_pin(frame);
    KT_OK(pin);
    KT_EQ(mica_sys_vspace_map(other, pin, 0x10000000, rx, MICA_SLOT_QUOTA), -MICA_EPERM);
    /* Read-only beside it is fine. */
    KT_EQ(mica_sys_vspace_map(other, pin, 0x10000000, MICA_RIGHT_READ, MICA_SLOT_QUOTA), 0);
    KT_EQ(mica_sys_vspace_unmap(other, 0x10000000, 1), 1);
    /* Written, unmapped, then executable: the loader's order. */
    w[0] = 0x13; /* nop */
    KT_EQ(mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)w, 1), 1);
    ipc_vaddr_release((uint64_t)(uintptr_t)w, 1);
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, copy, (long)x, rx, MICA_SLOT_QUOTA), 0);
    KT_EQ(((volatile uint8_t *)(uintptr_t)x)[0], 0x13);
    /* Executable here: writable nowhere. */
    uint64_t w2 = ipc_vaddr_reserve(1);
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, frame, (long)w2, rw, MICA_SLOT_QUOTA),
          -MICA_EPERM);
    KT_EQ(mica_sys_vspace_map(other, pin, 0x10000000, MICA_RIGHT_WRITE, MICA_SLOT_QUOTA),
          -MICA_EPERM);
    /* Deleting the mapped cap ends its mapping, and the count with it. */
    KT_EQ(ipc_cap_drop(copy), 0);
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, frame, (long)w2, rw, MICA_SLOT_QUOTA), 0);
    KT_EQ(mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)w2, 1), 1);
    ipc_vaddr_release(w2, 1);
    ipc_vaddr_release(x, 1);
    KT_EQ(ipc_cap_drop(pin), 0);
    KT_EQ(ipc_cap_drop(frame), 0);
    KT_EQ(ipc_cap_drop(other), 0);
    return 0;
}

const struct ktest_case ktest_mem_cases[] = {
    { "mem.map-share-unmap", map_share_unmap },
    { "mem.dma-right", physical_address_needs_dma },
    { "mem.zeroed-frames", new_frames_are_zero },
    { "mem.vaddr-reuse", released_addresses_are_reused },
    { "mem.wx-across-mappings", wx_across_mappings },
    { 0, 0 },
};
