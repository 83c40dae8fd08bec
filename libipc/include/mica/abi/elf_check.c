/* Checks every ELF header field a loader will act on before any of it is
 * used; arithmetic on file values is arranged so that it cannot wrap.
 * Needs nothing from either side's C library (kernel and user space). */
#include <mica/abi/elf_check.h>

#include <mica/abi/caps.h>
#include <mica/abi/errno.h>

#define PT_DYNAMIC 2u
#define PT_INTERP 3u

/* Headers are copied out before use: the image may sit at any alignment. */
static void copy_out(void *dst, const uint8_t *src, uint64_t n)
{
    uint8_t *d = dst;
    for (uint64_t i = 0; i < n; i++)
        d[i] = src[i];
}

static int refuse(struct elf_checked *out, int code, const char *why)
{
    out->error = why;
    out->count = 0;
    return code;
}

static uint64_t page_down(uint64_t v)
{
    return v & ~(uint64_t)(MICA_PAGE_SIZE - 1);
}

static int check_header(const uint8_t *image, uint64_t size, struct elf_checked *out,
                        struct elf64_ehdr *eh)
{
    if (size < sizeof *eh)
        return refuse(out, -MICA_EINVAL, "shorter than an ELF header");
    copy_out(eh, image, sizeof *eh);
    for (unsigned i = 0; i < 4; i++)
        if (eh->ident[i] != (uint8_t)ELF_MAGIC[i])
            return refuse(out, -MICA_EINVAL, "not an ELF file");
    if (eh->ident[4] != ELF_CLASS64 || eh->ident[5] != ELF_DATA2LSB)
        return refuse(out, -MICA_ENOTSUP, "not little-endian ELF64");
    if (eh->ident[6] != ELF_VERSION_CURRENT || eh->version != ELF_VERSION_CURRENT)
        return refuse(out, -MICA_ENOTSUP, "unknown ELF version");
    if (eh->type != ELF_ET_EXEC)
        return refuse(out, -MICA_ENOTSUP, "not a static executable (ET_EXEC)");
    if (eh->machine != ELF_EM_RISCV)
        return refuse(out, -MICA_ENOTSUP, "not a RISC-V executable");
    if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum == 0)
        return refuse(out, -MICA_EINVAL, "bad program header table");
    if (eh->phoff > size || (size - eh->phoff) / sizeof(struct elf64_phdr) < eh->phnum)
        return refuse(out, -MICA_EINVAL, "program headers past the end of the file");
    return 0;
}

static uint64_t page_end(const struct elf_check_segment *s)
{
    /* Cannot wrap: vaddr + mem_size <= limits->high, which is page-aligned. */
    return page_down(s->vaddr + s->mem_size + MICA_PAGE_SIZE - 1);
}

static int add_segment(const struct elf64_phdr *ph, uint64_t size,
                       const struct elf_check_limits *limits, struct elf_checked *out)
{
    if (ph->filesz > ph->memsz)
        return refuse(out, -MICA_EINVAL, "segment file size exceeds its memory size");
    if (ph->offset > size || ph->filesz > size - ph->offset)
        return refuse(out, -MICA_EINVAL, "segment data past the end of the file");
    if ((ph->flags & ELF_PF_W) && (ph->flags & ELF_PF_X))
        return refuse(out, -MICA_EACCES, "segment is writable and executable");
    if (ph->vaddr < limits->low || ph->vaddr > limits->high ||
        ph->memsz > limits->high - ph->vaddr)
        return refuse(out, -MICA_ERANGE, "segment outside the user image range");
    if (out->count == ELF_CHECK_MAX_SEGMENTS)
        return refuse(out, -MICA_E2BIG, "too many loadable segments");

    struct elf_check_segment s = {
        .vaddr = ph->vaddr,
        .mem_size = ph->memsz,
        .file_offset = ph->offset,
        .file_size = ph->filesz,
        .flags = ph->flags,
    };
    uint64_t start = page_down(s.vaddr), end = page_end(&s);
    for (unsigned i = 0; i < out->count; i++) {
        const struct elf_check_segment *o = &out->segments[i];
        if (start < page_end(o) && page_down(o->vaddr) < end)
            return refuse(out, -MICA_EINVAL, "segments share a page");
    }
    out->segments[out->count++] = s;
    return 0;
}

static int entry_is_executable(const struct elf_checked *out)
{
    for (unsigned i = 0; i < out->count; i++) {
        const struct elf_check_segment *s = &out->segments[i];
        if ((s->flags & ELF_PF_X) && out->entry >= s->vaddr && out->entry - s->vaddr < s->mem_size)
            return 1;
    }
    return 0;
}

int elf_check_executable(const uint8_t *image, uint64_t size, const struct elf_check_limits *limits,
                         struct elf_checked *out)
{
    struct elf64_ehdr eh;
    out->count = 0;
    out->error = 0;
    int r = check_header(image, size, out, &eh);
    if (r < 0)
        return r;
    out->entry = eh.entry;
    for (unsigned i = 0; i < eh.phnum; i++) {
        struct elf64_phdr ph;
        copy_out(&ph, image + eh.phoff + i * sizeof ph, sizeof ph);
        if (ph.type == PT_DYNAMIC || ph.type == PT_INTERP)
            return refuse(out, -MICA_ENOTSUP, "dynamically linked");
        if (ph.type != ELF_PT_LOAD || ph.memsz == 0)
            continue;
        r = add_segment(&ph, size, limits, out);
        if (r < 0)
            return r;
    }
    if (out->count == 0)
        return refuse(out, -MICA_EINVAL, "no loadable segment");
    if (!entry_is_executable(out))
        return refuse(out, -MICA_EINVAL, "entry point not in an executable segment");
    return 0;
}
