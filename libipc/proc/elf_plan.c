/* Turns the segments the ABI's checker accepted (mica/abi/elf_check.h, the
 * one ELF checker, shared with the kernel) into page-granular mappings with
 * capability rights. Nothing here checks the file again. */
#include <mica/proc_elf_plan.h>

#include <mica/abi/caps.h>
#include <mica/abi/elf_check.h>

_Static_assert(ELF_PLAN_MAX_SEGMENTS >= ELF_CHECK_MAX_SEGMENTS, "a plan holds every checked segment");

static uint64_t page_down(uint64_t v)
{
    return v & ~(uint64_t)(MICA_PAGE_SIZE - 1);
}

static unsigned rights_of(uint32_t flags)
{
    return ((flags & ELF_PF_R) ? MICA_RIGHT_READ : 0u) |
           ((flags & ELF_PF_W) ? MICA_RIGHT_WRITE : 0u) |
           ((flags & ELF_PF_X) ? MICA_RIGHT_EXEC : 0u);
}

int elf_plan(const uint8_t *image, size_t size, const struct elf_plan_limits *limits,
             struct elf_plan *plan)
{
    struct elf_checked elf;
    const struct elf_check_limits range = { .low = limits->low, .high = limits->high };
    plan->count = 0;
    int r = elf_check_executable(image, size, &range, &elf);
    plan->error = elf.error;
    if (r < 0)
        return r;
    plan->entry = elf.entry;
    for (unsigned i = 0; i < elf.count; i++) {
        const struct elf_check_segment *s = &elf.segments[i];
        uint64_t start = page_down(s->vaddr);
        /* Cannot wrap: the checker kept vaddr + mem_size within limits->high. */
        uint64_t end = page_down(s->vaddr + s->mem_size + MICA_PAGE_SIZE - 1);
        plan->segments[plan->count++] = (struct elf_plan_segment){
            .vaddr = start,
            .pages = (end - start) / MICA_PAGE_SIZE,
            .rights = rights_of(s->flags),
            .copy_to = s->vaddr - start,
            .file_offset = s->file_offset,
            .file_bytes = s->file_size,
        };
    }
    return 0;
}
