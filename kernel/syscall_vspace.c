/* Mapping syscalls. decode_vspace_map checks alignment, range, rights
 * (never writable and executable together, in one mapping or across two;
 * device memory never executable), that the target pages are empty, and
 * that the quota and the page allocator can give the page-table pages the
 * mapping needs, changing nothing; invoke_vspace_map then takes them and
 * cannot fail (nothing else runs in between: the big kernel lock,
 * kernel_assert_exclusive). */
#include "arch/riscv/memlayout.h"
#include "frame.h"
#include "mica/abi/errno.h"
#include "syscall.h"
#include "vm.h"
#include "vspace.h"

#define MAX_TABLES_PER_MAP 64

struct map_request {
    struct vspace *vs;
    struct cap *frame_cap;
    struct quota *quota; /* pays for the tables */
    uint64_t vaddr, pte_flags;
    long table_count;
};

static long decode_vspace_map(struct thread *t, struct map_request *r)
{
    struct cap *vc, *fc, *qc;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_VSPACE, MICA_RIGHT_ADMIN, &vc);
    if (err || (err = decode_cap(t, syscall_arg(t, 1), MICA_CAP_NULL, 0, &fc)) ||
        (err = decode_cap(t, syscall_arg(t, 4), MICA_CAP_QUOTA, MICA_RIGHT_ADMIN, &qc)))
        return err;
    if (fc->type != MICA_CAP_FRAME && fc->type != MICA_CAP_DEVICE_FRAME)
        return -MICA_ENOTTY;
    uint64_t vaddr = syscall_arg(t, 2), rights = syscall_arg(t, 3);
    struct frame *f = (struct frame *)fc->object;
    if (rights & ~(uint64_t)(MICA_RIGHT_READ | MICA_RIGHT_WRITE | MICA_RIGHT_EXEC) || rights == 0)
        return -MICA_EINVAL;
    if ((rights & fc->rights) != rights)
        return -MICA_EACCES;
    if ((rights & MICA_RIGHT_WRITE) && (rights & MICA_RIGHT_EXEC))
        return -MICA_EINVAL; /* W^X */
    if ((rights & MICA_RIGHT_EXEC) && f->device)
        return -MICA_EINVAL;
    /* W^X across mappings: code someone can write is refused wherever the
     * writable mapping is (another cap, another address space). A loader
     * writes, unmaps, then maps executable. */
    if (((rights & MICA_RIGHT_EXEC) && f->writable_maps) ||
        ((rights & MICA_RIGHT_WRITE) && f->exec_maps))
        return -MICA_EPERM;
    if (vaddr % PAGE_SIZE || vaddr >= USER_VA_END || f->size > USER_VA_END - vaddr)
        return -MICA_EINVAL;
    if (fc->mapped_in)
        return -MICA_EBUSY;  /* one mapping per cap: copy the cap to map again */
    r->vs = (struct vspace *)vc->object;
    struct quota *q = (struct quota *)qc->object;
    if (r->vs->pt_quota && r->vs->pt_quota != q)
        return -MICA_EINVAL; /* one quota pays for all of a space's tables */
    long needed = vspace_tables_needed(r->vs, vaddr, f->size);
    if (needed < 0)
        return -MICA_EEXIST;
    if (needed > MAX_TABLES_PER_MAP)
        return -MICA_E2BIG;
    if (!quota_covers(q, (uint64_t)needed * PAGE_SIZE) || kernel_pmm.free_pages < (uint64_t)needed)
        return -MICA_ENOMEM;
    r->quota = q;
    r->table_count = needed;
    r->frame_cap = fc;
    r->vaddr = vaddr;
    r->pte_flags = ((rights & MICA_RIGHT_READ) ? PTE_R : 0) | ((rights & MICA_RIGHT_WRITE) ? PTE_W | PTE_R : 0) |
                   ((rights & MICA_RIGHT_EXEC) ? PTE_X : 0);
    return 0;
}

static void invoke_vspace_map(const struct map_request *r)
{
    uint64_t tables[MAX_TABLES_PER_MAP];
    bool charged = quota_charge(r->quota, (uint64_t)r->table_count * PAGE_SIZE);
    kassert(charged, "decode_vspace_map saw the quota cover the tables");
    for (long i = 0; i < r->table_count; i++) {
        tables[i] = pmm_alloc_page(&kernel_pmm);
        kassert(tables[i], "decode_vspace_map saw enough free pages for the tables");
    }
    if (!r->vs->pt_quota) {
        r->vs->pt_quota = r->quota;
        kobj_get(&r->quota->obj);
    }
    vspace_map_cap(r->vs, r->frame_cap, r->vaddr, r->pte_flags, tables, r->table_count);
}

long sys_vspace_map(struct thread *t)
{
    struct map_request r;
    long err = decode_vspace_map(t, &r);
    if (err)
        return err;
    invoke_vspace_map(&r);
    return 0;
}

/* Unmaps whichever caps are mapped at pages of [vaddr, vaddr + pages). */
long sys_vspace_unmap(struct thread *t)
{
    struct cap *vc;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_VSPACE, MICA_RIGHT_ADMIN, &vc);
    if (err)
        return err;
    uint64_t vaddr = syscall_arg(t, 1), pages = syscall_arg(t, 2);
    if (vaddr % PAGE_SIZE || vaddr >= USER_VA_END || pages > (USER_VA_END - vaddr) / PAGE_SIZE)
        return -MICA_EINVAL;
    struct vspace *vs = (struct vspace *)vc->object;
    uint64_t end = vaddr + pages * PAGE_SIZE;
    long unmapped = 0;
    struct cap *c = vs->mappings;
    while (c) {
        struct cap *next = c->map_next;
        struct frame *f = (struct frame *)c->object;
        if (c->map_vaddr < end && c->map_vaddr + f->size > vaddr) {
            vspace_unmap_cap(c);
            unmapped++;
        }
        c = next;
    }
    return unmapped;
}
