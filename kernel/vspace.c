/* Address-space objects and their page tables. Page-table pages are
 * counted and charged before a mapping starts, so a map either completes
 * or changes nothing. */
#include "vspace.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/sbi.h"
#include "hart.h"
#include "frame.h"
#include "lib/kstring.h"
#include "mica/abi/errno.h"
#include "panic.h"
#include "vm.h"

struct vspace *vspace_create(struct quota *q, long *err)
{
    if (!quota_charge(q, PAGE_SIZE)) {
        *err = -MICA_ENOMEM;
        return NULL;
    }
    uint64_t root_pa = pmm_alloc_page(&kernel_pmm);
    struct vspace *vs = root_pa ? kobj_alloc(q, MICA_CAP_VSPACE, sizeof *vs, err) : NULL;
    if (!vs) {
        if (root_pa)
            pmm_free(&kernel_pmm, root_pa, 1);
        quota_refund(q, PAGE_SIZE);
        *err = -MICA_ENOMEM;
        return NULL;
    }
    vs->root = phys_to_virt(root_pa);
    memset(vs->root, 0, PAGE_SIZE);
    vm_share_kernel_half(vs->root);
    vs->satp = SATP_MODE_SV39 | SATP_PPN(root_pa);
    return vs;
}

static pte_t *table_of(pte_t e)
{
    return phys_to_virt(pte_pa(e));
}

long vspace_tables_needed(struct vspace *vs, uint64_t vaddr, uint64_t size)
{
    long needed = 0;
    uint64_t counted_l1 = UINT64_MAX, counted_l0 = UINT64_MAX;
    for (uint64_t va = vaddr; va < vaddr + size; va += PAGE_SIZE) {
        pte_t e2 = vs->root[vpn_index(va, 2)];
        if (!(e2 & PTE_V)) {
            /* Both the L1 and the L0 table are missing; count each once. */
            if (counted_l1 != (va >> 30)) {
                counted_l1 = va >> 30;
                needed++;
            }
            if (counted_l0 != (va >> 21)) {
                counted_l0 = va >> 21;
                needed++;
            }
            continue;
        }
        pte_t e1 = table_of(e2)[vpn_index(va, 1)];
        if (!(e1 & PTE_V)) {
            if (counted_l0 != (va >> 21)) {
                counted_l0 = va >> 21;
                needed++;
            }
            continue;
        }
        if (table_of(e1)[vpn_index(va, 0)] & PTE_V)
            return -1;
    }
    return needed;
}

static pte_t *table_or_new(pte_t *entry, uint64_t *tables, long *used, long count)
{
    if (!(*entry & PTE_V)) {
        kassert(*used < count, "page-table pages were counted before mapping");
        uint64_t pa = tables[(*used)++];
        memset(phys_to_virt(pa), 0, PAGE_SIZE);
        *entry = pte_make(pa, PTE_V);
    }
    return table_of(*entry);
}

void vspace_map_cap(struct vspace *vs, struct cap *c, uint64_t vaddr, uint64_t flags, uint64_t *tables,
                    long count)
{
    struct frame *f = (struct frame *)c->object;
    long used = 0;
    for (uint64_t off = 0; off < f->size; off += PAGE_SIZE) {
        uint64_t va = vaddr + off;
        pte_t *l1 = table_or_new(&vs->root[vpn_index(va, 2)], tables, &used, count);
        pte_t *l0 = table_or_new(&l1[vpn_index(va, 1)], tables, &used, count);
        kassert(!(l0[vpn_index(va, 0)] & PTE_V), "mapping targets were checked empty");
        l0[vpn_index(va, 0)] = pte_make(f->phys + off, flags | PTE_V | PTE_U | PTE_A | PTE_D);
    }
    vs->pt_pages += (uint64_t)used;
    for (long i = used; i < count; i++) {
        pmm_free(&kernel_pmm, tables[i], 1);
        quota_refund(vs->pt_quota, PAGE_SIZE);
    }
    c->map_vaddr = vaddr;
    c->map_flags = (uint16_t)(flags & (PTE_W | PTE_X));
    f->writable_maps += (flags & PTE_W) != 0;
    f->exec_maps += (flags & PTE_X) != 0;
    kassert(!(f->writable_maps && f->exec_maps), "a frame is never writable and executable at once");
    c->mapped_in = vs;
    c->map_prev = NULL;
    c->map_next = vs->mappings;
    if (vs->mappings)
        vs->mappings->map_prev = c;
    vs->mappings = c;
    kobj_get(&vs->obj);
}

void vspace_unmap_cap(struct cap *c)
{
    struct vspace *vs = c->mapped_in;
    struct frame *f = (struct frame *)c->object;
    for (uint64_t off = 0; off < f->size; off += PAGE_SIZE) {
        uint64_t va = c->map_vaddr + off;
        pte_t e2 = vs->root[vpn_index(va, 2)];
        if (!(e2 & PTE_V))
            continue;
        pte_t e1 = table_of(e2)[vpn_index(va, 1)];
        if (!(e1 & PTE_V))
            continue;
        table_of(e1)[vpn_index(va, 0)] = 0;
    }
    /* The page may be in any hart's TLB under this space's translation:
     * the other harts' entries are gone when the SBI call returns, before
     * the frame can be freed and reused. */
    arch_sfence_vma_all();
    uint64_t others = harts_other_online();
    if (others)
        sbi_remote_sfence_vma(others, c->map_vaddr, f->size);
    if (c->map_prev)
        c->map_prev->map_next = c->map_next;
    else
        vs->mappings = c->map_next;
    if (c->map_next)
        c->map_next->map_prev = c->map_prev;
    if (c->map_flags & PTE_W) {
        kassert(f->writable_maps > 0, "a writable mapping was counted");
        f->writable_maps--;
    }
    if (c->map_flags & PTE_X) {
        kassert(f->exec_maps > 0, "an executable mapping was counted");
        f->exec_maps--;
    }
    c->map_flags = 0;
    c->mapped_in = NULL;
    c->map_next = c->map_prev = NULL;
    c->map_vaddr = 0;
    kobj_put(&vs->obj);
}

void vspace_mapping_moved(struct cap *to, struct cap *from)
{
    (void)from;
    if (to->map_prev)
        to->map_prev->map_next = to;
    else
        to->mapped_in->mappings = to;
    if (to->map_next)
        to->map_next->map_prev = to;
}

uint64_t vspace_translate(struct vspace *vs, uint64_t vaddr, uint64_t need)
{
    const pte_t *leaves = vspace_leaf_table(vs, vaddr);
    return leaves ? vspace_leaf_pa(leaves, vaddr, need) : 0;
}

void vspace_destroy(struct vspace *vs)
{
    /* No other hart's satp names it (hart_use_kernel_table); this one's
     * may still, from the thread that ran in it last. */
    if (this_hart()->active_satp == vs->satp)
        hart_use_kernel_table(this_hart());
    /* Every mapping holds a reference, so none can remain here. */
    kassert(vs->mappings == NULL, "a dying address space has no mappings");
    for (unsigned i = 0; i < PTES_PER_TABLE / 2; i++) {
        pte_t e2 = vs->root[i];
        if (!(e2 & PTE_V))
            continue;
        pte_t *l1 = table_of(e2);
        for (unsigned j = 0; j < PTES_PER_TABLE; j++)
            if (l1[j] & PTE_V)
                pmm_free(&kernel_pmm, pte_pa(l1[j]), 1);
        pmm_free(&kernel_pmm, pte_pa(e2), 1);
    }
    if (vs->pt_quota) {
        quota_refund(vs->pt_quota, vs->pt_pages * PAGE_SIZE);
        kobj_put(&vs->pt_quota->obj);
    }
    pmm_free(&kernel_pmm, virt_to_phys(vs->root), 1);
    quota_refund(vs->obj.charged, PAGE_SIZE);
}
