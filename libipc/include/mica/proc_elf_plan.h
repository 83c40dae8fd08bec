/* The process builder's view of a static RV64 ELF: the ABI's checker
 * (mica/abi/elf_check.h, the kernel's too) admits it, the plan turns its
 * PT_LOAD segments into page-granular mappings with rights. Pure code (no
 * syscalls), tested on the host. */
#ifndef MICA_PROC_ELF_PLAN_H
#define MICA_PROC_ELF_PLAN_H
#include <stddef.h>
#include <stdint.h>

#define ELF_PLAN_MAX_SEGMENTS 8u

struct elf_plan_segment {
    uint64_t vaddr;       /* page-aligned start of the mapping */
    uint64_t pages;
    unsigned rights;      /* MICA_RIGHT_READ/WRITE/EXEC, never WRITE with EXEC */
    uint64_t copy_to;     /* offset in the mapping where file bytes go */
    uint64_t file_offset; /* of those bytes in the image */
    uint64_t file_bytes;  /* the rest of the mapping is zero */
};

struct elf_plan {
    uint64_t entry;
    unsigned count;
    struct elf_plan_segment segments[ELF_PLAN_MAX_SEGMENTS];
    const char *error; /* why the image was refused, for log lines */
};

/* Allowed virtual range for segments: [low, high). */
struct elf_plan_limits {
    uint64_t low;
    uint64_t high;
};

/* 0 and a filled plan, or a negative -MICA_E* code with plan->error naming
 * the first problem found. */
int elf_plan(const uint8_t *image, size_t size, const struct elf_plan_limits *limits,
             struct elf_plan *plan);

#endif
