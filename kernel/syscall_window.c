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

struct window_copy {
    struct vspace *from, *to;
    uint64_t from_va, to_va, bytes;
};

/* Every page of [va, va + bytes) mapped for user access with `need`. */
static bool range_mapped(struct vspace *vs, uint64_t va, uint64_t bytes, uint64_t need)
{
    if (bytes > USER_VA_END || va > USER_VA_END - bytes)
        return false;
    for (uint64_t page = va & ~(uint64_t)(PAGE_SIZE - 1); page < va + bytes; page += PAGE_SIZE)
        if (!vspace_translate(vs, page, need))
            return false;
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
    if (!range_mapped(t->vspace, vaddr, bytes, to_caller ? PTE_R : PTE_W) ||
        !range_mapped(caller->vspace, addr, bytes, to_caller ? PTE_W : PTE_R))
        return -MICA_EFAULT;
    *w = to_caller ? (struct window_copy){ t->vspace, caller->vspace, vaddr, addr, bytes }
                   : (struct window_copy){ caller->vspace, t->vspace, addr, vaddr, bytes };
    return 0;
}

static uint64_t page_left(uint64_t va)
{
    return PAGE_SIZE - (va & (PAGE_SIZE - 1));
}

/* Page piece by page piece: the pages of one range need not be
 * physically contiguous. */
static void invoke_window_copy(const struct window_copy *w)
{
    for (uint64_t done = 0; done < w->bytes;) {
        uint64_t from = w->from_va + done, to = w->to_va + done;
        uint64_t n = w->bytes - done;
        if (n > page_left(from))
            n = page_left(from);
        if (n > page_left(to))
            n = page_left(to);
        memcpy(phys_to_virt(vspace_translate(w->to, to, PTE_W)),
               phys_to_virt(vspace_translate(w->from, from, PTE_R)), n);
        done += n;
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
