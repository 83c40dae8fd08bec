/* DMA frames come from MICA_SERVER_SLOT_DMA_QUOTA, not the server's own
 * quota, so the device memory a driver can pin is bounded by its manifest. */
#include <mica/cap.h>
#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/server_info.h>

#include "dma.h"

#define PAGE 4096u

long dma_alloc(struct dma_region *r, uint64_t bytes, const char **what)
{
    uint64_t pages = (bytes + PAGE - 1u) / PAGE;
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return *what = "no free slot", slot;
    long err = mica_sys_obj_create(MICA_SERVER_SLOT_DMA_QUOTA, MICA_CAP_FRAME, (long)pages, slot);
    if (err < 0) {
        ipc_slot_free(slot);
        return *what = "creating a frame from the DMA quota", err;
    }
    struct mica_sysret2 info = ipc_frame_info(slot);
    if (info.value < 0 || info.second == 0 || (uint64_t)info.value < pages * PAGE) {
        ipc_cap_drop(slot);
        return *what = "frame_info gave no physical address", info.value < 0 ? info.value : -MICA_EACCES;
    }
    uint64_t va = ipc_vaddr_reserve(pages);
    if (!va) {
        ipc_cap_drop(slot);
        return *what = "no address space left", -MICA_ENOMEM;
    }
    err = mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, slot, (long)va,
                              MICA_RIGHT_READ | MICA_RIGHT_WRITE, MICA_SLOT_QUOTA);
    if (err < 0) {
        ipc_vaddr_release(va, pages);
        ipc_cap_drop(slot);
        return *what = "mapping a DMA frame", err;
    }
    *r = (struct dma_region){ (uint8_t *)(uintptr_t)va, info.second, pages * PAGE, slot };
    return 0;
}

void dma_free(struct dma_region *r)
{
    ipc_frame_unmap(r->va, r->bytes / PAGE, r->frame);
    *r = (struct dma_region){ 0 };
}
