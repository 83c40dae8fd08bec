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
        /* Eight words a step, loads first: ipc_window_copy moves whole
         * blocks through here, at about a third of the simple loop's cost. */
        for (; words >= 8; words -= 8, dw += 8, sw += 8) {
            uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3], f = sw[4], g = sw[5], h = sw[6],
                     i = sw[7];
            dw[0] = a, dw[1] = b, dw[2] = c, dw[3] = e, dw[4] = f, dw[5] = g, dw[6] = h, dw[7] = i;
        }
        for (; words; words--)
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
