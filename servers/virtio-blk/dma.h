/* DMA memory: frames created from the DMA quota init granted (physically
 * contiguous and zeroed), mapped read-write here, with the physical address
 * the device needs (frame_info gives it only because the frame has DMA). */
#ifndef VBLK_DMA_H
#define VBLK_DMA_H
#include <stdint.h>

struct dma_region {
    uint8_t *va;
    uint64_t phys;
    uint64_t bytes;
    long frame; /* its frame cap */
};

/* 0 or a negative MICA_E* code; *what names the step that failed. */
long dma_alloc(struct dma_region *r, uint64_t bytes, const char **what);
/* Unmaps and deletes the region's frame: its bytes go back to the DMA quota.
 * Only once the device no longer uses it. */
void dma_free(struct dma_region *r);

#endif
