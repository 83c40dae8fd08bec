/* The handle table. A handle's badge carries its index, the generation of
 * the open that made it and a marker bit, so a badge that outlives its handle
 * (a reused index) or was minted by someone else never names a handle. */
#include <mica/cap.h>
#include <mica/errno.h>

#include <mica/blk_handle_badge.h>

#include "ramdisk_private.h"


unsigned ramdisk_handle_index(const struct ramdisk *rd, const struct ramdisk_handle *h)
{
    return (unsigned)(h - rd->handles);
}

uint64_t ramdisk_handle_badge(const struct ramdisk *rd, const struct ramdisk_handle *h)
{
    return blk_handle_badge(h->generation, ramdisk_handle_index(rd, h));
}

struct ramdisk_handle *ramdisk_handle_lookup(struct ramdisk *rd, uint64_t badge)
{
    uint64_t index = blk_handle_badge_index(badge);
    if (index >= RAMDISK_MAX_HANDLES)
        return 0;
    struct ramdisk_handle *h = &rd->handles[index];
    return h->open && ramdisk_handle_badge(rd, h) == badge ? h : 0;
}

int ramdisk_handle_open(struct ramdisk *rd, bool writable, struct ramdisk_handle **opened)
{
    struct ramdisk_handle *h = 0;
    for (unsigned i = 0; i < RAMDISK_MAX_HANDLES && !h; i++)
        if (!rd->handles[i].open)
            h = &rd->handles[i];
    if (!h)
        return -MICA_EMFILE;
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return (int)slot;
    uint64_t generation = h->generation % BLK_BADGE_GENERATION_MAX + 1u;
    long r = mica_sys_cap_mint(0, slot, rd->endpoint, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT,
                               (long)blk_handle_badge(generation, ramdisk_handle_index(rd, h)));
    if (r < 0) {
        ipc_slot_free(slot);
        return (int)r;
    }
    *h = (struct ramdisk_handle){ .open = true, .writable = writable, .generation = generation,
                                  .endpoint = slot };
    *opened = h;
    return 0;
}

void ramdisk_revoke_and_drop(long slot)
{
    if (slot) {
        mica_sys_cap_revoke(slot);
        ipc_cap_drop(slot);
    }
}

void ramdisk_handle_close(struct ramdisk_handle *h)
{
    ramdisk_queue_release(&h->queue);
    ramdisk_buffer_release(&h->buffer);
    ramdisk_revoke_and_drop(h->endpoint);
    h->open = false;
    h->endpoint = 0;
}
