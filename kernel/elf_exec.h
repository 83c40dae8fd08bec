/* Decoding a static RV64 executable (ET_EXEC) for the kernel's one use:
 * loading init. elf_decode_executable() is the validation boundary: every
 * header, offset and size is checked before the loader uses it. */
#pragma once
#include <stdint.h>

#include <mica/abi/elf64.h> /* ELF_PF_* for the segment flags */

#define ELF_MAX_SEGMENTS 8u

struct elf_segment {
    uint64_t vaddr, mem_size, file_offset, file_size;
    uint32_t flags;
};

struct elf_image {
    uint64_t entry;
    unsigned segment_count;
    struct elf_segment segments[ELF_MAX_SEGMENTS];
};

/* Returns NULL on success or a one-line reason the image is refused.
 * `user_end` bounds every segment (the top of user space). */
const char *elf_decode_executable(const uint8_t *image, uint64_t size, struct elf_image *out);
