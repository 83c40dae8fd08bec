/* Frames: physically contiguous RAM pages (zeroed at creation, freed with
 * the object) and device frames (an MMIO range from the device tree, never
 * freed, never executable). */
#pragma once
#include <stdint.h>
#include "object.h"

struct frame {
    struct kobj obj;
    uint64_t phys;
    uint64_t size;          /* bytes, a multiple of the page size */
    uint8_t device;
};

struct frame *frame_create(struct quota *q, uint64_t pages, long *err);
struct frame *device_frame_create(uint64_t phys, uint64_t size, long *err);
void frame_destroy(struct frame *f);
