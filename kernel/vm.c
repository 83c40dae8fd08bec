/* Kernel page-table construction and the shared Sv39 walk. */
#include "vm.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "console.h"
#include "lib/kstring.h"
#include "panic.h"

#define BOOT_TABLE_PAGES 64

struct pmm kernel_pmm;

static pte_t boot_tables[BOOT_TABLE_PAGES][PTES_PER_TABLE] __attribute__((aligned(4096)));
static unsigned boot_tables_used;
static pte_t *kernel_root;
/* Page-table pages come from the pmm once the direct map is live. */
static bool direct_map_live;
static bool user_roots_exist;

extern char _start[], __text_end[], __rodata_end[], __image_end[];

static uint64_t table_to_phys(pte_t *table)
{
    uint64_t va = (uint64_t)(uintptr_t)table;
    return va >= KERNEL_VBASE ? kernel_image_to_phys(table) : virt_to_phys(table);
}

static pte_t *alloc_table(void)
{
    pte_t *t = NULL;
    if (boot_tables_used < BOOT_TABLE_PAGES) {
        t = boot_tables[boot_tables_used++];
    } else if (direct_map_live) {
        uint64_t pa = pmm_alloc_page(&kernel_pmm);
        if (pa)
            t = phys_to_virt(pa);
    }
    if (t)
        memset(t, 0, PAGE_SIZE);
    return t;
}

static pte_t *next_level(pte_t *entry, bool alloc)
{
    if (*entry & PTE_V) {
        if (*entry & PTE_LEAF_MASK)
            return NULL;
        uint64_t pa = pte_pa(*entry);
        /* Boot-pool tables live in the image; everything else in the direct map. */
        uint64_t pool_pa = kernel_image_to_phys(boot_tables);
        if (pa >= pool_pa && pa < pool_pa + sizeof boot_tables)
            return (pte_t *)((uint8_t *)boot_tables + (pa - pool_pa));
        return phys_to_virt(pa);
    }
    if (!alloc)
        return NULL;
    pte_t *t = alloc_table();
    if (!t)
        return NULL;
    *entry = pte_make(table_to_phys(t), PTE_V);
    return t;
}

pte_t *vm_lookup(pte_t *root, uint64_t va)
{
    pte_t *table = root;
    for (int level = 2; level >= 0; level--) {
        pte_t *e = &table[vpn_index(va, level)];
        if (!(*e & PTE_V))
            return NULL;
        if (*e & PTE_LEAF_MASK)
            return e;
        table = next_level(e, false);
        if (!table)
            return NULL;
    }
    return NULL;
}

bool vm_map(pte_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, bool allow_large)
{
    while (size) {
        int level = 0;
        if (allow_large) {
            for (level = 2; level > 0; level--) {
                uint64_t ps = level_page_size(level);
                if (((va | pa) & (ps - 1)) == 0 && size >= ps)
                    break;
            }
        }
        pte_t *table = root;
        for (int l = 2; l > level; l--) {
            table = next_level(&table[vpn_index(va, l)], true);
            if (!table)
                return false;
        }
        pte_t *e = &table[vpn_index(va, level)];
        if (*e & PTE_V)
            return false;
        *e = pte_make(pa, flags | PTE_V | PTE_A | PTE_D);
        uint64_t ps = level_page_size(level);
        va += ps;
        pa += ps;
        size -= ps;
    }
    return true;
}

pte_t *vm_kernel_root(void)
{
    return kernel_root;
}

uint64_t vm_kernel_satp(void)
{
    return SATP_MODE_SV39 | SATP_PPN(table_to_phys(kernel_root));
}

void vm_share_kernel_half(pte_t *user_root)
{
    user_roots_exist = true;
    for (unsigned i = PTES_PER_TABLE / 2; i < PTES_PER_TABLE; i++)
        user_root[i] = kernel_root[i];
}

static void map_image_part(const char *from, const char *to, uint64_t flags)
{
    uint64_t va = (uint64_t)(uintptr_t)from;
    uint64_t size = (uint64_t)(to - from);
    if (!vm_map(kernel_root, va, kernel_image_to_phys(from), size, flags | PTE_G, false))
        panic("vm: cannot map kernel image at %lx", va);
}

/* Maps RAM bank [base, end) minus no-map reservations, in pieces. */
static void map_ram_bank(const struct machine_info *m, uint64_t base, uint64_t end)
{
    while (base < end) {
        uint64_t piece_end = end;
        bool skip = false;
        for (unsigned r = 0; r < m->reserved_count; r++) {
            if (!m->reserved_no_map[r])
                continue;
            uint64_t rb = m->reserved[r].base & ~(PAGE_SIZE - 1);
            uint64_t re = (m->reserved[r].base + m->reserved[r].size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
            if (rb <= base && re > base) {
                base = re;
                skip = true;
                break;
            }
            if (rb > base && rb < piece_end)
                piece_end = rb;
        }
        if (skip)
            continue;
        if (!vm_map(kernel_root, PHYS_MAP_BASE + base, base, piece_end - base, PTE_R | PTE_W | PTE_G, true))
            panic("vm: cannot map RAM %lx-%lx", base, piece_end);
        base = piece_end;
    }
}

volatile void *vm_map_kernel_mmio(uint64_t pa, uint64_t size)
{
    uint64_t start = pa & ~(PAGE_SIZE - 1);
    uint64_t end = (pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    uint64_t mega = level_page_size(1);
    if (start % mega == 0 && (end - start) % mega == 0 && !vm_lookup(kernel_root, PHYS_MAP_BASE + start)) {
        /* Large register windows (the PLIC) take megapages. */
        if (!vm_map(kernel_root, PHYS_MAP_BASE + start, start, end - start, PTE_R | PTE_W | PTE_G, true))
            return NULL;
        arch_sfence_vma_all();
        return phys_to_virt(pa);
    }
    for (uint64_t p = start; p < end; p += PAGE_SIZE) {
        pte_t *e = vm_lookup(kernel_root, PHYS_MAP_BASE + p);
        if (e)
            continue; /* already mapped (shared page) */
        /* User roots copy the kernel's root entries once, so after the first
         * address space exists a new root entry would be invisible to it. */
        kassert(!user_roots_exist || (kernel_root[vpn_index(PHYS_MAP_BASE + p, 2)] & PTE_V),
                "kernel MMIO mapped before the first user address space");
        if (!vm_map(kernel_root, PHYS_MAP_BASE + p, p, PAGE_SIZE, PTE_R | PTE_W | PTE_G, false))
            return NULL;
    }
    arch_sfence_vma_all();
    return phys_to_virt(pa);
}

void vm_init(const struct machine_info *m)
{
    kernel_root = alloc_table();
    map_image_part(_start, __text_end, PTE_R | PTE_X);
    map_image_part(__text_end, __rodata_end, PTE_R);
    map_image_part(__rodata_end, __image_end, PTE_R | PTE_W);
    for (unsigned i = 0; i < m->ram_count; i++) {
        uint64_t base = m->ram[i].base, end = base + m->ram[i].size;
        if (end > PHYS_MAP_LIMIT)
            end = PHYS_MAP_LIMIT;
        map_ram_bank(m, base & ~(PAGE_SIZE - 1), end & ~(PAGE_SIZE - 1));
    }
    csr_write_satp(vm_kernel_satp());
    arch_sfence_vma_all();
    direct_map_live = true;
}
