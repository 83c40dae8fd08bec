/* The slots a received message's capabilities land in. A handler that keeps
 * a cap takes its slot; whatever is left is deleted before the next receive,
 * so a client cannot fill the server's cspace with caps it sends unasked. */
#include <mica/cap.h>

#include "ramdisk_private.h"

int ramdisk_inbox_init(struct ramdisk *rd)
{
    for (unsigned i = 0; i < MICA_MSG_MAX_CAPS; i++) {
        long slot = ipc_slot_alloc();
        if (slot < 0)
            return (int)slot;
        rd->inbox.slots[i] = slot;
    }
    return 0;
}

long ramdisk_inbox_take(struct ramdisk *rd, unsigned i)
{
    long taken = rd->inbox.slots[i];
    long fresh = ipc_slot_alloc();
    /* Without a spare slot, later messages get fewer caps through (0 = none). */
    rd->inbox.slots[i] = fresh < 0 ? 0 : fresh;
    return taken;
}

void ramdisk_inbox_reset(struct ramdisk *rd, unsigned received)
{
    struct mica_ipc_buffer *ipc = rd->ipc;
    for (unsigned i = 0; i < MICA_MSG_MAX_CAPS; i++) {
        if (i < received && rd->inbox.slots[i])
            mica_sys_cap_delete(0, rd->inbox.slots[i]); /* fails harmlessly if taken */
        ipc->recv_slots[i] = (uint64_t)rd->inbox.slots[i];
    }
    ipc->recv_cnode = 0;
}
