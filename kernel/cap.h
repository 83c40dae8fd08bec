/* Capabilities: one struct for every type, with rights, a badge and the
 * links of the derivation tree that revoke walks. A capability lives in a
 * slot of a cnode; a slot whose type is MICA_CAP_NULL is empty.
 * Ownership: slots change only in the one kernel path running, under the
 * big kernel lock (kernel_assert_exclusive in kernel_lock.h). */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "mica/abi/caps.h"
#include "object.h"

struct vspace;
struct notification;

struct cap {
    union {
        struct {
            uint8_t type;       /* enum mica_cap_type */
            uint8_t rights;     /* MICA_RIGHT_* */
        };
        uint16_t type_rights;   /* both, type | rights << 8: the IPC fastpath tests them in one load */
    };
    uint16_t map_flags;         /* frames: PTE_W | PTE_X of this cap's mapping (frame.h counts) */
    uint32_t pad1;
    struct kobj *object;        /* holds one reference while the slot is full (REPLY: none) */
    union {
        uint64_t badge;         /* endpoints, notifications */
        uint64_t map_vaddr;     /* frames: where this cap is mapped */
        uint64_t irq_line;      /* IRQ handlers */
    };
    /* Derivation tree: a copy or mint is a child of its source. */
    struct cap *parent, *first_child, *next_sibling, *prev_sibling;
    union {
        /* Frames (cap_is_frame): the address space this cap is mapped in,
         * and its neighbours on that address space's list of mapped caps. */
        struct {
            struct vspace *mapped_in;
            struct cap *map_next, *map_prev;
        };
        /* Every other type: a notification signalled with watch_bits when
         * this slot is emptied (cap_watch), holding one reference on it. */
        struct {
            struct notification *watch_ntfn;
            uint64_t watch_bits;
        };
    };
};
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "type_rights holds the type in its low byte");
_Static_assert(sizeof(struct cap) == 80, "capability slot size is part of the cnode quota charge");

struct cnode {
    struct kobj obj;
    uint32_t slot_count;
    uint32_t pad;
    struct cap slots[];
};

static inline bool cap_is_frame(const struct cap *c)
{
    return c->type == MICA_CAP_FRAME || c->type == MICA_CAP_DEVICE_FRAME;
}

/* Bytes a cnode with `slots` slots occupies. */
uint64_t cnode_bytes(uint64_t slots);
/* The slot, or NULL when the index is out of range. Inline: every
 * capability argument of every system call is looked up here. */
static inline struct cap *cnode_slot(struct cnode *cn, uint64_t index)
{
    return index < cn->slot_count ? &cn->slots[index] : NULL;
}

/* Fills the empty slot `dest` from `src` as its child, with `rights` (a
 * subset) and `badge`. Takes a reference on the object. */
void cap_derive(struct cap *dest, struct cap *src, uint8_t rights, uint64_t badge);
/* Fills an empty slot with a fresh root capability to `o` (boot, obj_create). */
void cap_install(struct cap *dest, struct kobj *o, uint8_t type, uint8_t rights, uint64_t badge);
/* Fills an empty slot with the first capability to a new object `o`, made
 * from the quota capability `quota_cap`: it becomes that cap's child, so
 * revoking the quota deletes every capability to everything it paid for. */
void cap_install_created(struct cap *dest, struct cap *quota_cap, struct kobj *o, uint8_t type, uint8_t rights);
/* Moves a capability; derivation links follow it. */
void cap_move(struct cap *dest, struct cap *src);
/* Empties a slot: children move up to its parent, a mapping is removed,
 * the object loses a reference, and a watch on the slot fires. */
void cap_delete(struct cap *slot);
/* Sets (n non-NULL, taking a reference) or clears the watch on a non-frame
 * cap: when the slot is emptied, for whatever reason, n is signalled with
 * `bits`. A cap has at most one watch; setting one replaces the old. */
void cap_watch_set(struct cap *c, struct notification *n, uint64_t bits);
/* Deletes every descendant of `slot`. */
void cap_revoke(struct cap *slot);
/* Frees every slot of a dying cnode. */
void cnode_destroy(struct cnode *cn);
