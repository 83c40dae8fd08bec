/* The capabilities protofuzz attaches where the protocol wants none, or
 * wants other ones: frames of the wrong size or rights, ring frames with
 * broken headers, notifications, an endpoint, empty and impossible slots;
 * and the slots that catch whatever caps a fuzzed reply carries. */
#include <mica/abi/caps.h>
#include <mica/cap.h>
#include <mica/proc.h>
#include <mica/spsc_ring.h>

#include "protofuzz.h"

#define RING_PAGES 1u
#define RING_SLOTS 8u

enum { FRAME_1, FRAME_4, FRAME_READ_ONLY, FRAME_NO_DMA, RING_A, RING_B, NTFN, NTFN_SIGNAL,
       ENDPOINT, EMPTY, POOL_COUNT };

static long pool[POOL_COUNT];
static void *ring_map[2];
static uint64_t scratch[MICA_MSG_MAX_CAPS];

static long copy_with(long src, unsigned rights)
{
    long slot = ipc_slot_alloc();
    if (slot < 0 || mica_sys_cap_copy(0, slot, src, rights) < 0)
        return -1;
    return slot;
}

int pf_caps_init(void)
{
    long err = 0;
    const unsigned rw = MICA_RIGHT_READ | MICA_RIGHT_WRITE;
    if (!ipc_frame_map_new(1, rw, &pool[FRAME_1], &err) ||
        !(ring_map[0] = ipc_frame_map_new(RING_PAGES, rw, &pool[RING_A], &err)) ||
        !(ring_map[1] = ipc_frame_map_new(RING_PAGES, rw, &pool[RING_B], &err)))
        return pf_fail("cannot make the fuzzer's frames: %ld", err);
    pool[FRAME_4] = ipc_obj_create(MICA_CAP_FRAME, 4);
    pool[NTFN] = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    pool[ENDPOINT] = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    pool[FRAME_READ_ONLY] = copy_with(pool[FRAME_1], MICA_RIGHT_READ | MICA_RIGHT_DMA);
    pool[FRAME_NO_DMA] = copy_with(pool[FRAME_1], rw);
    pool[NTFN_SIGNAL] = copy_with(pool[NTFN], MICA_RIGHT_WRITE);
    pool[EMPTY] = ipc_slot_alloc();
    for (unsigned i = 0; i < MICA_MSG_MAX_CAPS; i++)
        scratch[i] = (uint64_t)ipc_slot_alloc();
    for (unsigned i = 0; i < POOL_COUNT; i++)
        if (pool[i] <= 0)
            return pf_fail("cannot make the fuzzer's capability %u: %ld", i, pool[i]);
    return 0;
}

uint64_t pf_caps_pick(const struct pf_disk *d)
{
    switch (pf_below(10)) {
    case 0:
        return d && d->open ? (uint64_t)d->h.ep : (uint64_t)pool[ENDPOINT];
    case 1:
        return d ? (uint64_t)d->door : (uint64_t)pool[ENDPOINT];
    case 2:
        return MICA_CHILD_SLOT_NAMES;
    case 3:
        return pf_chance(2) ? 0 : pf_random();
    case 4:
        return d && d->open ? (uint64_t)d->h.buffer_frames[0] : (uint64_t)pool[FRAME_4];
    default:
        return (uint64_t)pool[pf_below(POOL_COUNT)];
    }
}

uint64_t pf_caps_notification(void)
{
    return (uint64_t)(pf_chance(4) ? pool[pf_below(POOL_COUNT)] : pool[NTFN_SIGNAL]);
}

void pf_caps_expect(void)
{
    ipc_set_recv_slots(scratch, MICA_MSG_MAX_CAPS);
}

void pf_caps_collect(void)
{
    ipc_set_recv_slots(0, 0);
    for (unsigned i = 0; i < MICA_MSG_MAX_CAPS; i++) {
        struct ipc_cap_id id = ipc_cap_identify((long)scratch[i]);
        /* A block handle a fuzzed OPEN made: closed at once with a
         * well-formed CLOSE, so no handle but the session's stays open. */
        if (id.type == MICA_CAP_ENDPOINT && id.badge != 0)
            ipc_call((long)scratch[i], MICA_MSGINFO(BLK_LABEL(BLK_MSG_CLOSE), 0, 0), 0, 0, 0, 0);
        mica_sys_cap_delete(0, (long)scratch[i]);
    }
}

/* Formats a ring frame, then perhaps breaks its header one way. */
static void format_ring(void *region, uint32_t entry_size)
{
    struct spsc_ring_shared *s = region;
    uint32_t capacity = pf_chance(4) ? 1u << pf_below(8) : RING_SLOTS;
    if (spsc_ring_init(region, RING_PAGES * 4096u, capacity, pf_chance(6) ? 16u : entry_size) < 0)
        spsc_ring_init(region, RING_PAGES * 4096u, RING_SLOTS, entry_size);
    switch (pf_below(10)) {
    case 0:
        s->magic ^= 1u << pf_below(32);
        break;
    case 1:
        s->version = (uint32_t)pf_random();
        break;
    case 2:
        s->capacity = (uint32_t)pf_random();
        break;
    case 3:
        s->entry_size = (uint32_t)pf_below(64);
        break;
    case 4:
        atomic_store(&s->producer_index, (uint32_t)pf_random());
        break;
    case 5:
        atomic_store(&s->consumer_index, (uint32_t)pf_random());
        break;
    default:
        break; /* well-formed */
    }
}

void pf_caps_ring_frames(uint64_t *submission, uint64_t *completion)
{
    format_ring(ring_map[0], sizeof(struct blk_submission));
    format_ring(ring_map[1], sizeof(struct blk_completion));
    *submission = (uint64_t)pool[RING_A];
    *completion = (uint64_t)pool[RING_B];
    if (pf_chance(8)) { /* swapped */
        *submission = (uint64_t)pool[RING_B];
        *completion = (uint64_t)pool[RING_A];
    }
    if (pf_chance(8))
        *submission = pf_caps_pick(0);
    if (pf_chance(8))
        *completion = pf_caps_pick(0);
}
