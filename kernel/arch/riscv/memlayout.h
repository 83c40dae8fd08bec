/* Sv39 virtual memory layout. User space owns the lower half; the kernel
 * owns the upper half: a direct map of physical memory at PHYS_MAP_BASE and
 * the kernel image at KERNEL_VBASE (mapped to wherever it was loaded). */
#pragma once

#define KERNEL_VBASE 0xffffffff80000000ull
#define PHYS_MAP_BASE 0xffffffc000000000ull
/* The direct map may cover physical addresses below this bound. */
#define PHYS_MAP_LIMIT (KERNEL_VBASE - PHYS_MAP_BASE - (1ull << 30))
#define USER_VA_END 0x0000004000000000ull

#define KERNEL_STACK_SIZE 16384ull

#ifndef __ASSEMBLER__
#include <stdint.h>
static inline void *phys_to_virt(uint64_t pa)
{
    return (void *)(uintptr_t)(PHYS_MAP_BASE + pa);
}
static inline uint64_t virt_to_phys(const void *va)
{
    return (uint64_t)(uintptr_t)va - PHYS_MAP_BASE;
}
/* Set once by boot: physical address the kernel image was loaded at. */
extern uint64_t kernel_load_pa;
static inline uint64_t kernel_image_to_phys(const void *va)
{
    return (uint64_t)(uintptr_t)va - KERNEL_VBASE + kernel_load_pa;
}
#endif
