/* Cutting a byte stream into a hash's input blocks, for SHA-256 and SHA-512:
 * whole blocks go to the compression function straight from the caller's
 * buffer, a remainder waits in the context's pending bytes. Inline, so each
 * hash's file is all its users need to compile. */
#ifndef MICA_BLOCK_FEED_H
#define MICA_BLOCK_FEED_H

#include <stddef.h>
#include <stdint.h>

/* pending holds block_size bytes, *pending_bytes of them used (fewer than
 * block_size before and after the call). */
static inline void block_feed(void *state, void (*compress)(void *state, const uint8_t *block),
                              uint8_t *pending, size_t *pending_bytes, size_t block_size,
                              const void *data, size_t len)
{
    const uint8_t *bytes = data;
    if (*pending_bytes > 0) {
        while (len > 0 && *pending_bytes < block_size) {
            pending[(*pending_bytes)++] = *bytes++;
            len--;
        }
        if (*pending_bytes < block_size)
            return;
        compress(state, pending);
        *pending_bytes = 0;
    }
    /* Whole blocks straight from the caller's buffer: no copy. */
    for (; len >= block_size; len -= block_size, bytes += block_size)
        compress(state, bytes);
    while (len-- > 0)
        pending[(*pending_bytes)++] = *bytes++;
}

#endif
