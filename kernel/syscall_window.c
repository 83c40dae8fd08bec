/* ipc_window_copy: a server moves bytes straight between its own address
 * space and the window its waiting caller named (struct mica_ipc_window),
 * so a block read or write is copied once, by the kernel, through the
 * direct map. decode checks everything -- the caller, the window's access,
 * every page of both ranges -- before invoke copies a byte, so a bad page
 * anywhere copies nothing. Both walks run under the kernel lock, so no
 * page can be unmapped (and its frame reused) between the check and the
 * copy; the copy goes through the direct map, so no user TLB entry is
 * involved. */
#include "arch/riscv/memlayout.h"
#include "lib/kstring.h"
#include "mica/abi/errno.h"
#include "mica/abi/ipc_abi.h"
#include "pmm.h"
#include "syscall.h"
#include "vspace.h"

/* Where a range's bytes lie: its first stretches of physically back-to-back
 * pages (a frame is physically contiguous, so a range inside one mapped
 * frame is one stretch), as many as fit. */
#define WINDOW_STRETCHES 4u
struct stretches {
    uint64_t pa[WINDOW_STRETCHES], bytes[WINDOW_STRETCHES];
    unsigned count;
};

struct window_copy {
    struct vspace *from, *to;
    uint64_t from_va, to_va, bytes;
    struct stretches from_at, to_at; /* noted while checked */
};

/* Consecutive pages of one address space: the leaf table is looked up
 * again only when the walk enters another VSPACE_LEAF_SPAN. */
struct page_walk {
    struct vspace *vs;
    uint64_t need;
    uint64_t span; /* the span `leaves` maps; ~0 before the first page */
    const pte_t *leaves;
};

/* va's physical address, or 0 when its page is not mapped as needed.
 * Inline: the check runs it once a page. */
static inline __attribute__((always_inline)) uint64_t walk_to(struct page_walk *w, uint64_t va)
{
    uint64_t span = va & ~(VSPACE_LEAF_SPAN - 1);
    if (span != w->span) {
        w->leaves = vspace_leaf_table(w->vs, va);
        w->span = span;
    }
    return w->leaves ? vspace_leaf_pa(w->leaves, va, w->need) : 0;
}

/* Checks every page of [va, va + bytes) (mapped for user access with
 * `need`) and notes where its first bytes lie in *at. Inline: a call's
 * frame cost a 4 KiB request more than its walk. */
static inline __attribute__((always_inline)) bool range_note(struct vspace *vs, uint64_t va,
                                                             uint64_t bytes, uint64_t need,
                                                             struct stretches *at)
{
    if (bytes > USER_VA_END || va > USER_VA_END - bytes)
        return false;
    struct page_walk w = { vs, need, ~0ull, NULL };
    bool noting = true;
    at->count = 0;
    for (uint64_t done = 0; done < bytes;) {
        uint64_t here = va + done, pa = walk_to(&w, here);
        if (!pa)
            return false;
        uint64_t n = PAGE_SIZE - (here & (PAGE_SIZE - 1));
        if (n > bytes - done)
            n = bytes - done;
        unsigned last = at->count - 1u;
        if (noting && at->count && at->pa[last] + at->bytes[last] == pa) {
            at->bytes[last] += n;
        } else if (noting && at->count < WINDOW_STRETCHES) {
            at->pa[at->count] = pa;
            at->bytes[at->count++] = n;
        } else {
            noting = false; /* the rest is checked only */
        }
        done += n;
    }
    return true;
}

/* The thread waiting for the reply: the pending caller (slot 0) or the one
 * a REPLY cap names. */
static long decode_window_caller(struct thread *t, uint64_t reply, struct thread **caller)
{
    struct cap *c;
    if (reply == 0) {
        *caller = t->reply_to;
        return *caller ? 0 : -MICA_ESRCH;
    }
    long err = decode_cap(t, reply, MICA_CAP_REPLY, 0, &c);
    if (!err)
        *caller = (struct thread *)c->object;
    return err;
}

static long decode_window_copy(struct thread *t, struct window_copy *w)
{
    struct thread *caller;
    uint64_t direction = syscall_arg(t, 1), vaddr = syscall_arg(t, 2), length = syscall_arg(t, 3);
    long err = decode_window_caller(t, syscall_arg(t, 0), &caller);
    if (err)
        return err;
    bool whole = (direction & MICA_WINDOW_WHOLE) != 0;
    direction &= ~(uint64_t)MICA_WINDOW_WHOLE;
    if (direction != MICA_WINDOW_TO_CALLER && direction != MICA_WINDOW_FROM_CALLER)
        return -MICA_EINVAL;
    struct mica_ipc_buffer *b = thread_ipc_buffer(caller);
    if (!b || !caller->vspace)
        return -MICA_EACCES;
    /* Read once: the caller's other threads may write its buffer meanwhile,
     * and what was checked must be what is copied. */
    const volatile struct mica_ipc_window *named = &b->window;
    uint64_t addr = named->addr, bytes = named->bytes, access = named->access;
    if (!(access & direction))
        return -MICA_EACCES;
    if (whole && bytes < length)
        return -MICA_EFAULT;
    if (length < bytes)
        bytes = length;
    bool to_caller = direction == MICA_WINDOW_TO_CALLER;
    w->from = to_caller ? t->vspace : caller->vspace;
    w->to = to_caller ? caller->vspace : t->vspace;
    w->from_va = to_caller ? vaddr : addr;
    w->to_va = to_caller ? addr : vaddr;
    w->bytes = bytes;
    if (!range_note(w->from, w->from_va, bytes, PTE_R, &w->from_at) ||
        !range_note(w->to, w->to_va, bytes, PTE_W, &w->to_at))
        return -MICA_EFAULT;
    return 0;
}

/* Copies what both notes cover, stretch against stretch; the bytes copied. */
static inline uint64_t copy_noted(const struct stretches *from, const struct stretches *to)
{
    uint64_t copied = 0, from_used = 0, to_used = 0;
    for (unsigned f = 0, t = 0; f < from->count && t < to->count;) {
        uint64_t n = from->bytes[f] - from_used;
        if (n > to->bytes[t] - to_used)
            n = to->bytes[t] - to_used;
        memcpy(phys_to_virt(to->pa[t] + to_used), phys_to_virt(from->pa[f] + from_used), n);
        copied += n;
        from_used += n;
        to_used += n;
        if (from_used == from->bytes[f])
            f++, from_used = 0;
        if (to_used == to->bytes[t])
            t++, to_used = 0;
    }
    return copied;
}

/* Usually one copy: decode noted the whole of both ranges. A range in more
 * pieces than a note holds is noted again from where the copy got to (its
 * pages were checked; nothing can unmap them under the kernel lock). */
static void invoke_window_copy(struct window_copy *w)
{
    uint64_t done = copy_noted(&w->from_at, &w->to_at);
    while (done < w->bytes) {
        range_note(w->from, w->from_va + done, w->bytes - done, PTE_R, &w->from_at);
        range_note(w->to, w->to_va + done, w->bytes - done, PTE_W, &w->to_at);
        done += copy_noted(&w->from_at, &w->to_at);
    }
}

long sys_ipc_window_copy(struct thread *t)
{
    struct window_copy w;
    long err = decode_window_copy(t, &w);
    if (err)
        return err;
    invoke_window_copy(&w);
    return (long)w.bytes;
}
