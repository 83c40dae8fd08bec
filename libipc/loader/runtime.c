/* Decodes the runtime image: a static RV64 ELF (ET_EXEC) whose .mica.exports
 * section lists what servers may import. Validated like a server image: the
 * runtime file comes from the initrd and is checked before it is believed. */

#include "loader_internal.h"

static bool read_runtime_header(const uint8_t *elf, size_t size, struct elf64_ehdr *eh,
                                struct loader_error *err)
{
    static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
    if (size < sizeof *eh)
        return loader_fail(err, "runtime: truncated ELF header");
    loader_copy(eh, elf, sizeof *eh);
    for (unsigned i = 0; i < 4; i++)
        if (eh->ident[i] != magic[i])
            return loader_fail(err, "runtime: not an ELF file");
    if (eh->ident[4] != ELF_CLASS64 || eh->ident[5] != ELF_DATA2LSB ||
        eh->machine != ELF_EM_RISCV || eh->type != ELF_ET_EXEC)
        return loader_fail(err, "runtime: not a little-endian RV64 executable");
    if (eh->shentsize != sizeof(struct elf64_shdr) || eh->shnum == 0 ||
        eh->shstrndx >= eh->shnum ||
        !loader_range_ok(eh->shoff, (uint64_t)eh->shnum * sizeof(struct elf64_shdr), size))
        return loader_fail(err, "runtime: malformed section header table");
    if (eh->phnum != 0 && (eh->phentsize != sizeof(struct elf64_phdr) ||
                           !loader_range_ok(eh->phoff,
                                            (uint64_t)eh->phnum * sizeof(struct elf64_phdr), size)))
        return loader_fail(err, "runtime: malformed program header table");
    return true;
}

static bool decode_segments(struct loader_runtime *rt, const struct elf64_ehdr *eh,
                            struct loader_error *err)
{
    rt->segment_count = 0;
    for (uint32_t i = 0; i < eh->phnum; i++) {
        struct elf64_phdr ph;
        loader_copy(&ph, rt->elf + eh->phoff + (uint64_t)i * sizeof ph, sizeof ph);
        if (ph.type != ELF_PT_LOAD)
            continue;
        if (rt->segment_count == LOADER_RUNTIME_MAX_SEGMENTS)
            return loader_fail(err, "runtime: more than %u loadable segments",
                               LOADER_RUNTIME_MAX_SEGMENTS);
        if (!loader_range_ok(ph.offset, ph.filesz, rt->elf_size) || ph.filesz > ph.memsz ||
            ph.vaddr % LOADER_PAGE_SIZE != ph.offset % LOADER_PAGE_SIZE ||
            ph.vaddr > UINT64_MAX - ph.memsz)
            return loader_fail(err, "runtime: segment %u malformed", i);
        if ((ph.flags & ELF_PF_W) != 0 && (ph.flags & ELF_PF_X) != 0)
            return loader_fail(err, "runtime: segment %u writable and executable", i);
        rt->segments[rt->segment_count++] = (struct loader_runtime_segment){
            ph.vaddr, ph.offset, ph.filesz, ph.memsz, ph.flags,
        };
    }
    return true;
}

static bool in_executable_segment(const struct loader_runtime *rt, uint64_t address)
{
    for (uint32_t i = 0; i < rt->segment_count; i++) {
        const struct loader_runtime_segment *seg = &rt->segments[i];
        if ((seg->flags & ELF_PF_X) != 0 && address >= seg->vaddr &&
            address - seg->vaddr < seg->mem_size)
            return true;
    }
    return false;
}

/* Finds .mica.exports by name; returns its header or fails. */
static bool find_exports(const struct loader_runtime *rt, const struct elf64_ehdr *eh,
                         struct elf64_shdr *out, struct loader_error *err)
{
    struct elf64_shdr names;
    loader_copy(&names, rt->elf + eh->shoff + (uint64_t)eh->shstrndx * sizeof names,
                sizeof names);
    if (names.type != ELF_SHT_STRTAB || names.size == 0 ||
        !loader_range_ok(names.offset, names.size, rt->elf_size) ||
        rt->elf[names.offset + names.size - 1] != '\0')
        return loader_fail(err, "runtime: malformed section name table");
    bool found = false;
    for (uint32_t i = 0; i < eh->shnum; i++) {
        struct elf64_shdr sh;
        loader_copy(&sh, rt->elf + eh->shoff + (uint64_t)i * sizeof sh, sizeof sh);
        if (sh.name >= names.size ||
            !loader_streq((const char *)rt->elf + names.offset + sh.name, MICA_EXPORTS_SECTION))
            continue;
        if (found)
            return loader_fail(err, "runtime: two %s sections", MICA_EXPORTS_SECTION);
        *out = sh;
        found = true;
    }
    if (!found)
        return loader_fail(err, "runtime: no %s section", MICA_EXPORTS_SECTION);
    if (out->type != ELF_SHT_PROGBITS || !loader_range_ok(out->offset, out->size, rt->elf_size))
        return loader_fail(err, "runtime: %s outside the file", MICA_EXPORTS_SECTION);
    return true;
}

void loader_runtime_export(const struct loader_runtime *rt, uint32_t i,
                           struct mica_export_entry *out)
{
    LOADER_ASSERT(i < rt->export_count, "export index inside the checked table");
    loader_copy(out, rt->elf + rt->exports_offset + (uint64_t)i * sizeof *out, sizeof *out);
}

bool loader_decode_runtime(struct loader_runtime *rt, const void *elf, size_t size,
                           struct loader_error *err)
{
    struct elf64_ehdr eh;
    struct elf64_shdr sh = { 0 };
    loader_zero(rt, sizeof *rt);
    rt->elf = elf;
    rt->elf_size = size;
    if (!read_runtime_header(rt->elf, size, &eh, err) || !decode_segments(rt, &eh, err) ||
        !find_exports(rt, &eh, &sh, err))
        return false;

    struct mica_export_table table;
    if (sh.size < sizeof table)
        return loader_fail(err, "runtime: %s truncated", MICA_EXPORTS_SECTION);
    loader_copy(&table, rt->elf + sh.offset, sizeof table);
    if (table.magic != MICA_EXPORTS_MAGIC || table.entry_size != sizeof(struct mica_export_entry))
        return loader_fail(err, "runtime: %s has bad magic or entry size", MICA_EXPORTS_SECTION);
    if (table.count > (sh.size - sizeof table) / sizeof(struct mica_export_entry))
        return loader_fail(err, "runtime: %s lists %u entries, more than it holds",
                           MICA_EXPORTS_SECTION, table.count);
    rt->exports_offset = sh.offset + sizeof table;
    rt->export_count = table.count;
    rt->abi_major = table.abi_major;
    rt->abi_minor = table.abi_minor;

    for (uint32_t i = 0; i < rt->export_count; i++) {
        struct mica_export_entry e;
        loader_runtime_export(rt, i, &e);
        if (loader_strnlen(e.name, sizeof e.name) == sizeof e.name || e.name[0] == '\0' ||
            e.reserved != 0)
            return loader_fail(err, "runtime: export %u malformed", i);
        if (!in_executable_segment(rt, e.address))
            return loader_fail(err, "runtime: export %s at 0x%lx outside its code", e.name,
                               (unsigned long)e.address);
        for (uint32_t k = 0; k < i; k++) {
            struct mica_export_entry earlier;
            loader_runtime_export(rt, k, &earlier);
            if (loader_streq(earlier.name, e.name))
                return loader_fail(err, "runtime: export %s listed twice", e.name);
        }
    }
    return true;
}
