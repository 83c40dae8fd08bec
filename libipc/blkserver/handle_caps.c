/* The block servers' handle caps: badged copies of the server's endpoint. */
#include <mica/blk_server_caps.h>
#include <mica/cap.h>

static long mint(long endpoint, uint64_t badge)
{
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    long r = mica_sys_cap_mint(0, slot, endpoint, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT, (long)badge);
    if (r < 0) {
        ipc_slot_free(slot);
        return r;
    }
    return slot;
}

void blk_revoke_and_drop(long slot)
{
    if (slot) {
        mica_sys_cap_revoke(slot);
        ipc_cap_drop(slot);
    }
}

static bool held(long slot)
{
    return mica_sys_cap_derived(slot) != 0; /* an error (not a cap) errs towards keeping the handle */
}

const struct blk_handle_caps blk_handle_ipc_caps = { mint, blk_revoke_and_drop, held };
