/* Capability tables and the derivation tree. Revoke walks the subtree
 * below a capability iteratively (always deleting the deepest first child),
 * so a long chain of derived caps cannot overflow the kernel stack. */
#include "cap.h"
#include "arch/riscv/memlayout.h"
#include "lib/kstring.h"
#include "notification.h"
#include "objects.h"
#include "panic.h"
#include "pmm.h"
#include "vspace.h"

uint64_t cnode_bytes(uint64_t slots)
{
    return sizeof(struct cnode) + slots * sizeof(struct cap);
}

static void link_child(struct cap *parent, struct cap *child)
{
    child->parent = parent;
    child->prev_sibling = NULL;
    child->next_sibling = parent ? parent->first_child : NULL;
    if (parent) {
        if (parent->first_child)
            parent->first_child->prev_sibling = child;
        parent->first_child = child;
    }
}

static void unlink_from_parent(struct cap *c)
{
    if (c->prev_sibling)
        c->prev_sibling->next_sibling = c->next_sibling;
    else if (c->parent)
        c->parent->first_child = c->next_sibling;
    if (c->next_sibling)
        c->next_sibling->prev_sibling = c->prev_sibling;
    c->parent = c->next_sibling = c->prev_sibling = NULL;
}

void cap_install(struct cap *dest, struct kobj *o, uint8_t type, uint8_t rights, uint64_t badge)
{
    kassert(dest->type == MICA_CAP_NULL, "capabilities are installed into empty slots");
    /* One store a word, not memset's loop: a reply cap is installed per call. */
    *dest = (struct cap){ .type = type, .rights = rights, .object = o, .badge = badge };
    /* A REPLY cap holds no reference: its caller's death deletes it
     * (thread_make_inactive), so a server holding the reply never keeps a
     * dead process's thread, and with it the process's memory, alive. */
    if (o && type != MICA_CAP_REPLY)
        kobj_get(o);
}

void cap_derive(struct cap *dest, struct cap *src, uint8_t rights, uint64_t badge)
{
    kassert((rights & ~src->rights) == 0, "a derived capability never gains rights");
    cap_install(dest, src->object, src->type, rights, badge);
    link_child(src, dest);
}

void cap_install_created(struct cap *dest, struct cap *quota_cap, struct kobj *o, uint8_t type, uint8_t rights)
{
    cap_install(dest, o, type, rights, 0);
    link_child(quota_cap, dest);
}

void cap_move(struct cap *dest, struct cap *src)
{
    kassert(dest->type == MICA_CAP_NULL, "capabilities move into empty slots");
    *dest = *src;
    /* Everything that pointed at src now points at dest. */
    if (dest->prev_sibling)
        dest->prev_sibling->next_sibling = dest;
    else if (dest->parent)
        dest->parent->first_child = dest;
    if (dest->next_sibling)
        dest->next_sibling->prev_sibling = dest;
    for (struct cap *c = dest->first_child; c; c = c->next_sibling)
        c->parent = dest;
    if (cap_is_frame(dest) && dest->mapped_in)
        vspace_mapping_moved(dest, src);
    /* A watch moves with the cap: it watches the capability, not the slot. */
    memset(src, 0, sizeof *src);
}

void cap_delete(struct cap *slot)
{
    if (slot->type == MICA_CAP_NULL)
        return;
    if (cap_is_frame(slot) && slot->mapped_in)
        vspace_unmap_cap(slot);
    struct notification *watch = cap_is_frame(slot) ? NULL : slot->watch_ntfn;
    uint64_t watch_bits = slot->watch_bits;
    /* Children survive their parent: they move up one level. */
    struct cap *parent = slot->parent;
    while (slot->first_child) {
        struct cap *child = slot->first_child;
        unlink_from_parent(child);
        link_child(parent, child);
    }
    unlink_from_parent(slot);
    struct kobj *o = slot->object;
    uint8_t type = slot->type;
    *slot = (struct cap){ 0 };
    if (o)
        objects_cap_deleted(o, type);
    /* After the slot is empty: whoever wakes finds the cap gone. */
    if (watch) {
        notification_signal(watch, watch_bits);
        kobj_put(&watch->obj);
    }
}

void cap_watch_set(struct cap *c, struct notification *n, uint64_t bits)
{
    kassert(!cap_is_frame(c), "frame caps keep their mapping where a watch would be");
    if (n)
        kobj_get(&n->obj);
    if (c->watch_ntfn)
        kobj_put(&c->watch_ntfn->obj);
    c->watch_ntfn = n;
    c->watch_bits = n ? bits : 0;
}

void cap_revoke(struct cap *slot)
{
    while (slot->first_child) {
        struct cap *c = slot->first_child;
        while (c->first_child)
            c = c->first_child;
        cap_delete(c);
    }
}

void cnode_destroy(struct cnode *cn)
{
    for (uint32_t i = 0; i < cn->slot_count; i++)
        cap_delete(&cn->slots[i]);
}
