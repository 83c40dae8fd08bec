/* The serve mode's handle table. A badge carries the handle's index, the
 * generation of the open that made it and a marker bit, so a badge that
 * outlives its handle or was minted by someone else never names a handle. */
#include <mica/cap.h>
#include <mica/errno.h>

#include <mica/blk_handle_badge.h>

#include "serve.h"

_Static_assert(VBLK_MAX_HANDLES <= (1u << BLK_BADGE_INDEX_BITS), "index fits the badge");

static unsigned index_of(const struct vblk_server *s, const struct vblk_handle *h)
{
    return (unsigned)(h - s->handles);
}

uint64_t vblk_handle_badge(const struct vblk_server *s, const struct vblk_handle *h)
{
    return blk_handle_badge(h->generation, index_of(s, h));
}

struct vblk_handle *vblk_handle_lookup(struct vblk_server *s, uint64_t badge)
{
    uint64_t index = blk_handle_badge_index(badge);
    if (index >= VBLK_MAX_HANDLES)
        return 0;
    struct vblk_handle *h = &s->handles[index];
    return h->open && vblk_handle_badge(s, h) == badge ? h : 0;
}

int vblk_handle_open(struct vblk_server *s, bool writable, struct vblk_handle **opened)
{
    struct vblk_handle *h = 0;
    for (unsigned i = 0; i < VBLK_MAX_HANDLES && !h; i++)
        if (!s->handles[i].open)
            h = &s->handles[i];
    if (!h)
        return -MICA_EMFILE;
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return (int)slot;
    uint64_t generation = h->generation % BLK_BADGE_GENERATION_MAX + 1u;
    long r = mica_sys_cap_mint(0, slot, s->endpoint, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT,
                               (long)blk_handle_badge(generation, index_of(s, h)));
    if (r < 0) {
        ipc_slot_free(slot);
        return (int)r;
    }
    *h = (struct vblk_handle){ .open = true, .writable = writable, .generation = generation,
                               .endpoint = slot };
    *opened = h;
    return 0;
}

/* Revokes first: every copy the client kept derives from our minted cap. */
void vblk_handle_close(struct vblk_handle *h)
{
    mica_sys_cap_revoke(h->endpoint);
    ipc_cap_drop(h->endpoint);
    h->open = false;
    h->endpoint = 0;
}
