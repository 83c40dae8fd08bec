/* Address spaces: a Sv39 root table whose upper half is the kernel's, and
 * the list of frame capabilities mapped into the lower half. Each frame cap
 * maps exactly one range, so deleting the cap finds and removes its mapping. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "arch/riscv/memlayout.h"
#include "arch/riscv/pte.h"
#include "cap.h"
#include "object.h"

struct vspace {
    struct kobj obj;
    pte_t *root;
    uint64_t satp;
    struct cap *mappings;       /* frame caps mapped here, linked by map_next */
    struct quota *pt_quota;     /* pays for this space's page tables (one reference) */
    uint64_t pt_pages;
};

struct vspace *vspace_create(struct quota *q, long *err);
void vspace_destroy(struct vspace *vs);

/* Page-table pages a mapping of [vaddr, vaddr+size) still needs; -1 when a
 * page in the range is already mapped. */
long vspace_tables_needed(struct vspace *vs, uint64_t vaddr, uint64_t size);
/* Maps cap's frame at vaddr with PTE flags; `tables` holds at least the
 * pages vspace_tables_needed() counted (unused ones are freed). */
void vspace_map_cap(struct vspace *vs, struct cap *frame_cap, uint64_t vaddr, uint64_t pte_flags,
                    uint64_t *tables, long table_count);
void vspace_unmap_cap(struct cap *frame_cap);
void vspace_mapping_moved(struct cap *to, struct cap *from);
/* Translates a user address for the kernel: the physical address if the page
 * is mapped user-accessible with all of `need` (PTE_R/PTE_W), else 0. */
uint64_t vspace_translate(struct vspace *vs, uint64_t vaddr, uint64_t need);

/* User mappings are 4 KiB pages only: the last-level table that holds
 * vaddr's entry (it maps the VSPACE_LEAF_SPAN around vaddr), or NULL when
 * there is none (or vaddr is not a user address). A walk over consecutive
 * pages looks it up once per span and reads one entry a page. */
#define VSPACE_LEAF_SPAN (1ull << (12 + VPN_BITS))
static inline const pte_t *vspace_leaf_table(const struct vspace *vs, uint64_t vaddr)
{
    if (vaddr >= USER_VA_END)
        return NULL;
    pte_t e2 = vs->root[vpn_index(vaddr, 2)];
    if (!(e2 & PTE_V) || (e2 & PTE_LEAF_MASK))
        return NULL;
    pte_t e1 = ((const pte_t *)phys_to_virt(pte_pa(e2)))[vpn_index(vaddr, 1)];
    if (!(e1 & PTE_V) || (e1 & PTE_LEAF_MASK))
        return NULL;
    return phys_to_virt(pte_pa(e1));
}

/* vaddr's physical address from its leaf table, as vspace_translate. */
static inline uint64_t vspace_leaf_pa(const pte_t *leaves, uint64_t vaddr, uint64_t need)
{
    pte_t e = leaves[vpn_index(vaddr, 0)];
    if (!(e & PTE_V) || !(e & PTE_U) || (e & need) != need)
        return 0;
    return pte_pa(e) + (vaddr & ((1ull << 12) - 1));
}
