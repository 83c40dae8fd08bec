/* Capability and memory helpers over the raw syscalls: a slot allocator for
 * the caller's own cspace, object creation from the caller's quota, and
 * frames mapped into the caller's own address space. */
#ifndef MICA_CAP_H
#define MICA_CAP_H
#include <stdint.h>

#include <mica/abi/caps.h>
#include <mica/syscall.h>

/* Free slots of this process's cspace are [first, limit). The runtime
 * starts with [MICA_SLOT_FIRST_FREE, MICA_CHILD_CNODE_SLOTS); init widens it. */
void ipc_slots_init(unsigned first, unsigned limit);
/* An empty slot index, or -MICA_ENOSPC. */
long ipc_slot_alloc(void);
void ipc_slot_free(long slot);
/* How many slots ipc_slot_alloc could still hand out: a leak check's figure. */
unsigned ipc_slots_free(void);

/* Creates an object from the process's quota into a new slot; returns the
 * slot or a negative error (the slot is released then). */
long ipc_obj_create(unsigned type, uint64_t size);
/* Deletes the capability and releases the slot; a slot it cannot delete
 * from (already empty) stays allocated. */
long ipc_cap_drop(long slot);
/* For a slot whose capability may be gone already (a revoke elsewhere,
 * such as the end of the process whose object it named, empties it):
 * deleted if it still holds one, released either way; 0 does nothing. */
void ipc_slot_forget(long slot);

/* A pin of a RAM frame cap (which needs DMA) into a new slot: same frame,
 * same rights, but a child of this process's quota instead of `frame`, so
 * revoking or deleting `frame` leaves it and the memory stays allocated
 * until the pin is dropped. Returns the slot or a negative error. */
long ipc_frame_pin(long frame);

struct ipc_cap_id {
    long type;          /* enum mica_cap_type, or a negative error */
    unsigned rights;
    uint64_t badge;
};
struct ipc_cap_id ipc_cap_identify(long slot);

/* Frame size in bytes (or a negative error) and, with the DMA right, its
 * physical address. */
struct mica_sysret2 ipc_frame_info(long frame);

/* Reserves pages of the process's dynamic region (and an unmapped guard
 * page after them). Returns the address, or 0 when the region is exhausted. */
uint64_t ipc_vaddr_reserve(uint64_t pages);
/* Gives back a range ipc_vaddr_reserve returned (same pages), after its
 * mappings are gone; later reservations may reuse it. */
void ipc_vaddr_release(uint64_t va, uint64_t pages);

/* A new frame of `pages` mapped with `rights` into this address space.
 * Returns the address (0 on failure, *err set) and the frame's slot. */
void *ipc_frame_map_new(uint64_t pages, unsigned rights, long *frame_slot, long *err);
/* Maps a copy of an existing frame cap (keeping `rights`) into this address
 * space at a fresh address; *copy_slot receives the mapped copy. */
void *ipc_frame_map_copy(long frame, uint64_t pages, unsigned rights, long *copy_slot,
                         long *err);
/* Unmaps and deletes a mapped frame cap made by the two calls above and
 * releases its addresses. */
void ipc_frame_unmap(void *addr, uint64_t pages, long frame_slot);

#endif
