/* Frames: physically contiguous RAM pages (zeroed at creation, freed with
 * the object) and device frames (an MMIO range from the device tree, never
 * freed, never executable). A frame is never writable and executable at
 * once, through one mapping or two. */
#pragma once
#include <stdint.h>
#include "object.h"

struct frame {
    struct kobj obj;
    uint64_t phys;
    uint64_t size;          /* bytes, a multiple of the page size */
    uint8_t device;
    /* W^X across mappings: how many caps to this frame are mapped writable,
     * and how many executable, in any address space now. Kept by
     * vspace_map_cap/vspace_unmap_cap under the big kernel lock; never both
     * non-zero (decode_vspace_map refuses the second kind). */
    uint32_t writable_maps, exec_maps;
};

struct frame *frame_create(struct quota *q, uint64_t pages, long *err);
struct frame *device_frame_create(uint64_t phys, uint64_t size, long *err);
void frame_destroy(struct frame *f);
