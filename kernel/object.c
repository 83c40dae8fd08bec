/* Object allocation and lifetime. An object's memory comes from the page
 * allocator and its size is charged to the quota that created it, so no
 * holder of a quota can make the kernel use more memory than it was given. */
#include "object.h"
#include "arch/riscv/memlayout.h"
#include "lib/kstring.h"
#include "mica/errno.h"
#include "objects.h"
#include "panic.h"
#include "vm.h"

uint64_t kobj_live_count;

bool quota_charge(struct quota *q, uint64_t bytes)
{
    if (!q)
        return true;
    if (q->bytes_left < bytes)
        return false;
    q->bytes_left -= bytes;
    return true;
}

void quota_refund(struct quota *q, uint64_t bytes)
{
    if (q)
        q->bytes_left += bytes;
}

/* Slabs: power-of-two size classes from 64 bytes to half a page. Free
 * chunks are kept on a list per class; slab pages are never returned, so the
 * kernel's footprint for small objects is bounded by its high-water mark. */
#define SLAB_MIN_SHIFT 6
#define SLAB_CLASSES 6

struct free_chunk {
    struct free_chunk *next;
};
static struct free_chunk *slab_free[SLAB_CLASSES];

static int size_class(uint64_t size)
{
    for (int c = 0; c < SLAB_CLASSES; c++)
        if (size <= (1ull << (SLAB_MIN_SHIFT + c)))
            return c;
    return -1;
}

static void *slab_take(int c)
{
    if (!slab_free[c]) {
        uint64_t pa = pmm_alloc_page(&kernel_pmm);
        if (!pa)
            return NULL;
        uint64_t chunk = 1ull << (SLAB_MIN_SHIFT + c);
        uint8_t *page = phys_to_virt(pa);
        for (uint64_t off = 0; off < PAGE_SIZE; off += chunk) {
            struct free_chunk *f = (struct free_chunk *)(page + off);
            f->next = slab_free[c];
            slab_free[c] = f;
        }
    }
    struct free_chunk *f = slab_free[c];
    slab_free[c] = f->next;
    return f;
}

static uint64_t charged_size(uint64_t size)
{
    int c = size_class(size);
    return c >= 0 ? 1ull << (SLAB_MIN_SHIFT + c) : (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

void *kobj_alloc(struct quota *q, enum mica_cap_type type, uint64_t size, long *err)
{
    uint64_t bytes = charged_size(size);
    if (!quota_charge(q, bytes)) {
        *err = -MICA_ENOMEM;
        return NULL;
    }
    int c = size_class(size);
    void *mem = NULL;
    if (c >= 0) {
        mem = slab_take(c);
    } else {
        uint64_t pa = pmm_alloc_contiguous(&kernel_pmm, bytes / PAGE_SIZE, 1);
        mem = pa ? phys_to_virt(pa) : NULL;
    }
    if (!mem) {
        quota_refund(q, bytes);
        *err = -MICA_ENOMEM;
        return NULL;
    }
    struct kobj *o = mem;
    memset(o, 0, bytes);
    o->type = (uint8_t)type;
    o->bytes = bytes;
    o->charged = q;
    if (q)
        kobj_get(&q->obj);
    kobj_live_count++;
    return o;
}

static void kobj_free_memory(struct kobj *o, uint64_t bytes)
{
    int c = size_class(bytes);
    if (c >= 0) {
        struct free_chunk *f = (struct free_chunk *)o;
        f->next = slab_free[c];
        slab_free[c] = f;
    } else {
        kassert(pmm_free(&kernel_pmm, virt_to_phys(o), bytes / PAGE_SIZE), "object pages were allocated");
    }
}

void kobj_get(struct kobj *o)
{
    kassert(o->refs < UINT32_MAX, "object reference count does not overflow");
    o->refs++;
}

/* Destroying one object can drop the last reference to others (a cnode
 * holding the only cap to another cnode, and so on). Objects that die while
 * a destruction is running wait on this list, so the kernel stack stays
 * flat however long the chain. */
static struct kobj *pending_destroy;
static bool destroying;

static void destroy_now(struct kobj *o)
{
    objects_destroy(o);
    struct quota *q = o->charged;
    uint64_t bytes = o->bytes;
    kobj_free_memory(o, bytes);
    kobj_live_count--;
    if (q) {
        quota_refund(q, bytes);
        kobj_put(&q->obj);
    }
}

void kobj_put(struct kobj *o)
{
    kassert(o->refs > 0, "object reference count is positive before a put");
    if (--o->refs > 0 || o->dying)
        return;
    /* `dying` stops a destructor that touches its own object from re-entering. */
    o->dying = 1;
    o->destroy_next = pending_destroy;
    pending_destroy = o;
    if (destroying)
        return;
    destroying = true;
    while (pending_destroy) {
        struct kobj *next = pending_destroy;
        pending_destroy = next->destroy_next;
        destroy_now(next);
    }
    destroying = false;
}
