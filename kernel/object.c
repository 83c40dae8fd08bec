/* Object allocation and lifetime. An object's memory comes from the page
 * allocator and its size is charged to the quota that created it, so no
 * holder of a quota can make the kernel use more memory than it was given. */
#include "object.h"
#include "arch/riscv/memlayout.h"
#include "lib/kstring.h"
#include "mica/abi/errno.h"
#include "objects.h"
#include "panic.h"
#include "slab.h"
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

bool quota_covers(const struct quota *q, uint64_t bytes)
{
    return !q || q->bytes_left >= bytes;
}

void quota_refund(struct quota *q, uint64_t bytes)
{
    if (q)
        q->bytes_left += bytes;
}

/* Small objects come from slabs whose empty pages go straight back to the
 * page allocator, so the bytes a quota refunds are free RAM again. */
static struct slab kernel_slab = { .pmm = &kernel_pmm, .map_offset = PHYS_MAP_BASE };

/* The slab tells a free chunk by its first byte; an object's is its type. */
_Static_assert(offsetof(struct kobj, type) == 0, "an object's first byte is its type");
_Static_assert(MICA_CAP_TYPE_COUNT < SLAB_FREE_MARK, "no type is the slab's free mark");

uint64_t kobj_slab_pages(void)
{
    return kernel_slab.pages;
}

static uint64_t charged_size(uint64_t size)
{
    int c = slab_class(size);
    return c >= 0 ? slab_chunk_bytes(c) : (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

void *kobj_alloc(struct quota *q, enum mica_cap_type type, uint64_t size, long *err)
{
    uint64_t bytes = charged_size(size);
    if (!quota_charge(q, bytes)) {
        *err = -MICA_ENOMEM;
        return NULL;
    }
    int c = slab_class(size);
    void *mem = NULL;
    if (c >= 0) {
        mem = slab_alloc(&kernel_slab, c);
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
    int c = slab_class(bytes);
    if (c >= 0) {
        kassert(slab_free(&kernel_slab, o, c), "an empty slab page goes back to the allocator");
    } else {
        kassert(pmm_free(&kernel_pmm, virt_to_phys(o), bytes / PAGE_SIZE), "object pages were allocated");
    }
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

/* The last reference went (kobj_put): destroyed here, or after the
 * destruction under way (a destructor that puts the objects it held). */
void kobj_destroy_unreferenced(struct kobj *o)
{
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
