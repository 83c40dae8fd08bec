/* Declarations shared by the loader's files: the per-section and per-symbol
 * records kept in the caller's scratch memory, byte access to the image, the
 * error formatter, and the steps loader.c strings together. */

#ifndef LOADER_INTERNAL_H
#define LOADER_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mica/loader.h>

#include <mica/abi/elf64.h>

/* Past loader_decode_image the image is known good; a failed check there is a
 * loader bug, not bad input, and stops the program on the spot. */
#define LOADER_ASSERT(cond, invariant) \
    do {                               \
        if (!(cond))                   \
            __builtin_trap();          \
    } while (0)

struct loader_section {
    const char *name;
    uint64_t offset; /* in the file; meaningless for NOBITS */
    uint64_t size;
    uint64_t flags;
    uint64_t alignment; /* power of two, at least 1 */
    uint32_t type;
    uint32_t link;
    uint32_t info;
    uint32_t rela_index; /* RELA section that applies to this one, 0 = none */
    uint32_t relocation_count; /* entries of that RELA section */
    bool relocations_sorted;   /* by offset, so a HI20 is found by bisection */
    uint8_t region;            /* enum loader_region_kind */
    uint64_t region_offset;    /* of the section inside its region */
};

#define LOADER_SYMBOL_IMPORT 0x1u  /* undefined: resolved against the runtime */
#define LOADER_SYMBOL_WEAK 0x2u
#define LOADER_SYMBOL_RESOLVED 0x4u /* value holds the import's address */
#define LOADER_SYMBOL_ABSENT 0x8u   /* weak import bound to nothing: value 0 */

struct loader_symbol {
    uint64_t value;    /* defined: offset in its section; import: address */
    uint32_t got_slot; /* 1-based index in the GOT, 0 = none */
    uint16_t shndx;
    uint8_t flags;
    uint8_t reserved;
};

/* Scratch never outgrows LOADER_SCRATCH_BOUND: each record (and sort key) is at
 * most twice the ELF entry it describes, plus alignment. */
_Static_assert(sizeof(struct loader_section) + sizeof(uint32_t) <= 2 * sizeof(struct elf64_shdr),
               "section record outgrows the scratch bound");
_Static_assert(sizeof(struct loader_symbol) <= sizeof(struct elf64_sym),
               "symbol record outgrows the scratch bound");

/* Byte access: image offsets are validated, alignment never assumed. The
 * copy and the fill move whole words when both ends allow it: an image in
 * the initrd starts 4-byte aligned (cpio), often 8, and its tables are read
 * entry by entry, so a byte loop here was most of what decoding cost. Only
 * aligned words are touched (misaligned accesses trap or are slow on real
 * RISC-V cores). */
typedef uint64_t __attribute__((may_alias)) loader_word64;
typedef uint32_t __attribute__((may_alias)) loader_word32;

static inline void loader_copy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    uintptr_t both = (uintptr_t)d | (uintptr_t)s;
    if ((both & 7u) == 0)
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(loader_word64 *)(void *)d = *(const loader_word64 *)(const void *)s;
    else if ((both & 3u) == 0)
        for (; n >= 4; n -= 4, d += 4, s += 4)
            *(loader_word32 *)(void *)d = *(const loader_word32 *)(const void *)s;
    while (n--)
        *d++ = *s++;
}

static inline void loader_zero(void *dst, size_t n)
{
    /* volatile keeps the compiler from calling memset */
    volatile uint8_t *d = dst;
    for (; n && ((uintptr_t)d & 7u) != 0; n--)
        *d++ = 0;
    for (; n >= 8; n -= 8, d += 8)
        *(volatile loader_word64 *)(volatile void *)d = 0;
    while (n--)
        *d++ = 0;
}

static inline size_t loader_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n] != '\0')
        n++;
    return n;
}

static inline bool loader_streq(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static inline uint64_t loader_read_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static inline void loader_write_le(uint8_t *p, unsigned bytes, uint64_t v)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t loader_align_up(uint64_t v, uint64_t alignment)
{
    return (v + alignment - 1) & ~(alignment - 1);
}

/* True when [offset, offset + size) lies inside [0, limit). */
static inline bool loader_range_ok(uint64_t offset, uint64_t size, uint64_t limit)
{
    return offset <= limit && size <= limit - offset;
}

/* error.c: formats one line (%s %u %lu %ld %x %lx %08x) into err; returns false. */
bool loader_fail(struct loader_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads a table entry the decoder has already bounds-checked. */
void loader_read_section_header(const struct loader_image *img, uint32_t index,
                                struct elf64_shdr *out);
void loader_read_symbol(const struct loader_image *img, uint32_t index, struct elf64_sym *out);
void loader_read_rela(const struct loader_image *img, uint32_t rela_section, uint32_t entry,
                      struct elf64_rela *out);
const char *loader_symbol_name(const struct loader_image *img, uint32_t index);

/* elf_parse.c: the ELF structure checks. */
bool loader_decode_elf(struct loader_image *img, void *scratch, size_t scratch_size,
                       struct loader_error *err);
/* reloc_decode.c: every relocation of every loaded section. */
bool loader_decode_relocations(struct loader_image *img, struct loader_error *err);
/* The PCREL_HI20 or GOT_HI20 relocation at offset of section, if any. */
bool loader_find_hi20(const struct loader_image *img, uint32_t section, uint64_t offset,
                      struct elf64_rela *out);
/* Bytes of the ULEB128 at offset of section in the file, 0 if malformed. */
unsigned loader_uleb128_length(const struct loader_image *img, uint32_t section,
                               uint64_t offset);
/* manifest.c: .mica.manifest and .mica.versions. */
bool loader_decode_manifest(struct loader_image *img, struct loader_error *err);
bool loader_decode_versions(struct loader_image *img, struct loader_error *err);
/* Copies version entry index of the decoded versions section. */
void loader_read_version(const struct loader_image *img, uint32_t index,
                         struct mica_version_entry *out);
/* Index of the versions entry naming name, img->version_count if none. */
uint32_t loader_find_version(const struct loader_image *img, const char *name);
/* attributes.c: .riscv.attributes against the ISA the system runs. */
bool loader_decode_attributes(struct loader_image *img, struct loader_error *err);
/* layout.c: region of each section and the region sizes; refuses images
 * larger than LOADER_MAX_IMAGE_BYTES. */
bool loader_decode_layout(struct loader_image *img, struct loader_error *err);
/* Address of a loaded section once placed. */
uint64_t loader_section_vaddr(const struct loader_image *img, uint32_t index);
/* loader_place is the caller's; decode ends with the layout's sizes. */
/* resolve.c: address of a symbol once the image is bound and placed. */
uint64_t loader_symbol_address(const struct loader_image *img, uint32_t index);
/* reloc_apply.c: patches dest (mapped at img->layout.base). */
bool loader_apply_relocations(const struct loader_image *img, uint8_t *dest,
                              struct loader_error *err);

#endif
