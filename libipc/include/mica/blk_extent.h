/* A physically contiguous piece of a request's data, for DMA: what the
 * block-server framework hands a driver and what the virtio-blk request
 * builder walks, one type so a request's pieces pass through untouched. */
#ifndef MICA_BLK_EXTENT_H
#define MICA_BLK_EXTENT_H
#include <stdint.h>

struct blk_extent {
    uint64_t phys;
    uint64_t len;
};

#endif
