/* Kernel objects: a common header (type, reference count, who paid) in
 * front of every object, page-granular allocation charged to a quota, and
 * the type-specific destructors that run when the last reference goes.
 * Ownership: all objects belong to the one kernel path running, under the
 * big kernel lock (kernel_assert_exclusive in kernel_lock.h). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mica/abi/caps.h"
#include "panic.h"

struct quota;

struct kobj {
    uint8_t type;           /* enum mica_cap_type */
    uint8_t dying;          /* set while the destructor runs */
    uint16_t pad;
    uint32_t refs;          /* capabilities + kernel-internal references */
    struct quota *charged;  /* refunded when the object is freed; holds a ref on it */
    uint64_t bytes;         /* charged size: a slab size class or whole pages */
    struct kobj *destroy_next; /* on the pending-destruction list */
};

struct quota {
    struct kobj obj;
    uint64_t bytes_left;
};

/* Allocates a zeroed object of `size` bytes and `type`, charged to `q`
 * (NULL: the kernel's own boot-time objects). Small objects come from
 * size-class slabs, large ones are whole contiguous pages. Returns NULL with
 * *err = -MICA_ENOMEM when the quota or RAM runs out. */
void *kobj_alloc(struct quota *q, enum mica_cap_type type, uint64_t size, long *err);
/* Inline with kobj_put: every system call takes and drops a reference on
 * its thread (syscall_dispatch), and most on the objects they use. */
static inline void kobj_get(struct kobj *o)
{
    kassert(o->refs < UINT32_MAX, "object reference count does not overflow");
    o->refs++;
}

/* Out of line and cold, so a put that is not the last saves no registers. */
__attribute__((noinline, cold)) void kobj_destroy_unreferenced(struct kobj *o);

/* Drops a reference; the object is destroyed at zero. */
static inline void kobj_put(struct kobj *o)
{
    kassert(o->refs > 0, "object reference count is positive before a put");
    if (--o->refs > 0 || o->dying)
        return;
    kobj_destroy_unreferenced(o);
}

/* Quota charging for memory that is not an object (page-table pages). */
bool quota_charge(struct quota *q, uint64_t bytes);
void quota_refund(struct quota *q, uint64_t bytes);
/* Whether quota_charge(q, bytes) would succeed; charges nothing. */
bool quota_covers(const struct quota *q, uint64_t bytes);

/* Count of live objects, for leak checks (system_info). */
extern uint64_t kobj_live_count;
/* Pages the small-object slabs hold now (system_info). */
uint64_t kobj_slab_pages(void);
