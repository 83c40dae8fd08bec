/* ELF64 executable header checks on the layouts of mica/elf64.h (System V
 * ABI, RISC-V psABI facts: EM_RISCV, ELFCLASS64, little endian, ET_EXEC).
 * Headers are copied out before use: the image may sit at any alignment. */
#include "elf_exec.h"
#include <stdbool.h>
#include "arch/riscv/memlayout.h"
#include "lib/kstring.h"

const char *elf_decode_executable(const uint8_t *image, uint64_t size, struct elf_image *out)
{
    struct elf64_ehdr eh;
    if (size < sizeof eh || memcmp(image, ELF_MAGIC, 4) != 0)
        return "not an ELF file";
    memcpy(&eh, image, sizeof eh);
    if (eh.ident[4] != ELF_CLASS64 || eh.ident[5] != ELF_DATA2LSB)
        return "not a 64-bit little-endian ELF";
    if (eh.type != ELF_ET_EXEC)
        return "not a static executable (ET_EXEC)";
    if (eh.machine != ELF_EM_RISCV)
        return "not a RISC-V ELF";
    const uint64_t ph_size = sizeof(struct elf64_phdr);
    if (eh.phentsize != ph_size || eh.phoff > size || eh.phnum > (size - eh.phoff) / ph_size)
        return "program headers outside the file";
    out->entry = eh.entry;
    out->segment_count = 0;
    bool entry_ok = false;
    for (uint64_t i = 0; i < eh.phnum; i++) {
        struct elf64_phdr ph;
        memcpy(&ph, image + eh.phoff + i * ph_size, sizeof ph);
        if (ph.type != ELF_PT_LOAD)
            continue;
        if (out->segment_count == ELF_MAX_SEGMENTS)
            return "too many loadable segments";
        struct elf_segment *s = &out->segments[out->segment_count];
        s->flags = ph.flags;
        s->file_offset = ph.offset;
        s->vaddr = ph.vaddr;
        s->file_size = ph.filesz;
        s->mem_size = ph.memsz;
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
