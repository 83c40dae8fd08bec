/* Bitmap physical page allocator. Shared with the host tests, so it only
 * touches memory through the caller's to_virt() translation. */
#include "pmm.h"
#include "lib/kstring.h"

static bool bit_get(const struct pmm *p, uint64_t i)
{
    return (p->bitmap[i / 64] >> (i % 64)) & 1;
}

static bool is_reserved(const struct pmm *p, uint64_t i)
{
    return (p->reserved[i / 64] >> (i % 64)) & 1;
}

static void bit_set(struct pmm *p, uint64_t i, bool used)
{
    if (used)
        p->bitmap[i / 64] |= 1ull << (i % 64);
    else
        p->bitmap[i / 64] &= ~(1ull << (i % 64));
}

static uint64_t round_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Marks [base, base+size) used (page-rounded outward) within the bitmap span. */
static void mark_used(struct pmm *p, uint64_t base, uint64_t size)
{
    uint64_t end = base + size < base ? UINT64_MAX : base + size;
    uint64_t span_end = p->base + p->page_count * PAGE_SIZE;
    if (end <= p->base || base >= span_end)
        return;
    if (base < p->base)
        base = p->base;
    if (end > span_end)
        end = span_end;
    for (uint64_t i = (base - p->base) / PAGE_SIZE; i < (round_up(end, PAGE_SIZE) - p->base) / PAGE_SIZE; i++) {
        if (!bit_get(p, i))
            p->free_pages--;
        bit_set(p, i, true);
        p->reserved[i / 64] |= 1ull << (i % 64);
    }
}

static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
    return a < b + bs && b < a + as;
}

int pmm_init(struct pmm *p, const struct mem_range *ram, unsigned ram_count,
             const struct mem_range *reserved, unsigned reserved_count,
             void *(*to_virt)(uint64_t pa))
{
    uint64_t lo = UINT64_MAX, hi = 0;
    for (unsigned i = 0; i < ram_count; i++) {
        if (ram[i].size == 0)
            continue;
        uint64_t b = round_up(ram[i].base, PAGE_SIZE);
        uint64_t e = (ram[i].base + ram[i].size) & ~(PAGE_SIZE - 1);
        if (e <= b)
            continue;
        lo = b < lo ? b : lo;
        hi = e > hi ? e : hi;
    }
    if (lo >= hi)
        return -1;
    memset(p, 0, sizeof *p);
    p->base = lo;
    p->page_count = (hi - lo) / PAGE_SIZE;
    /* Two bitmaps back to back: used, then reserved. */
    uint64_t map_bytes = round_up(p->page_count, 64) / 8;
    uint64_t bitmap_bytes = round_up(2 * map_bytes, PAGE_SIZE);

    /* The bitmap goes in the first page-aligned RAM run that avoids every reservation. */
    uint64_t bitmap_pa = 0;
    for (unsigned i = 0; i < ram_count && !bitmap_pa; i++) {
        uint64_t cand = round_up(ram[i].base, PAGE_SIZE);
        uint64_t end = ram[i].base + ram[i].size;
        while (cand + bitmap_bytes <= end && !bitmap_pa) {
            bool clash = false;
            for (unsigned r = 0; r < reserved_count; r++) {
                if (overlaps(cand, bitmap_bytes, reserved[r].base, reserved[r].size)) {
                    cand = round_up(reserved[r].base + reserved[r].size, PAGE_SIZE);
                    clash = true;
                    break;
                }
            }
            if (!clash)
                bitmap_pa = cand;
        }
    }
    if (!bitmap_pa)
        return -1;
    p->bitmap = to_virt(bitmap_pa);
    p->reserved = p->bitmap + map_bytes / 8;

    /* Start with everything used and reserved, free the RAM banks, then take
     * back the reservations. Holes between banks stay reserved. */
    memset(p->bitmap, 0xff, bitmap_bytes);
    for (unsigned i = 0; i < ram_count; i++) {
        uint64_t b = round_up(ram[i].base, PAGE_SIZE);
        uint64_t e = (ram[i].base + ram[i].size) & ~(PAGE_SIZE - 1);
        for (uint64_t pa = b; pa < e; pa += PAGE_SIZE) {
            uint64_t idx = (pa - p->base) / PAGE_SIZE;
            if (bit_get(p, idx)) {
                bit_set(p, idx, false);
                p->reserved[idx / 64] &= ~(1ull << (idx % 64));
                p->free_pages++;
            }
        }
    }
    for (unsigned r = 0; r < reserved_count; r++)
        mark_used(p, reserved[r].base, reserved[r].size);
    mark_used(p, bitmap_pa, bitmap_bytes);
    p->total_free = p->free_pages;
    return 0;
}

uint64_t pmm_alloc_page(struct pmm *p)
{
    uint64_t words = round_up(p->page_count, 64) / 64;
    for (uint64_t n = 0; n < words; n++) {
        uint64_t w = (p->search_hint + n) % words;
        if (p->bitmap[w] == UINT64_MAX)
            continue;
        uint64_t bit = (uint64_t)__builtin_ctzll(~p->bitmap[w]);
        uint64_t idx = w * 64 + bit;
        if (idx >= p->page_count)
            continue;
        bit_set(p, idx, true);
        p->free_pages--;
        p->search_hint = w;
        return p->base + idx * PAGE_SIZE;
    }
    return 0;
}

uint64_t pmm_alloc_contiguous(struct pmm *p, uint64_t count, uint64_t align_pages)
{
    if (count == 0 || align_pages == 0 || (align_pages & (align_pages - 1)) || count > p->page_count)
        return 0;
    /* Alignment is of the physical address, not of the bitmap index. */
    uint64_t align_bytes = align_pages * PAGE_SIZE;
    uint64_t start = (round_up(p->base, align_bytes) - p->base) / PAGE_SIZE;
    for (uint64_t i = start; i + count <= p->page_count;) {
        uint64_t run = 0;
        while (run < count && !bit_get(p, i + run))
            run++;
        if (run == count) {
            for (uint64_t k = 0; k < count; k++)
                bit_set(p, i + k, true);
            p->free_pages -= count;
            return p->base + i * PAGE_SIZE;
        }
        /* No run can start at or before the used page just found: resume past
         * it, so the search is linear in the span, not quadratic. */
        i = (round_up(p->base + (i + run + 1) * PAGE_SIZE, align_bytes) - p->base) / PAGE_SIZE;
    }
    return 0;
}

bool pmm_free(struct pmm *p, uint64_t pa, uint64_t count)
{
    if (pa % PAGE_SIZE || pa < p->base || count > p->page_count ||
        (pa - p->base) / PAGE_SIZE > p->page_count - count)
        return false;
    uint64_t first = (pa - p->base) / PAGE_SIZE;
    for (uint64_t k = 0; k < count; k++)
        if (!bit_get(p, first + k) || is_reserved(p, first + k))
            return false;
    for (uint64_t k = 0; k < count; k++)
        bit_set(p, first + k, false);
    p->free_pages += count;
    return true;
}

bool pmm_is_free(const struct pmm *p, uint64_t pa)
{
    if (pa < p->base || (pa - p->base) / PAGE_SIZE >= p->page_count)
        return false;
    return !bit_get(p, (pa - p->base) / PAGE_SIZE);
}
