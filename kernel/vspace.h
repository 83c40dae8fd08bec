/* Address spaces: a Sv39 root table whose upper half is the kernel's, and
 * the list of frame capabilities mapped into the lower half. Each frame cap
 * maps exactly one range, so deleting the cap finds and removes its mapping. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
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
