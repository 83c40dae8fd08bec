/* The slots a received message's capabilities land in (mica/blk_server_caps.h). */
#include <mica/blk_server_caps.h>
#include <mica/cap.h>

int blk_inbox_init(struct blk_inbox *inbox)
{
    for (unsigned i = 0; i < MICA_MSG_MAX_CAPS; i++) {
        long slot = ipc_slot_alloc();
        if (slot < 0)
            return (int)slot;
        inbox->slots[i] = slot;
    }
    return 0;
}

long blk_inbox_take(struct blk_inbox *inbox, unsigned i)
{
    long taken = inbox->slots[i];
    long fresh = ipc_slot_alloc();
    /* Without a spare slot, later messages get fewer caps through (0 = none). */
    inbox->slots[i] = fresh < 0 ? 0 : fresh;
    return taken;
}

void blk_inbox_reset(struct blk_inbox *inbox, struct mica_ipc_buffer *ipc, unsigned received)
{
    for (unsigned i = 0; i < MICA_MSG_MAX_CAPS; i++) {
        if (i < received && inbox->slots[i])
            mica_sys_cap_delete(0, inbox->slots[i]); /* fails harmlessly if taken */
        ipc->recv_slots[i] = (uint64_t)inbox->slots[i];
    }
    ipc->recv_cnode = 0;
}
