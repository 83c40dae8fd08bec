/* The C library's memcpy, memmove and memset, replaced by the word-at-a-time
 * versions in libipc/lib/mem_ops.c (why: mica/mem_ops.h). Defined here, ahead of
 * picolibc in every link, so static programs and the shared runtime (which
 * exports them to servers) all use them, as do the compiler's own calls. */
#include <mica/mem_ops.h>
#include <mica/rt_string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
    return mem_copy(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
    return mem_move(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
    return mem_fill(dst, c, n);
}
