/* Word-at-a-time copy and fill (mica/mem_ops.h). Only 8-byte aligned words
 * are loaded and stored: misaligned accesses trap or are slow on real
 * RISC-V cores. Sources and destinations that can never be aligned together
 * fall back to bytes; block buffers and IPC buffers are page aligned, so
 * the fast loops are the ones that run. Built without loop-to-call
 * transformation (lib/build.mk): the compiler would otherwise turn these
 * loops into calls to memcpy, which is this code. */
#include <stdint.h>

#include <mica/mem_ops.h>

/* Words may alias whatever the caller's bytes are. */
typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD sizeof(word_t)
#define BLOCK (8u * WORD)
#define SMALL 32u /* below this, setting up the word loop costs more than it saves */

static size_t bytes_to_align(const void *p)
{
    return (size_t)(-(uintptr_t)p & (WORD - 1u));
}

/* Eight words from s to d, loads first so they can overlap. */
static inline void copy_eight(word_t *d, const word_t *s)
{
    word_t a = s[0], b = s[1], c = s[2], e = s[3], f = s[4], g = s[5], h = s[6], i = s[7];
    d[0] = a, d[1] = b, d[2] = c, d[3] = e, d[4] = f, d[5] = g, d[6] = h, d[7] = i;
}

static void copy_words(word_t *d, const word_t *s, size_t words)
{
    /* Sixteen words an iteration: the loop's three instructions of
     * bookkeeping come once per 128 bytes (a 4 KiB block in about 1,150
     * instructions, 1,250 with eight). */
    for (const word_t *end = s + (words & ~(size_t)15); s != end; d += 16, s += 16) {
        copy_eight(d, s);
        copy_eight(d + 8, s + 8);
    }
    if (words & 8) {
        copy_eight(d, s);
        d += 8, s += 8;
    }
    for (words &= 7; words; words--)
        *d++ = *s++;
}

void *mem_copy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (n >= SMALL && bytes_to_align(d) == bytes_to_align(s)) {
        for (size_t head = bytes_to_align(d); head; head--, n--)
            *d++ = *s++;
        size_t words = n / WORD;
        copy_words((word_t *)(void *)d, (const word_t *)(const void *)s, words);
        d += words * WORD;
        s += words * WORD;
        n -= words * WORD;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *mem_move(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    /* Forward is safe unless the destination starts inside the source. */
    if (d <= s || d >= s + n)
        return mem_copy(dst, src, n);
    if (n >= SMALL && bytes_to_align(d + n) == bytes_to_align(s + n)) {
        /* Backward by words once the ends are aligned. */
        while ((uintptr_t)(d + n) & (WORD - 1u)) {
            n--;
            d[n] = s[n];
        }
        for (; n >= WORD; n -= WORD)
            *(word_t *)(void *)(d + n - WORD) = *(const word_t *)(const void *)(s + n - WORD);
    }
    while (n--)
        d[n] = s[n];
    return dst;
}

void *mem_fill(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    uint8_t byte = (uint8_t)c;
    if (n >= SMALL) {
        for (size_t head = bytes_to_align(d); head; head--, n--)
            *d++ = byte;
        word_t v = byte * 0x0101010101010101ull;
        word_t *w = (word_t *)(void *)d;
        for (; n >= BLOCK; n -= BLOCK, w += 8)
            w[0] = v, w[1] = v, w[2] = v, w[3] = v, w[4] = v, w[5] = v, w[6] = v, w[7] = v;
        for (; n >= WORD; n -= WORD)
            *w++ = v;
        d = (uint8_t *)w;
    }
    while (n--)
        *d++ = byte;
    return dst;
}
