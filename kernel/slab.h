/* Size-class slabs for small kernel objects: power-of-two chunks from 64
 * bytes to half a page, carved from whole pages of the page allocator, and
 * each page given back as soon as its last chunk is free.
 * Ownership: one instance (object.c's) under the big kernel lock. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "pmm.h"

#define SLAB_MIN_SHIFT 6
#define SLAB_CLASSES 6
/* The first byte of every free chunk. A chunk's user must never store this
 * value in its first byte while it holds the chunk (kernel objects keep
 * their type there), so a page whose chunks all start with it is empty. */
#define SLAB_FREE_MARK 0xffu

struct slab_chunk;

struct slab {
    struct pmm *pmm;
    uint64_t map_offset;        /* a page's address is its physical address + this */
    struct slab_chunk *free[SLAB_CLASSES]; /* free chunks per class, in any page */
    uint64_t pages;             /* pages the slab holds now */
};

/* The class of an object of `size` bytes, or -1 when it needs whole pages. */
int slab_class(uint64_t size);
static inline uint64_t slab_chunk_bytes(int c)
{
    return 1ull << (SLAB_MIN_SHIFT + c);
}
/* A chunk of class c whose first byte is 0, or NULL when RAM runs out. */
void *slab_alloc(struct slab *s, int c);
/* Returns a chunk of class c; its page goes back to the allocator when no
 * chunk in it is in use any more. False only if the allocator refused the
 * page back (it was not the slab's: a broken invariant). */
bool slab_free(struct slab *s, void *p, int c);
