/* Physical page allocator: one bit per 4 KiB page of the span the RAM banks
 * cover. Reserved memory (firmware, kernel image, DTB, initrd, the bitmap
 * itself, holes between banks) is marked used at init and never handed out.
 * Ownership: one global instance, changed only by the one kernel path
 * running, under the big kernel lock (kernel_assert_exclusive). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "machine.h"

#define PAGE_SIZE 4096ull
#define PAGE_SHIFT 12

struct pmm {
    uint64_t base;          /* physical address of bit 0 */
    uint64_t page_count;    /* pages the bitmap covers */
    uint64_t *bitmap;       /* 1 = used; reached through the direct map */
    uint64_t *reserved;     /* 1 = never allocatable, so never freeable either */
    uint64_t free_pages;
    uint64_t total_free;    /* free pages right after init */
    uint64_t search_hint;   /* word index where the last allocation succeeded */
};

/* Builds the allocator. `to_virt` turns a physical address into a pointer
 * the caller can write (the direct map in the kernel, a buffer in tests).
 * Returns 0, or -1 when there is no RAM or no room for the bitmap. */
int pmm_init(struct pmm *pmm, const struct mem_range *ram, unsigned ram_count,
             const struct mem_range *reserved, unsigned reserved_count,
             void *(*to_virt)(uint64_t pa));

/* One page; 0 when memory is exhausted. Contents are not cleared. */
uint64_t pmm_alloc_page(struct pmm *pmm);
/* `count` physically contiguous pages aligned to `align_pages` (a power of two). */
uint64_t pmm_alloc_contiguous(struct pmm *pmm, uint64_t count, uint64_t align_pages);
/* Returns false (and changes nothing) if any page is outside RAM, reserved,
 * or already free. */
bool pmm_free(struct pmm *pmm, uint64_t pa, uint64_t count);
bool pmm_is_free(const struct pmm *pmm, uint64_t pa);
