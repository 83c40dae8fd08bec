/* The one checker of static RV64 executables (ET_EXEC): the kernel loads
 * init with it, the process builder (libipc/proc) every other static
 * program. elf_check.c beside this header is pure and built by both sides. */
#ifndef MICA_ABI_ELF_CHECK_H
#define MICA_ABI_ELF_CHECK_H
#include <stdint.h>

#include <mica/abi/elf64.h>

#define ELF_CHECK_MAX_SEGMENTS 8u

/* A PT_LOAD segment as the file states it, after every check passed. */
struct elf_check_segment {
    uint64_t vaddr, mem_size, file_offset, file_size;
    uint32_t flags; /* ELF_PF_R/W/X, never W with X */
};

/* Where segments may lie: [low, high), high page-aligned. */
struct elf_check_limits {
    uint64_t low;
    uint64_t high;
};

struct elf_checked {
    uint64_t entry;
    unsigned count;
    struct elf_check_segment segments[ELF_CHECK_MAX_SEGMENTS];
    const char *error; /* why the image was refused, for log lines */
};

/* 0 and the loadable segments (those with a memory size) in file order, or
 * a negative -MICA_E* code with out->error naming the first problem found:
 * not an RV64 little-endian ET_EXEC, dynamically linked, a header, offset or
 * size outside the file, a segment outside the limits, writable and
 * executable, or sharing a page with another; the entry point outside every
 * executable segment. */
int elf_check_executable(const uint8_t *image, uint64_t size, const struct elf_check_limits *limits,
                         struct elf_checked *out);

#endif
