/* String and memory routines for the kernel. Simple, but for memcpy's
 * aligned case: the kernel copies user data in bulk only for
 * ipc_window_copy, whose pages are checked before they are copied. */
#include "lib/kstring.h"
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
        uint64_t *dw = dst;
        const uint64_t *sw = src;
        size_t words = n / 8;
        /* Sixteen words a step, loads first: ipc_window_copy moves whole
         * blocks through here, and the loop's bookkeeping then comes once
         * per 128 bytes (about 1,150 instructions for 4 KiB). */
        for (const uint64_t *end = sw + (words & ~(size_t)15); sw != end; dw += 16, sw += 16)
            for (unsigned half = 0; half < 16; half += 8) {
                uint64_t a = sw[half], b = sw[half + 1], c = sw[half + 2], e = sw[half + 3],
                         f = sw[half + 4], g = sw[half + 5], h = sw[half + 6], i = sw[half + 7];
                dw[half] = a, dw[half + 1] = b, dw[half + 2] = c, dw[half + 3] = e;
                dw[half + 4] = f, dw[half + 5] = g, dw[half + 6] = h, dw[half + 7] = i;
            }
        for (words &= 15; words; words--)
            *dw++ = *sw++;
        return dst;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    if ((((uintptr_t)d | n) & 7) == 0) {
        uint64_t v = (uint8_t)c * 0x0101010101010101ull;
        for (size_t i = 0; i < n / 8; i++)
            ((uint64_t *)d)[i] = v;
        return dst;
    }
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const uint8_t *p = s;
    for (size_t i = 0; i < n; i++)
        if (p[i] == (uint8_t)c)
            return (void *)(p + i);
    return NULL;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || !a[i])
            return (uint8_t)a[i] - (uint8_t)b[i];
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}
