/* Capability syscalls: copy, mint, move, delete, revoke, identify, derived,
 * watch.
 * Rights can only shrink and a badge can only be set once, so no sequence
 * of these calls widens what a capability allows; minting needs ADMIN on the
 * unbadged original, so a badge names whoever holds that authority. */
#include "mica/abi/errno.h"
#include "notification.h"
#include "syscall.h"

static long decode_rights(uint64_t rights)
{
    return rights & ~(uint64_t)MICA_RIGHTS_ALL ? -MICA_EINVAL : 0;
}

long sys_cap_copy(struct thread *t)
{
    struct cap *src, *dest;
    long err = decode_cap(t, syscall_arg(t, 2), MICA_CAP_NULL, 0, &src);
    if (err || (err = decode_rights(syscall_arg(t, 3))) ||
        (err = decode_empty_slot(t, syscall_arg(t, 0), syscall_arg(t, 1), &dest)))
        return err;
    if (src->type == MICA_CAP_REPLY)
        return -MICA_EINVAL; /* a reply is one-shot: it can move, not multiply */
    cap_derive(dest, src, (uint8_t)(src->rights & syscall_arg(t, 3)), src->badge);
    return 0;
}

long sys_cap_mint(struct thread *t)
{
    struct cap *src, *dest;
    uint64_t badge = syscall_arg(t, 4);
    long err = decode_cap(t, syscall_arg(t, 2), MICA_CAP_NULL, 0, &src);
    if (err || (err = decode_rights(syscall_arg(t, 3))) ||
        (err = decode_empty_slot(t, syscall_arg(t, 0), syscall_arg(t, 1), &dest)))
        return err;
    if (src->type != MICA_CAP_ENDPOINT && src->type != MICA_CAP_NOTIFICATION)
        return -MICA_EINVAL; /* only endpoints and notifications carry badges */
    if (src->badge)
        return -MICA_EPERM;  /* a badge, once set, is permanent */
    /* ADMIN: a server hands out copies without it (a door, a console), and
     * a badge their holder could choose would let a client name another's
     * handle. */
    if (!(src->rights & MICA_RIGHT_ADMIN))
        return -MICA_EACCES;
    if (badge == 0 || badge > MICA_BADGE_MAX)
        return -MICA_ERANGE;
    cap_derive(dest, src, (uint8_t)(src->rights & syscall_arg(t, 3)), badge);
    return 0;
}

long sys_cap_move(struct thread *t)
{
    struct cap *src, *dest;
    long err = decode_cap(t, syscall_arg(t, 2), MICA_CAP_NULL, 0, &src);
    if (err || (err = decode_empty_slot(t, syscall_arg(t, 0), syscall_arg(t, 1), &dest)))
        return err;
    if (src->type == MICA_CAP_REPLY)
        ((struct thread *)src->object)->reply_cap = dest;
    cap_move(dest, src);
    return 0;
}

long sys_cap_delete(struct thread *t)
{
    struct cnode *cn = t->cspace;
    if (syscall_arg(t, 0)) {
        struct cap *c;
        long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_CNODE, MICA_RIGHT_ADMIN, &c);
        if (err)
            return err;
        cn = (struct cnode *)c->object;
    }
    struct cap *slot = cn ? cnode_slot(cn, syscall_arg(t, 1)) : NULL;
    if (!slot || slot->type == MICA_CAP_NULL)
        return -MICA_EBADF;
    cap_delete(slot);
    return 0;
}

long sys_cap_revoke(struct thread *t)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_NULL, 0, &c);
    if (err)
        return err;
    cap_revoke(c);
    return 0;
}

long sys_cap_identify(struct thread *t)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_NULL, 0, &c);
    if (err)
        return err;
    bool badged = c->type == MICA_CAP_ENDPOINT || c->type == MICA_CAP_NOTIFICATION;
    t->ctx.regs[REG_A1] = badged ? c->badge : 0;
    return (long)(c->type | (uint64_t)c->rights << 8);
}

/* Whether anything derived from the cap still exists. A copy received in a
 * message is a child of the sender's cap, and a deleted cap's children move
 * up to its parent, so a cap a server minted keeps counting every client
 * copy however many hands it passed through; a client's exit (its cspace
 * destroyed) or revoke of its quota deletes its copies and ends the count. */
static long invoke_cap_derived(const struct cap *c)
{
    return c->first_child ? 1 : 0;
}

long sys_cap_derived(struct thread *t)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_NULL, 0, &c);
    return err ? err : invoke_cap_derived(c);
}

/* A watch lets the holder of a cap learn at once that it is gone: a client
 * whose handle cap the server minted hears of the server's death when init
 * revokes the server's endpoint, wherever the client is waiting. It needs no
 * memory (the cap slot has room), so it charges no quota. */
static long decode_cap_watch(struct thread *t, struct cap **c, struct notification **n, uint64_t *bits)
{
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_NULL, 0, c);
    if (err)
        return err;
    if (cap_is_frame(*c))
        return -MICA_EINVAL; /* frames keep their mapping where a watch would be */
    *n = NULL;
    *bits = syscall_arg(t, 2);
    if (!syscall_arg(t, 1))
        return 0;
    struct cap *nc;
    if ((err = decode_cap(t, syscall_arg(t, 1), MICA_CAP_NOTIFICATION, MICA_RIGHT_WRITE, &nc)))
        return err;
    if (*bits == 0 || *bits > MICA_BADGE_MAX)
        return -MICA_ERANGE;
    *n = (struct notification *)nc->object;
    return 0;
}

long sys_cap_watch(struct thread *t)
{
    struct cap *c;
    struct notification *n;
    uint64_t bits;
    long err = decode_cap_watch(t, &c, &n, &bits);
    if (err)
        return err;
    cap_watch_set(c, n, bits);
    return 0;
}
