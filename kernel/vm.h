/* Sv39 page tables: the kernel's own table (built once at boot) and the
 * helpers address spaces use to map and unmap pages. Page-table pages come
 * from a static boot pool until the allocator is up, then from the pmm. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "arch/riscv/pte.h"
#include "machine.h"
#include "pmm.h"

extern struct pmm kernel_pmm;

/* Builds and switches to the kernel table: image sections with their own
 * permissions, the direct map of RAM (minus no-map reservations) and the
 * MMIO pages the kernel itself drives. */
void vm_init(const struct machine_info *m);

/* Maps [va, va+size) to pa with `flags` (PTE_R/W/X/U/G), using the largest
 * pages alignment allows when `allow_large`. Returns false if a table page
 * could not be allocated or a leaf is already present. */
bool vm_map(pte_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, bool allow_large);
/* Maps one MMIO range into the direct map region so the kernel can reach it. */
volatile void *vm_map_kernel_mmio(uint64_t pa, uint64_t size);
/* Returns the leaf PTE for va (any level) or NULL. */
pte_t *vm_lookup(pte_t *root, uint64_t va);
/* Root table of the kernel; user roots copy its upper half. */
pte_t *vm_kernel_root(void);
uint64_t vm_kernel_satp(void);
/* Copies the kernel's upper-half root entries into a fresh user root. */
void vm_share_kernel_half(pte_t *user_root);
