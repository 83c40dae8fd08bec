/* Kernel memory comes back whole: about 100,000 small objects of every slab
 * size class, made and freed, leave the kernel's free pages and slab pages
 * exactly as they were, and the quota they used buys one large frame. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>

#include "ktest.h"

#define HOLDER_SLOTS 4096u

static long info(long what)
{
    return mica_sys_system_info(MICA_SLOT_SYSTEM, what);
}

/* One kind of object per slab class: notifications, and cnodes whose slot
 * count puts them in the next class up. */
static const struct {
    unsigned type;
    uint64_t size;
    unsigned count;
} kinds[] = {
    { MICA_CAP_NOTIFICATION, 0, 65520 }, { MICA_CAP_CNODE, 1, 16380 }, { MICA_CAP_CNODE, 2, 8190 },
    { MICA_CAP_CNODE, 5, 8190 },         { MICA_CAP_CNODE, 11, 4095 }, { MICA_CAP_CNODE, 25, 4095 },
};

/* Makes `count` objects, each moved into a slot of a holder cnode so they
 * are all alive at once, then deletes the holders (and with them every
 * object). Returns 0 or the first error. */
static long churn(unsigned type, uint64_t size, unsigned count)
{
    long holders[32];
    unsigned nholders = (count + HOLDER_SLOTS - 2) / (HOLDER_SLOTS - 1);
    long scratch = ipc_slot_alloc(), r = 0;
    if (nholders > 32 || scratch < 0)
        return -MICA_EINVAL;
    for (unsigned h = 0; h < nholders; h++)
        holders[h] = ipc_obj_create(MICA_CAP_CNODE, HOLDER_SLOTS);
    for (unsigned i = 0; i < count && r >= 0; i++) {
        long holder = holders[i / (HOLDER_SLOTS - 1)];
        r = holder < 0 ? holder : mica_sys_obj_create(MICA_SLOT_QUOTA, type, (long)size, scratch);
        if (r >= 0) /* slot 0 of a cnode is never used */
            r = mica_sys_cap_move(holder, (long)(i % (HOLDER_SLOTS - 1)) + 1, scratch);
    }
    for (unsigned h = 0; h < nholders; h++)
        if (holders[h] >= 0)
            ipc_cap_drop(holders[h]);
    ipc_slot_free(scratch);
    return r;
}

static const char *slab_pages_go_back(void)
{
    long free_before = info(MICA_INFO_FREE_PAGES), slab_before = info(MICA_INFO_SLAB_PAGES);
    long objects_before = info(MICA_INFO_KERNEL_OBJECTS), quota_before = mica_sys_quota_info(MICA_SLOT_QUOTA);
    KT_TRUE(free_before > 0 && slab_before > 0);
    unsigned made = 0;
    for (unsigned k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        KT_EQ(churn(kinds[k].type, kinds[k].size, kinds[k].count), 0);
        made += kinds[k].count;
        /* Compared after every class: a page kept by one class would be
         * missed if another class happened to give one extra back. */
        KT_EQ(info(MICA_INFO_SLAB_PAGES), slab_before);
        KT_EQ(info(MICA_INFO_FREE_PAGES), free_before);
    }
    KT_TRUE(made >= 100000);
    KT_EQ(info(MICA_INFO_KERNEL_OBJECTS), objects_before);
    KT_EQ(mica_sys_quota_info(MICA_SLOT_QUOTA), quota_before);
    /* All the quota left, less a page for the frame's own header, as one frame. */
    long pages = quota_before / (long)MICA_PAGE_SIZE - 1;
    long frame = ipc_obj_create(MICA_CAP_FRAME, (uint64_t)pages);
    if (frame < 0)
        return ktest_why("a frame of %ld pages the quota covers: %s", pages, ktest_code(frame));
    KT_EQ(ipc_cap_drop(frame), 0);
    KT_EQ(info(MICA_INFO_FREE_PAGES), free_before);
    return 0;
}

const struct ktest_case ktest_slab_cases[] = {
    { "mem.slab-pages-return", slab_pages_go_back },
    { 0, 0 },
};
