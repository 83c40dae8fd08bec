/* Word-at-a-time memory copy and fill for user space. The C library's
 * versions are built for size and move one byte per iteration, about six
 * instructions a byte: that, not IPC, bounded the ramdisk and every bounce
 * copy. libipc exports these as memcpy/memmove/memset; the host tests call
 * them by these names next to the host's own. */
#ifndef MICA_MEM_OPS_H
#define MICA_MEM_OPS_H
#include <stddef.h>

void *mem_copy(void *dst, const void *src, size_t n);
void *mem_move(void *dst, const void *src, size_t n);
void *mem_fill(void *dst, int c, size_t n);

#endif
