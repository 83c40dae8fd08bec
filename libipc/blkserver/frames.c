/* Client frames in a block server: checked before anything is mapped or
 * handed to a device, pinned (so the client's revoke or exit cannot free
 * them under us), mapped back to back, released in reverse. */
#include <mica/blk_server_frames.h>
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>

#define RW (MICA_RIGHT_READ | MICA_RIGHT_WRITE)

long blk_frame_bytes(long slot, uint64_t limit, unsigned rights, uint64_t *phys)
{
    struct ipc_cap_id id = ipc_cap_identify(slot);
    if (id.type != MICA_CAP_FRAME || (id.rights & rights) != rights)
        return -MICA_EFAULT;
    struct mica_sysret2 info = ipc_frame_info(slot);
    if (info.value <= 0 || (uint64_t)info.value > limit)
        return -MICA_EFAULT;
    if (rights & MICA_RIGHT_DMA) {
        if (info.second == 0)
            return -MICA_EFAULT;
        if (phys)
            *phys = info.second;
    }
    return info.value;
}

void blk_unmap_frames(uint8_t *base, uint64_t bytes)
{
    if (!base)
        return;
    mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)base, (long)(bytes / MICA_PAGE_SIZE));
    ipc_vaddr_release((uint64_t)(uintptr_t)base, bytes / MICA_PAGE_SIZE);
}

uint8_t *blk_map_frames(const long *frames, const uint64_t *bytes, unsigned count)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < count; i++)
        total += bytes[i];
    uint64_t base = ipc_vaddr_reserve(total / MICA_PAGE_SIZE);
    if (!base)
        return 0;
    uint64_t at = base;
    for (unsigned i = 0; i < count; i++) {
        if (mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, frames[i], (long)at, RW, MICA_SLOT_QUOTA) < 0) {
            blk_unmap_frames((uint8_t *)(uintptr_t)base, total);
            return 0;
        }
        at += bytes[i];
    }
    return (uint8_t *)(uintptr_t)base;
}

long blk_inbox_take_pinned(struct blk_inbox *inbox, unsigned i)
{
    long pin = ipc_frame_pin(inbox->slots[i]);
    /* The received copy is the client's to revoke: it goes either way. */
    mica_sys_cap_delete(0, inbox->slots[i]);
    return pin;
}

long blk_inbox_take_pinned_all(struct blk_inbox *inbox, long *pins, unsigned count)
{
    long err = 0;
    for (unsigned i = 0; i < count; i++) {
        long pin = blk_inbox_take_pinned(inbox, i);
        pins[i] = pin < 0 ? 0 : pin;
        if (pin < 0 && !err)
            err = pin;
    }
    return err;
}

void blk_drop_all(long *slots, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        /* The slot is ours even when a revoke emptied it (a client's
         * notification copy, gone with the client; then delete fails). */
        if (slots[i]) {
            mica_sys_cap_delete(0, slots[i]);
            ipc_slot_free(slots[i]);
        }
        slots[i] = 0;
    }
}
