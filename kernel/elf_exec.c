/* ELF64 executable header checks (System V ABI, RISC-V psABI facts:
 * EM_RISCV = 243, ELFCLASS64, little endian, ET_EXEC). */
#include "elf_exec.h"
#include <stdbool.h>
#include "arch/riscv/memlayout.h"
#include "lib/kstring.h"

#define EM_RISCV 243
#define ET_EXEC 2
#define PT_LOAD 1
#define EHDR_SIZE 64u
#define PHDR_SIZE 56u

static uint64_t le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

const char *elf_decode_executable(const uint8_t *image, uint64_t size, struct elf_image *out)
{
    if (size < EHDR_SIZE || memcmp(image, "\177ELF", 4) != 0)
        return "not an ELF file";
    if (image[4] != 2 || image[5] != 1)
        return "not a 64-bit little-endian ELF";
    if (le(image + 16, 2) != ET_EXEC)
        return "not a static executable (ET_EXEC)";
    if (le(image + 18, 2) != EM_RISCV)
        return "not a RISC-V ELF";
    uint64_t phoff = le(image + 32, 8), phentsize = le(image + 54, 2), phnum = le(image + 56, 2);
    if (phentsize != PHDR_SIZE || phoff > size || phnum > (size - phoff) / PHDR_SIZE)
        return "program headers outside the file";
    out->entry = le(image + 24, 8);
    out->segment_count = 0;
    bool entry_ok = false;
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = image + phoff + i * PHDR_SIZE;
        if (le(ph, 4) != PT_LOAD)
            continue;
        if (out->segment_count == ELF_MAX_SEGMENTS)
            return "too many loadable segments";
        struct elf_segment *s = &out->segments[out->segment_count];
        s->flags = (uint32_t)le(ph + 4, 4);
        s->file_offset = le(ph + 8, 8);
        s->vaddr = le(ph + 16, 8);
        s->file_size = le(ph + 32, 8);
        s->mem_size = le(ph + 40, 8);
        if (s->file_offset > size || s->file_size > size - s->file_offset)
            return "segment data outside the file";
        if (s->file_size > s->mem_size)
            return "segment file size exceeds memory size";
        if (s->vaddr >= USER_VA_END || s->mem_size > USER_VA_END - s->vaddr || s->vaddr < 0x10000)
            return "segment outside user space";
        if ((s->flags & ELF_PF_W) && (s->flags & ELF_PF_X))
            return "segment both writable and executable";
        for (unsigned k = 0; k < out->segment_count; k++) {
            struct elf_segment *o = &out->segments[k];
            uint64_t a0 = s->vaddr & ~0xfffull, a1 = (s->vaddr + s->mem_size + 0xfff) & ~0xfffull;
            uint64_t b0 = o->vaddr & ~0xfffull, b1 = (o->vaddr + o->mem_size + 0xfff) & ~0xfffull;
            if (a0 < b1 && b0 < a1)
                return "segments share a page";
        }
        if ((s->flags & ELF_PF_X) && out->entry >= s->vaddr && out->entry < s->vaddr + s->mem_size)
            entry_ok = true;
        out->segment_count++;
    }
    if (out->segment_count == 0)
        return "no loadable segments";
    if (!entry_ok)
        return "entry point not in an executable segment";
    return NULL;
}
