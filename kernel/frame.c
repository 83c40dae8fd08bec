/* Frame objects. RAM frames are zeroed before anyone can map them, so no
 * data leaks from a previous owner. */
#include "frame.h"
#include "arch/riscv/memlayout.h"
#include "lib/kstring.h"
#include "mica/abi/errno.h"
#include "panic.h"
#include "vm.h"

struct frame *frame_create(struct quota *q, uint64_t pages, long *err)
{
    if (!quota_charge(q, pages * PAGE_SIZE)) {
        *err = -MICA_ENOMEM;
        return NULL;
    }
    struct frame *f = kobj_alloc(q, MICA_CAP_FRAME, sizeof *f, err);
    uint64_t pa = f ? pmm_alloc_contiguous(&kernel_pmm, pages, 1) : 0;
    if (!pa) {
        if (f) {
            /* The header alone goes back the ordinary way. */
            kobj_get(&f->obj);
            f->size = 0;
            kobj_put(&f->obj);
            *err = -MICA_ENOMEM;
        }
        quota_refund(q, pages * PAGE_SIZE);
        return NULL;
    }
    memset(phys_to_virt(pa), 0, pages * PAGE_SIZE);
    f->phys = pa;
    f->size = pages * PAGE_SIZE;
    return f;
}

struct frame *device_frame_create(uint64_t phys, uint64_t size, long *err)
{
    struct frame *f = kobj_alloc(NULL, MICA_CAP_DEVICE_FRAME, sizeof *f, err);
    if (!f)
        return NULL;
    f->phys = phys & ~(PAGE_SIZE - 1);
    f->size = ((phys + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - f->phys;
    f->device = 1;
    return f;
}

void frame_destroy(struct frame *f)
{
    kassert(!f->writable_maps && !f->exec_maps, "a dying frame has no mappings");
    if (f->device || f->size == 0)
        return;
    pmm_free(&kernel_pmm, f->phys, f->size / PAGE_SIZE);
    quota_refund(f->obj.charged, f->size);
}
