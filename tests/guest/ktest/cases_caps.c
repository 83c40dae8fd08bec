/* Capability operations: copy, mint, move, delete, revoke, identify and derived,
 * and the rules that no sequence of them widens a capability. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

#include "ktest.h"

static const char *copy_keeps_only_requested_rights(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long weak = ipc_slot_alloc(), wider = ipc_slot_alloc();
    KT_OK(ep);
    struct ipc_cap_id id = ipc_cap_identify(ep);
    KT_EQ(id.type, MICA_CAP_ENDPOINT);
    KT_EQ(id.rights, MICA_RIGHTS_ALL);
    KT_EQ(mica_sys_cap_copy(0, weak, ep, MICA_RIGHT_READ), 0);
    KT_EQ(ipc_cap_identify(weak).rights, MICA_RIGHT_READ);
    /* Asking for more than the source has yields no more than the source. */
    KT_EQ(mica_sys_cap_copy(0, wider, weak, MICA_RIGHTS_ALL), 0);
    KT_EQ(ipc_cap_identify(wider).rights, MICA_RIGHT_READ);
    KT_EQ(ipc_cap_drop(wider), 0);
    KT_EQ(ipc_cap_drop(weak), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

static const char *mint_sets_a_badge_once(void)
{
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long badged = ipc_slot_alloc(), again = ipc_slot_alloc(), frame = ipc_obj_create(MICA_CAP_FRAME, 1);
    KT_OK(ntfn);
    KT_OK(frame);
    KT_EQ(mica_sys_cap_mint(0, badged, ntfn, MICA_RIGHT_WRITE, 0x40), 0);
    struct ipc_cap_id id = ipc_cap_identify(badged);
    KT_EQ(id.badge, 0x40);
    KT_EQ(id.rights, MICA_RIGHT_WRITE);
    KT_EQ(mica_sys_cap_mint(0, again, badged, MICA_RIGHT_WRITE, 0x80), -MICA_EPERM);
    KT_EQ(mica_sys_cap_mint(0, again, ntfn, MICA_RIGHT_WRITE, 0), -MICA_ERANGE);
    KT_EQ(mica_sys_cap_mint(0, again, ntfn, MICA_RIGHT_WRITE, (long)(MICA_BADGE_MAX + 1)),
          -MICA_ERANGE);
    KT_EQ(mica_sys_cap_mint(0, again, frame, MICA_RIGHT_READ, 1), -MICA_EINVAL);
    /* A copy of a badged cap keeps its badge. */
    KT_EQ(mica_sys_cap_copy(0, again, badged, MICA_RIGHTS_ALL), 0);
    KT_EQ(ipc_cap_identify(again).badge, 0x40);
    long slots[] = { again, badged, frame, ntfn };
    for (unsigned i = 0; i < 4; i++)
        KT_EQ(ipc_cap_drop(slots[i]), 0);
    return 0;
}

/* Only a holder of ADMIN over the unbadged original chooses badges: a copy
 * without it (what a client is given) mints nothing, however it got it. */
static const char *mint_needs_admin(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0), ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    long door = ipc_slot_alloc(), signal = ipc_slot_alloc(), out = ipc_slot_alloc();
    KT_OK(ep);
    KT_OK(ntfn);
    KT_EQ(mica_sys_cap_copy(0, door, ep, MICA_RIGHTS_ALL & ~MICA_RIGHT_ADMIN), 0);
    KT_EQ(mica_sys_cap_copy(0, signal, ntfn, MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_mint(0, out, door, MICA_RIGHT_WRITE, 0x4000000000000100), -MICA_EACCES);
    KT_EQ(mica_sys_cap_mint(0, out, signal, MICA_RIGHT_WRITE, 1), -MICA_EACCES);
    KT_EQ(ipc_cap_identify(out).type, -MICA_EBADF); /* nothing was made */
    /* A copy that keeps ADMIN keeps the authority. */
    KT_EQ(ipc_cap_drop(door), 0);
    door = ipc_slot_alloc();
    KT_EQ(mica_sys_cap_copy(0, door, ep, MICA_RIGHT_WRITE | MICA_RIGHT_ADMIN), 0);
    KT_EQ(mica_sys_cap_mint(0, out, door, MICA_RIGHTS_ALL, 9), 0);
    struct ipc_cap_id id = ipc_cap_identify(out);
    KT_EQ(id.badge, 9);
    KT_EQ(id.rights, MICA_RIGHT_WRITE | MICA_RIGHT_ADMIN);
    long slots[] = { out, door, signal, ntfn, ep };
    for (unsigned i = 0; i < 5; i++)
        KT_EQ(ipc_cap_drop(slots[i]), 0);
    return 0;
}

static const char *move_and_delete(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long to = ipc_slot_alloc();
    KT_OK(ep);
    KT_EQ(mica_sys_cap_move(0, to, ep), 0);
    KT_EQ(ipc_cap_identify(ep).type, -MICA_EBADF);
    KT_EQ(ipc_cap_identify(to).type, MICA_CAP_ENDPOINT);
    KT_EQ(mica_sys_cap_move(0, to, to), -MICA_EEXIST);
    KT_EQ(mica_sys_cap_delete(0, to), 0);
    KT_EQ(mica_sys_cap_delete(0, to), -MICA_EBADF);
    ipc_slot_free(ep);
    ipc_slot_free(to);
    return 0;
}

static const char *revoke_removes_every_descendant(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long child = ipc_slot_alloc(), grandchild = ipc_slot_alloc(), minted = ipc_slot_alloc();
    KT_OK(ep);
    KT_EQ(mica_sys_cap_copy(0, child, ep, MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_copy(0, grandchild, child, MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_mint(0, minted, ep, MICA_RIGHT_WRITE, 7), 0);
    KT_EQ(mica_sys_cap_revoke(ep), 0);
    KT_EQ(ipc_cap_identify(child).type, -MICA_EBADF);
    KT_EQ(ipc_cap_identify(grandchild).type, -MICA_EBADF);
    KT_EQ(ipc_cap_identify(minted).type, -MICA_EBADF);
    KT_EQ(ipc_cap_identify(ep).type, MICA_CAP_ENDPOINT); /* the root stays */
    /* A used slot is usable again afterwards. */
    KT_EQ(mica_sys_cap_copy(0, child, ep, MICA_RIGHT_READ), 0);
    KT_EQ(mica_sys_cap_revoke(child), 0); /* no descendants: nothing happens */
    KT_EQ(ipc_cap_identify(child).type, MICA_CAP_ENDPOINT);
    KT_EQ(ipc_cap_drop(child), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    ipc_slot_free(grandchild);
    ipc_slot_free(minted);
    return 0;
}

static const char *delete_refunds_the_quota(void)
{
    long before = mica_sys_quota_info(MICA_SLOT_QUOTA);
    long types[] = { MICA_CAP_ENDPOINT, MICA_CAP_NOTIFICATION, MICA_CAP_THREAD, MICA_CAP_VSPACE };
    long made[4];
    for (unsigned i = 0; i < 4; i++) {
        made[i] = ipc_obj_create((unsigned)types[i], 0);
        KT_OK(made[i]);
        KT_EQ(ipc_cap_identify(made[i]).type, types[i]);
    }
    long frame = ipc_obj_create(MICA_CAP_FRAME, 3);
    long cnode = ipc_obj_create(MICA_CAP_CNODE, 16);
    KT_OK(frame);
    KT_OK(cnode);
    KT_EQ(ipc_frame_info(frame).value, 3 * MICA_PAGE_SIZE);
    KT_TRUE(mica_sys_quota_info(MICA_SLOT_QUOTA) <= before - 3 * (long)MICA_PAGE_SIZE);
    for (unsigned i = 0; i < 4; i++)
        KT_EQ(ipc_cap_drop(made[i]), 0);
    KT_EQ(ipc_cap_drop(frame), 0);
    KT_EQ(ipc_cap_drop(cnode), 0);
    KT_EQ(mica_sys_quota_info(MICA_SLOT_QUOTA), before);
    return 0;
}

static const char *quota_exhaustion_fails_cleanly(void)
{
    const long budget = 64 * 1024;
    long q = ipc_obj_create(MICA_CAP_QUOTA, (uint64_t)budget);
    KT_OK(q);
    KT_EQ(mica_sys_quota_info(q), budget);
    long frames[32];
    unsigned n = 0;
    long r = 0;
    while (n < 32) {
        long slot = ipc_slot_alloc();
        r = mica_sys_obj_create(q, MICA_CAP_FRAME, 1, slot);
        if (r < 0) {
            ipc_slot_free(slot);
            break;
        }
        frames[n++] = slot;
    }
    KT_EQ(r, -MICA_ENOMEM);
    /* Each frame also pays for its small kernel header. */
    KT_TRUE(n >= budget / MICA_PAGE_SIZE - 1 && n < budget / MICA_PAGE_SIZE);
    long left = mica_sys_quota_info(q);
    KT_TRUE(left >= 0 && left < 2 * (long)MICA_PAGE_SIZE);
    /* A child quota cannot be larger than what is left. */
    KT_EQ(mica_sys_obj_create(q, MICA_CAP_QUOTA, (long)budget, MICA_SLOT_FIRST_FREE + 110),
          -MICA_ENOMEM);
    for (unsigned i = 0; i < n; i++)
        KT_EQ(ipc_cap_drop(frames[i]), 0);
    KT_EQ(mica_sys_quota_info(q), budget);
    long before = mica_sys_quota_info(MICA_SLOT_QUOTA);
    KT_EQ(ipc_cap_drop(q), 0);
    KT_TRUE(mica_sys_quota_info(MICA_SLOT_QUOTA) >= before + budget);
    return 0;
}

/* cap_derived counts copies at any depth: a copy of a copy still counts
 * after the copy in between is deleted (its children move up). */
static const char *derived_sees_copies_at_any_depth(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long badged = ipc_slot_alloc(), copy = ipc_slot_alloc(), copy_of_copy = ipc_slot_alloc();
    KT_OK(ep);
    KT_EQ(mica_sys_cap_mint(0, badged, ep, MICA_RIGHT_WRITE, 0x21), 0);
    KT_EQ(mica_sys_cap_derived(ep), 1);
    KT_EQ(mica_sys_cap_derived(badged), 0);
    KT_EQ(mica_sys_cap_copy(0, copy, badged, MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_derived(badged), 1);
    KT_EQ(mica_sys_cap_copy(0, copy_of_copy, copy, MICA_RIGHT_WRITE), 0);
    KT_EQ(ipc_cap_drop(copy), 0);
    KT_EQ(mica_sys_cap_derived(badged), 1);
    KT_EQ(ipc_cap_drop(copy_of_copy), 0);
    KT_EQ(mica_sys_cap_derived(badged), 0);
    KT_EQ(mica_sys_cap_derived(copy), -MICA_EBADF);
    KT_EQ(ipc_cap_drop(badged), 0);
    KT_EQ(mica_sys_cap_derived(ep), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

/* A copy in a cspace paid for by a quota goes when that quota is revoked
 * (the cnode dies with its last cap): the way a stopped process's copies go. */
static const char *derived_ends_with_the_holders_quota(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long q = ipc_obj_create(MICA_CAP_QUOTA, 16 * 1024);
    KT_OK(ep);
    KT_OK(q);
    long cnode = ipc_slot_alloc();
    KT_EQ(mica_sys_obj_create(q, MICA_CAP_CNODE, 8, cnode), 0);
    KT_EQ(mica_sys_cap_copy(cnode, 3, ep, MICA_RIGHT_WRITE), 0);
    KT_EQ(mica_sys_cap_derived(ep), 1);
    KT_EQ(mica_sys_cap_revoke(q), 0);
    KT_EQ(ipc_cap_identify(cnode).type, -MICA_EBADF);
    KT_EQ(mica_sys_cap_derived(ep), 0);
    ipc_slot_free(cnode);
    KT_EQ(ipc_cap_drop(q), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

const struct ktest_case ktest_cap_cases[] = {
    { "cap.copy-rights", copy_keeps_only_requested_rights },
    { "cap.mint-badge", mint_sets_a_badge_once },
    { "cap.mint-needs-admin", mint_needs_admin },
    { "cap.move-delete", move_and_delete },
    { "cap.revoke", revoke_removes_every_descendant },
    { "cap.create-delete-refund", delete_refunds_the_quota },
    { "cap.quota-exhaustion", quota_exhaustion_fails_cleanly },
    { "cap.derived", derived_sees_copies_at_any_depth },
    { "cap.derived-quota-revoke", derived_ends_with_the_holders_quota },
    { 0, 0 },
};
