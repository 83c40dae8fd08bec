/* CRC-32 (reflected polynomial 0xedb88320) a byte at a time from a
 * 16-entry table per nibble: GPT headers and entry arrays are read once per
 * table read, so small code beats a 1 KiB table. */
#include <mica/crc32.h>

static const uint32_t nibble[16] = {
    0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
    0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
    0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
};

uint32_t crc32_update(uint32_t state, const void *data, size_t size)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < size; i++) {
        state ^= p[i];
        state = (state >> 4) ^ nibble[state & 15u];
        state = (state >> 4) ^ nibble[state & 15u];
    }
    return state;
}
