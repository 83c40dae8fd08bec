/* frame_pin: a pin is a cap to the same RAM frame that hangs under the
 * pinner's quota, not under the source, so the source's revoke (a client
 * revoking its frames, or init revoking an exited client's quota) leaves it,
 * and the memory stays allocated and charged to its payer until the pin goes.
 * The payer here is a quota of its own, so its bytes can be compared. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

#include "ktest.h"

#define PAYER_BYTES (256u * 1024u)
#define PIN_PAGES 2u

static long live_objects(void)
{
    return mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_KERNEL_OBJECTS);
}

/* A frame paid by a new quota `*payer`, filled with a pattern through a
 * mapping of a copy that is deleted again. */
static long paid_frame(long *payer)
{
    *payer = ipc_obj_create(MICA_CAP_QUOTA, PAYER_BYTES);
    long frame = ipc_slot_alloc();
    if (*payer < 0 || frame < 0 || mica_sys_obj_create(*payer, MICA_CAP_FRAME, PIN_PAGES, frame) < 0)
        return -MICA_ENOMEM;
    long copy, err;
    uint32_t *p = ipc_frame_map_copy(frame, PIN_PAGES, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &copy, &err);
    if (!p)
        return err;
    for (unsigned i = 0; i < PIN_PAGES * MICA_PAGE_SIZE / 4; i++)
        p[i] = 0x9e3779b9u * (i + 1);
    ipc_frame_unmap(p, PIN_PAGES, copy);
    return frame;
}

static const char *pattern_differs(const uint32_t *p)
{
    for (unsigned i = 0; i < PIN_PAGES * MICA_PAGE_SIZE / 4; i++)
        if (p[i] != 0x9e3779b9u * (i + 1))
            return ktest_why("word %u of the pinned frame is 0x%x", i, p[i]);
    return 0;
}

static const char *pin_outlives_the_source(void)
{
    long objects = live_objects(), payer, frame = paid_frame(&payer);
    KT_TRUE(objects > 0);
    KT_OK(frame);
    long payer_before_frame = mica_sys_quota_info(payer);
    uint64_t phys = (uint64_t)ipc_frame_info(frame).second;
    long pin = ipc_frame_pin(frame);
    KT_OK(pin);
    struct ipc_cap_id id = ipc_cap_identify(pin);
    KT_EQ(id.type, MICA_CAP_FRAME);
    KT_EQ(id.rights, MICA_RIGHTS_ALL);
    KT_EQ(live_objects(), objects + 2); /* the payer quota and the frame: a pin is no object */
    /* What a client's exit does: everything the payer paid for is revoked. */
    KT_EQ(mica_sys_cap_revoke(payer), 0);
    KT_EQ(ipc_cap_identify(frame).type, -MICA_EBADF);
    ipc_slot_free(frame);
    KT_EQ(live_objects(), objects + 2);
    KT_EQ(mica_sys_quota_info(payer), payer_before_frame); /* still charged to the payer */
    struct mica_sysret2 info = ipc_frame_info(pin);
    KT_EQ(info.value, PIN_PAGES * MICA_PAGE_SIZE);
    KT_EQ(info.second, phys);
    uint64_t va = ipc_vaddr_reserve(PIN_PAGES);
    KT_TRUE(va != 0);
    KT_EQ(mica_sys_vspace_map(MICA_SLOT_SELF_VSPACE, pin, (long)va, MICA_RIGHT_READ, MICA_SLOT_QUOTA), 0);
    const char *why = pattern_differs((const uint32_t *)(uintptr_t)va);
    if (why)
        return why;
    /* The last cap goes: the frame dies and the payer gets everything back. */
    KT_EQ(ipc_cap_drop(pin), 0);
    KT_EQ(mica_sys_debug_write((long)va, 1), -MICA_EFAULT);
    ipc_vaddr_release(va, PIN_PAGES);
    KT_EQ(live_objects(), objects + 1);
    KT_EQ(mica_sys_quota_info(payer), PAYER_BYTES);
    KT_EQ(ipc_cap_drop(payer), 0);
    KT_EQ(live_objects(), objects);
    return 0;
}

/* The source deleted (not revoked) and a pin of a pin: still the same frame. */
static const char *pin_of_a_deleted_source(void)
{
    long objects = live_objects(), payer, frame = paid_frame(&payer);
    KT_OK(frame);
    long pin = ipc_frame_pin(frame);
    KT_OK(pin);
    long again = ipc_frame_pin(pin);
    KT_OK(again);
    KT_EQ(ipc_cap_drop(frame), 0);
    KT_EQ(ipc_cap_drop(pin), 0);
    long copy, err;
    const uint32_t *p = ipc_frame_map_copy(again, PIN_PAGES, MICA_RIGHT_READ, &copy, &err);
    KT_TRUE(p != 0);
    const char *why = pattern_differs(p);
    if (why)
        return why;
    ipc_frame_unmap((void *)p, PIN_PAGES, copy);
    KT_EQ(ipc_cap_drop(again), 0);
    KT_EQ(mica_sys_quota_info(payer), PAYER_BYTES);
    KT_EQ(ipc_cap_drop(payer), 0);
    KT_EQ(live_objects(), objects);
    return 0;
}

static const char *pin_refusals(void)
{
    long frame = ipc_obj_create(MICA_CAP_FRAME, 1), no_dma = ipc_slot_alloc(), reader = ipc_slot_alloc();
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0), dest = ipc_slot_alloc();
    KT_OK(frame);
    KT_OK(ep);
    KT_EQ(mica_sys_cap_copy(0, no_dma, frame, MICA_RIGHTS_ALL & ~MICA_RIGHT_DMA), 0);
    KT_EQ(mica_sys_frame_pin(MICA_SLOT_QUOTA, no_dma, dest), -MICA_EACCES);
    KT_EQ(mica_sys_frame_pin(MICA_SLOT_QUOTA, ep, dest), -MICA_ENOTTY);
    KT_EQ(mica_sys_frame_pin(MICA_SLOT_QUOTA, dest, dest), -MICA_EBADF);      /* empty source */
    KT_EQ(mica_sys_frame_pin(MICA_SLOT_QUOTA, frame, ep), -MICA_EEXIST);       /* occupied slot */
    KT_EQ(mica_sys_frame_pin(MICA_SLOT_QUOTA, frame, 0), -MICA_EBADF);
    KT_EQ(mica_sys_frame_pin(ep, frame, dest), -MICA_ENOTTY);                  /* not a quota */
    KT_EQ(ipc_cap_identify(dest).type, -MICA_EBADF);                           /* nothing made */
    /* Never more rights than the source: a READ|DMA source gives a READ|DMA pin. */
    KT_EQ(mica_sys_cap_copy(0, reader, frame, MICA_RIGHT_READ | MICA_RIGHT_DMA), 0);
    KT_EQ(mica_sys_frame_pin(MICA_SLOT_QUOTA, reader, dest), 0);
    KT_EQ(ipc_cap_identify(dest).rights, MICA_RIGHT_READ | MICA_RIGHT_DMA);
    KT_EQ(ipc_cap_drop(dest), 0);
    KT_EQ(ipc_cap_drop(reader), 0);
    KT_EQ(ipc_cap_drop(no_dma), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    KT_EQ(ipc_cap_drop(frame), 0);
    return 0;
}

/* A pin belongs to the pinner's quota: revoking it (the pinner's teardown)
 * removes the pin, and then the frame goes with its own last cap. */
static const char *pin_goes_with_the_pinners_quota(void)
{
    long objects = live_objects(), payer, frame = paid_frame(&payer);
    long pinner = ipc_obj_create(MICA_CAP_QUOTA, PAYER_BYTES), pin = ipc_slot_alloc();
    KT_OK(frame);
    KT_OK(pinner);
    KT_EQ(mica_sys_frame_pin(pinner, frame, pin), 0);
    KT_EQ(mica_sys_quota_info(pinner), PAYER_BYTES); /* pinning charges nothing */
    KT_EQ(mica_sys_cap_revoke(pinner), 0);
    KT_EQ(ipc_cap_identify(pin).type, -MICA_EBADF);
    ipc_slot_free(pin);
    KT_EQ(ipc_frame_info(frame).value, PIN_PAGES * MICA_PAGE_SIZE); /* the source is untouched */
    KT_EQ(ipc_cap_drop(frame), 0);
    KT_EQ(mica_sys_quota_info(payer), PAYER_BYTES);
    KT_EQ(ipc_cap_drop(payer), 0);
    KT_EQ(ipc_cap_drop(pinner), 0);
    KT_EQ(live_objects(), objects);
    return 0;
}

const struct ktest_case ktest_pin_cases[] = {
    { "pin.outlives-source-revoke", pin_outlives_the_source },
    { "pin.of-deleted-source", pin_of_a_deleted_source },
    { "pin.refusals", pin_refusals },
    { "pin.pinner-quota-revoke", pin_goes_with_the_pinners_quota },
    { 0, 0 },
};
