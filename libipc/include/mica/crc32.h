/* CRC-32 as GPT uses it (the IEEE 802.3 polynomial, reflected, initial
 * and final value all ones), in pieces: start with crc32_begin(), feed
 * crc32_update() any number of times, finish with crc32_end(). */
#ifndef MICA_CRC32_H
#define MICA_CRC32_H
#include <stddef.h>
#include <stdint.h>

static inline uint32_t crc32_begin(void)
{
    return 0xffffffffu;
}
uint32_t crc32_update(uint32_t state, const void *data, size_t size);
static inline uint32_t crc32_end(uint32_t state)
{
    return ~state;
}

#endif
