/* Sv39 page-table entry format (RISC-V privileged spec, section 4.4). */
#pragma once
#include <stdint.h>

typedef uint64_t pte_t;

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
/* A and D are set up front: not every implementation updates them in hardware. */
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_LEAF_MASK (PTE_R | PTE_W | PTE_X)

#define PTE_PPN_SHIFT 10
#define PTES_PER_TABLE 512
#define VPN_BITS 9

static inline pte_t pte_make(uint64_t pa, uint64_t flags)
{
    return (pa >> 12) << PTE_PPN_SHIFT | flags;
}
static inline uint64_t pte_pa(pte_t pte)
{
    return (pte >> PTE_PPN_SHIFT) << 12 & ((1ull << 56) - 1);
}
static inline unsigned vpn_index(uint64_t va, int level)
{
    return (va >> (12 + VPN_BITS * level)) & (PTES_PER_TABLE - 1);
}
static inline uint64_t level_page_size(int level)
{
    return 1ull << (12 + VPN_BITS * level);
}
