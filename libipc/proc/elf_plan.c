/* Checks every header field the builder will act on before any of it is
 * used; arithmetic on file values is done so that it cannot wrap. */
#include <mica/proc_elf_plan.h>

#include <string.h>

#include <mica/abi/caps.h>
#include <mica/abi/elf64.h>
#include <mica/abi/errno.h>


#define PT_DYNAMIC 2u
#define PT_INTERP 3u

static int refuse(struct elf_plan *plan, int code, const char *why)
{
    plan->error = why;
    plan->count = 0;
    return code;
}

static uint64_t page_down(uint64_t v)
{
    return v & ~(uint64_t)(MICA_PAGE_SIZE - 1);
}

static int check_header(const uint8_t *image, size_t size, struct elf_plan *plan,
                        struct elf64_ehdr *eh)
{
    if (size < sizeof *eh)
        return refuse(plan, -MICA_EINVAL, "shorter than an ELF header");
    memcpy(eh, image, sizeof *eh);
    if (memcmp(eh->ident, ELF_MAGIC, 4) != 0)
        return refuse(plan, -MICA_EINVAL, "not an ELF file");
    if (eh->ident[4] != ELF_CLASS64 || eh->ident[5] != ELF_DATA2LSB)
        return refuse(plan, -MICA_ENOTSUP, "not little-endian ELF64");
    if (eh->ident[6] != ELF_VERSION_CURRENT || eh->version != ELF_VERSION_CURRENT)
        return refuse(plan, -MICA_ENOTSUP, "unknown ELF version");
    if (eh->type != ELF_ET_EXEC)
        return refuse(plan, -MICA_ENOTSUP, "not a static executable (ET_EXEC)");
    if (eh->machine != ELF_EM_RISCV)
        return refuse(plan, -MICA_ENOTSUP, "not a RISC-V executable");
    if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum == 0)
        return refuse(plan, -MICA_EINVAL, "bad program header table");
    if (eh->phoff > size || (size - eh->phoff) / sizeof(struct elf64_phdr) < eh->phnum)
        return refuse(plan, -MICA_EINVAL, "program headers past the end of the file");
    return 0;
}

static unsigned rights_of(uint32_t flags)
{
    return ((flags & ELF_PF_R) ? MICA_RIGHT_READ : 0u) |
           ((flags & ELF_PF_W) ? MICA_RIGHT_WRITE : 0u) |
           ((flags & ELF_PF_X) ? MICA_RIGHT_EXEC : 0u);
}

static int add_segment(const struct elf64_phdr *ph, size_t size,
                       const struct elf_plan_limits *limits, struct elf_plan *plan)
{
    if (ph->filesz > ph->memsz)
        return refuse(plan, -MICA_EINVAL, "segment file size exceeds its memory size");
    if (ph->offset > size || ph->filesz > size - ph->offset)
        return refuse(plan, -MICA_EINVAL, "segment data past the end of the file");
    if ((ph->flags & ELF_PF_W) && (ph->flags & ELF_PF_X))
        return refuse(plan, -MICA_EACCES, "segment is writable and executable");
    if (ph->vaddr < limits->low || ph->vaddr > limits->high ||
        ph->memsz > limits->high - ph->vaddr)
        return refuse(plan, -MICA_ERANGE, "segment outside the user image range");
    if (plan->count == ELF_PLAN_MAX_SEGMENTS)
        return refuse(plan, -MICA_E2BIG, "too many loadable segments");

    uint64_t start = page_down(ph->vaddr);
    /* Cannot wrap: vaddr + memsz <= limits->high, which is page-aligned. */
    uint64_t end = page_down(ph->vaddr + ph->memsz + MICA_PAGE_SIZE - 1);
    for (unsigned i = 0; i < plan->count; i++) {
        const struct elf_plan_segment *s = &plan->segments[i];
        uint64_t s_end = s->vaddr + s->pages * MICA_PAGE_SIZE;
        if (start < s_end && s->vaddr < end)
            return refuse(plan, -MICA_EINVAL, "segments share a page");
    }
    plan->segments[plan->count++] = (struct elf_plan_segment){
        .vaddr = start,
        .pages = (end - start) / MICA_PAGE_SIZE,
        .rights = rights_of(ph->flags),
        .copy_to = ph->vaddr - start,
        .file_offset = ph->offset,
        .file_bytes = ph->filesz,
    };
    return 0;
}

static int entry_is_executable(const struct elf_plan *plan)
{
    for (unsigned i = 0; i < plan->count; i++) {
        const struct elf_plan_segment *s = &plan->segments[i];
        if ((s->rights & MICA_RIGHT_EXEC) && plan->entry >= s->vaddr &&
            plan->entry - s->vaddr < s->pages * MICA_PAGE_SIZE)
            return 1;
    }
    return 0;
}

int elf_plan(const uint8_t *image, size_t size, const struct elf_plan_limits *limits,
             struct elf_plan *plan)
{
    struct elf64_ehdr eh;
    plan->count = 0;
    plan->error = 0;
    int r = check_header(image, size, plan, &eh);
    if (r < 0)
        return r;
    plan->entry = eh.entry;
    for (unsigned i = 0; i < eh.phnum; i++) {
        struct elf64_phdr ph;
        memcpy(&ph, image + eh.phoff + i * sizeof ph, sizeof ph);
        if (ph.type == PT_DYNAMIC || ph.type == PT_INTERP)
            return refuse(plan, -MICA_ENOTSUP, "dynamically linked");
        if (ph.type != ELF_PT_LOAD || ph.memsz == 0)
            continue;
        r = add_segment(&ph, size, limits, plan);
        if (r < 0)
            return r;
    }
    if (plan->count == 0)
        return refuse(plan, -MICA_EINVAL, "no loadable segment");
    if (!entry_is_executable(plan))
        return refuse(plan, -MICA_EINVAL, "entry point not in an executable segment");
    return 0;
}
