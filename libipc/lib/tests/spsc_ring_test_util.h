/* What the spsc ring's host tests share: regions of exactly the validated
 * size, rings made in them, and a recognisable submission per sequence
 * number. Included by spsc_ring_test.c and spsc_ring_threads_test.c after
 * cmocka.h. */
#ifndef SPSC_RING_TEST_UTIL_H
#define SPSC_RING_TEST_UTIL_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mica/blk_ring.h>
#include <mica/spsc_ring.h>

/* Regions are allocated at exactly the validated size, so AddressSanitizer
 * reports any access a hostile header could provoke outside them. */
static inline void *alloc_region(size_t size)
{
    size_t rounded = (size + SPSC_RING_CACHE_LINE - 1) / SPSC_RING_CACHE_LINE * SPSC_RING_CACHE_LINE;
    void *region = aligned_alloc(SPSC_RING_CACHE_LINE, rounded);

    assert_non_null(region);
    memset(region, 0xa5, rounded);
    return region;
}

static inline void *make_ring(uint32_t capacity, uint32_t entry_size, size_t *size_out)
{
    size_t size = spsc_ring_region_size(capacity, entry_size);
    void *region;

    assert_int_not_equal(size, 0);
    region = alloc_region(size);
    assert_int_equal(spsc_ring_init(region, size, capacity, entry_size), 0);
    *size_out = size;
    return region;
}

static inline struct blk_submission submission_for(uint64_t seq)
{
    return (struct blk_submission){
        .request_id = seq,
        .opcode = (uint8_t)(seq % 3),
        .flags = (uint8_t)(seq >> 3),
        .length = (uint32_t)(seq * 512),
        .lba = seq * 0x9E3779B97F4A7C15ull,
        .buffer_offset = ~seq,
    };
}

#endif
