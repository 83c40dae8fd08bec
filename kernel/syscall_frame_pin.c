/* frame_pin: a second root for a RAM frame. A copy of a frame cap is a
 * child of its source, so whoever holds the source can revoke it; a server
 * that hands a client's frame to a device cannot live with that. The pin is
 * instead a child of the pinner's own quota cap (as a created object's first
 * cap is): only revoking that quota, or deleting the pin, removes it. The
 * frame object is refcounted by its caps, so its memory stays allocated, and
 * charged to the quota that paid for it, until the last cap goes, the pin
 * included. Pinning charges nothing: no object is made. */
#include "mica/abi/errno.h"
#include "syscall.h"

long frame_pin_source_check(const struct cap *src)
{
    if (src->type == MICA_CAP_DEVICE_FRAME)
        return -MICA_EINVAL;
    if (src->type != MICA_CAP_FRAME)
        return -MICA_ENOTTY;
    if (!(src->rights & MICA_RIGHT_DMA))
        return -MICA_EACCES; /* pinning is for memory a device will use */
    return 0;
}

static long decode_pin_source(struct thread *t, uint64_t slot, struct cap **out)
{
    struct cap *src;
    long err = decode_cap(t, slot, MICA_CAP_NULL, 0, &src);
    if (err || (err = frame_pin_source_check(src)))
        return err;
    *out = src;
    return 0;
}

static long decode_frame_pin(struct thread *t, struct cap **quota_cap, struct cap **src, struct cap **dest)
{
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_QUOTA, MICA_RIGHT_ADMIN, quota_cap);
    if (err || (err = decode_pin_source(t, syscall_arg(t, 1), src)))
        return err;
    return decode_empty_slot(t, 0, syscall_arg(t, 2), dest);
}

static void invoke_frame_pin(struct cap *quota_cap, struct cap *src, struct cap *dest)
{
    /* The source's rights, never more; the pin itself is not mapped. */
    cap_install_created(dest, quota_cap, src->object, MICA_CAP_FRAME, src->rights);
}

long sys_frame_pin(struct thread *t)
{
    struct cap *qc, *src, *dest;
    long err = decode_frame_pin(t, &qc, &src, &dest);
    if (err)
        return err;
    invoke_frame_pin(qc, src, dest);
    return 0;
}
