/* How a block server encodes a handle in the badge of the capability it
 * mints for each open: the table index in the low bits, the open's
 * generation above it, and a marker bit, so a badge that outlives its handle
 * (a reused index) or one minted by someone else never names a handle. */
#ifndef MICA_BLK_HANDLE_BADGE_H
#define MICA_BLK_HANDLE_BADGE_H
#include <stdint.h>

#include <mica/abi/caps.h>

#define BLK_BADGE_INDEX_BITS 8u
#define BLK_BADGE_HANDLE (1ull << 62)
#define BLK_BADGE_INDEX_MASK ((1ull << BLK_BADGE_INDEX_BITS) - 1u)
/* Generations wrap below the marker bit. */
#define BLK_BADGE_GENERATION_MAX ((BLK_BADGE_HANDLE - 1u) >> BLK_BADGE_INDEX_BITS)
_Static_assert(BLK_BADGE_HANDLE <= MICA_BADGE_MAX, "the marker is a badge bit");

static inline uint64_t blk_handle_badge(uint64_t generation, unsigned index)
{
    return BLK_BADGE_HANDLE | generation << BLK_BADGE_INDEX_BITS | index;
}

static inline unsigned blk_handle_badge_index(uint64_t badge)
{
    return (unsigned)(badge & BLK_BADGE_INDEX_MASK);
}

#endif
