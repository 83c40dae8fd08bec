/* Objects from the process's own quota, and capability inspection. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

long ipc_obj_create(unsigned type, uint64_t size)
{
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    long r = mica_sys_obj_create(MICA_SLOT_QUOTA, type, (long)size, slot);
    if (r < 0) {
        ipc_slot_free(slot);
        return r;
    }
    return slot;
}

long ipc_cap_drop(long slot)
{
    long r = mica_sys_cap_delete(0, slot);
    if (r >= 0)
        ipc_slot_free(slot);
    return r;
}

void ipc_slot_forget(long slot)
{
    if (slot) {
        mica_sys_cap_delete(0, slot);
        ipc_slot_free(slot);
    }
}

struct ipc_cap_id ipc_cap_identify(long slot)
{
    struct mica_sysret2 r = mica_syscall6_2(MICA_SYS_cap_identify, slot, 0, 0, 0, 0, 0);
    if (r.value < 0)
        return (struct ipc_cap_id){ r.value, 0, 0 };
    return (struct ipc_cap_id){ r.value & 0xff, (unsigned)(r.value >> 8) & MICA_RIGHTS_ALL,
                                r.second };
}

struct mica_sysret2 ipc_frame_info(long frame)
{
    return mica_syscall6_2(MICA_SYS_frame_info, frame, 0, 0, 0, 0, 0);
}

long ipc_frame_pin(long frame)
{
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    long r = mica_sys_frame_pin(MICA_SLOT_QUOTA, frame, slot);
    if (r < 0) {
        ipc_slot_free(slot);
        return r;
    }
    return slot;
}
