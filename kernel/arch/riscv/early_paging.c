/* The boot page table, built with the MMU off. It maps the kernel image both
 * at its physical address (so the instructions around the satp write keep
 * running) and at KERNEL_VBASE, plus the DTB through the direct map so kmain
 * can parse it. vm_init() replaces it with the real kernel table.
 * Runs before paging: everything here is pc-relative (medany), no jump
 * tables, no absolute pointers. */
#include <stdint.h>
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/pte.h"
#include "fdt.h"

#define MEGAPAGE (1ull << 21)

extern char _start[], __image_end[];

static pte_t early_root[PTES_PER_TABLE] __attribute__((aligned(4096)));
static pte_t early_l1_identity[PTES_PER_TABLE] __attribute__((aligned(4096)));
static pte_t early_l1_kernel[PTES_PER_TABLE] __attribute__((aligned(4096)));
static pte_t early_l1_dtb[PTES_PER_TABLE] __attribute__((aligned(4096)));

uint64_t early_paging_setup(uint64_t dtb_pa);

static void map_megapages(pte_t *l1, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
    uint64_t end = va + size;
    for (va &= ~(MEGAPAGE - 1), pa &= ~(MEGAPAGE - 1); va < end; va += MEGAPAGE, pa += MEGAPAGE)
        l1[vpn_index(va, 1)] = pte_make(pa, flags | PTE_V | PTE_A | PTE_D);
}

static void link_l1(uint64_t va, pte_t *l1)
{
    early_root[vpn_index(va, 2)] = pte_make((uint64_t)(uintptr_t)l1, PTE_V);
}

__attribute__((optimize("no-jump-tables"))) uint64_t early_paging_setup(uint64_t dtb_pa)
{
    uint64_t load_pa = (uint64_t)(uintptr_t)_start;
    uint64_t image_size = (uint64_t)(__image_end - _start);
    uint64_t rwx = PTE_R | PTE_W | PTE_X;

    map_megapages(early_l1_identity, load_pa, load_pa, image_size, rwx);
    link_l1(load_pa, early_l1_identity);
    map_megapages(early_l1_kernel, KERNEL_VBASE, load_pa, image_size, rwx | PTE_G);
    link_l1(KERNEL_VBASE, early_l1_kernel);

    /* Map the DTB only if it looks like one; kmain reports a bad blob. The
     * totalsize is capped so a corrupt header cannot make us map the world. */
    const uint8_t *dtb = (const uint8_t *)(uintptr_t)dtb_pa;
    if (dtb_pa && (dtb_pa & 3) == 0 && fdt_peek_totalsize(dtb) != 0 &&
        ((uint32_t)dtb[0] << 24 | (uint32_t)dtb[1] << 16 | (uint32_t)dtb[2] << 8 | dtb[3]) == FDT_MAGIC) {
        uint64_t size = fdt_peek_totalsize(dtb);
        if (size > MEGAPAGE)
            size = MEGAPAGE;
        uint64_t va = PHYS_MAP_BASE + dtb_pa;
        /* A DTB straddling a gigabyte boundary would need a second table; the
         * real kernel table covers it, and kmain rejects what it cannot read. */
        map_megapages(early_l1_dtb, va, dtb_pa, size, PTE_R | PTE_G);
        link_l1(va, early_l1_dtb);
    }
    return SATP_MODE_SV39 | SATP_PPN((uint64_t)(uintptr_t)early_root);
}
