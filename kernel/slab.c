/* Slab chunks and pages. Free chunks are on a doubly linked list per class
 * and carry SLAB_FREE_MARK, so a free can tell, by looking at the other
 * chunks of its page, that the whole page is free, take them off the list
 * and return the page: the slab holds only pages with a live object in them,
 * and memory a quota gave back is there again for any other use. */
#include "slab.h"
#include <stddef.h>

struct slab_chunk {
    uint8_t mark;               /* SLAB_FREE_MARK */
    struct slab_chunk *next, *prev;
};
_Static_assert(sizeof(struct slab_chunk) <= (1u << SLAB_MIN_SHIFT), "a free chunk fits the smallest class");

int slab_class(uint64_t size)
{
    for (int c = 0; c < SLAB_CLASSES; c++)
        if (size <= slab_chunk_bytes(c))
            return c;
    return -1;
}

static void push(struct slab *s, struct slab_chunk *f, int c)
{
    f->mark = SLAB_FREE_MARK;
    f->prev = NULL;
    f->next = s->free[c];
    if (f->next)
        f->next->prev = f;
    s->free[c] = f;
}

static void unlink_chunk(struct slab *s, struct slab_chunk *f, int c)
{
    if (f->prev)
        f->prev->next = f->next;
    else
        s->free[c] = f->next;
    if (f->next)
        f->next->prev = f->prev;
}

void *slab_alloc(struct slab *s, int c)
{
    if (!s->free[c]) {
        uint64_t pa = pmm_alloc_page(s->pmm);
        if (!pa)
            return NULL;
        s->pages++;
        uint8_t *page = (uint8_t *)(uintptr_t)(pa + s->map_offset);
        for (uint64_t off = 0; off < PAGE_SIZE; off += slab_chunk_bytes(c))
            push(s, (struct slab_chunk *)(page + off), c);
    }
    struct slab_chunk *f = s->free[c];
    unlink_chunk(s, f, c);
    f->mark = 0;
    return f;
}

bool slab_free(struct slab *s, void *p, int c)
{
    push(s, p, c);
    uint8_t *page = (uint8_t *)((uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));
    uint64_t step = slab_chunk_bytes(c);
    /* Most pages have a live chunk near the one freed: the scan usually
     * stops early, and it touches at most one page. */
    for (uint64_t off = 0; off < PAGE_SIZE; off += step)
        if (page[off] != SLAB_FREE_MARK)
            return true;
    for (uint64_t off = 0; off < PAGE_SIZE; off += step)
        unlink_chunk(s, (struct slab_chunk *)(page + off), c);
    s->pages--;
    return pmm_free(s->pmm, (uint64_t)(uintptr_t)page - s->map_offset, 1);
}
