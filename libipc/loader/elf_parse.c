/* The ELF half of the validation boundary: header, section table, string
 * tables and symbol table of an ET_REL server image. Everything later code
 * reads through the records built here has been bounds-checked here. */

#include "loader_internal.h"

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

void loader_read_section_header(const struct loader_image *img, uint32_t index,
                                struct elf64_shdr *out)
{
    struct elf64_ehdr eh;
    loader_copy(&eh, img->data, sizeof eh);
    LOADER_ASSERT(index < eh.shnum, "section index was checked against e_shnum");
    loader_copy(out, img->data + eh.shoff + (uint64_t)index * sizeof *out, sizeof *out);
}

void loader_read_symbol(const struct loader_image *img, uint32_t index, struct elf64_sym *out)
{
    const struct loader_section *symtab = &img->sections[img->symtab_index];
    LOADER_ASSERT(index < img->symbol_count, "symbol index was checked against the table");
    loader_copy(out, img->data + symtab->offset + (uint64_t)index * sizeof *out, sizeof *out);
}

const char *loader_symbol_name(const struct loader_image *img, uint32_t index)
{
    struct elf64_sym sym;
    loader_read_symbol(img, index, &sym);
    /* decode_symbols checked st_name; the table ends in NUL. */
    return (const char *)img->data + img->sections[img->strtab_index].offset + sym.name;
}

static bool is_power_of_two(uint64_t v)
{
    return v != 0 && (v & (v - 1)) == 0;
}

static bool has_file_data(const struct loader_section *s)
{
    return s->type != ELF_SHT_NOBITS && s->type != ELF_SHT_NULL;
}

static bool decode_header(struct loader_image *img, struct elf64_ehdr *eh,
                          struct loader_error *err)
{
    if (img->size < sizeof *eh)
        return loader_fail(err, "truncated ELF header (%lu bytes)", (unsigned long)img->size);
    loader_copy(eh, img->data, sizeof *eh);
    for (unsigned i = 0; i < sizeof elf_magic; i++)
        if (eh->ident[i] != elf_magic[i])
            return loader_fail(err, "not an ELF file");
    if (eh->ident[4] != ELF_CLASS64 || eh->ident[5] != ELF_DATA2LSB ||
        eh->ident[6] != ELF_VERSION_CURRENT)
        return loader_fail(err, "not a little-endian ELF64 file");
    if (eh->machine != ELF_EM_RISCV)
        return loader_fail(err, "ELF machine %u is not RISC-V", eh->machine);
    if (eh->type != ELF_ET_REL)
        return loader_fail(err, "ELF type %u is not a relocatable object (ET_REL)", eh->type);
    if (eh->version != ELF_VERSION_CURRENT || eh->ehsize != sizeof *eh)
        return loader_fail(err, "bad ELF header version or size");
    if ((eh->flags & ELF_EF_RISCV_FLOAT_ABI) != 0 || (eh->flags & ELF_EF_RISCV_RVE) != 0)
        return loader_fail(err, "ELF flags 0x%x: ABI is not lp64 (soft float, 32 registers)",
                           eh->flags);
    /* Extended section numbering (e_shnum 0 or into the reserved indices) is
     * for objects far larger than any server. */
    if (eh->shentsize != sizeof(struct elf64_shdr) || eh->shnum == 0 ||
        eh->shnum >= ELF_SHN_LORESERVE)
        return loader_fail(err, "missing or malformed section header table");
    if (!loader_range_ok(eh->shoff, (uint64_t)eh->shnum * sizeof(struct elf64_shdr), img->size))
        return loader_fail(err, "section header table (%u entries at 0x%lx) outside the file",
                           eh->shnum, (unsigned long)eh->shoff);
    if (eh->shstrndx >= eh->shnum)
        return loader_fail(err, "section name table index %u out of range", eh->shstrndx);
    return true;
}

/* Scratch is carved front to back; alignment is that of the widest record. */
static void *take_scratch(uint8_t **cursor, uint8_t *end, size_t bytes)
{
    uintptr_t p = ((uintptr_t)*cursor + 7u) & ~(uintptr_t)7u;
    if (p > (uintptr_t)end || bytes > (uintptr_t)end - p)
        return NULL;
    *cursor = (uint8_t *)(p + bytes);
    return (void *)p;
}

/* A string table must end in NUL, so any offset inside it names a terminated
 * string: one check per table instead of one scan per name. */
static bool decode_string_table(const struct loader_image *img, uint32_t index,
                                struct loader_error *err)
{
    const struct loader_section *s = &img->sections[index];
    if (s->type != ELF_SHT_STRTAB || s->size == 0 || img->data[s->offset + s->size - 1] != '\0')
        return loader_fail(err, "section %u is not a NUL-terminated string table", index);
    return true;
}

static bool decode_sections(struct loader_image *img, const struct elf64_ehdr *eh,
                            struct loader_error *err)
{
    for (uint32_t i = 0; i < img->section_count; i++) {
        struct elf64_shdr sh;
        loader_read_section_header(img, i, &sh);
        struct loader_section *s = &img->sections[i];
        loader_zero(s, sizeof *s);
        s->offset = sh.offset;
        s->size = sh.size;
        s->flags = sh.flags;
        s->alignment = sh.addralign == 0 ? 1 : sh.addralign;
        s->type = sh.type;
        s->link = sh.link;
        s->info = sh.info;
        s->region = LOADER_REGION_NONE;
        if (i == 0 && sh.type != ELF_SHT_NULL)
            return loader_fail(err, "section 0 is not the null section");
        if (has_file_data(s) && !loader_range_ok(sh.offset, sh.size, img->size))
            return loader_fail(err, "section %u (offset 0x%lx, size 0x%lx) outside the file", i,
                               (unsigned long)sh.offset, (unsigned long)sh.size);
        if (!is_power_of_two(s->alignment))
            return loader_fail(err, "section %u alignment 0x%lx is not a power of two", i,
                               (unsigned long)sh.addralign);
    }

    if (!decode_string_table(img, eh->shstrndx, err))
        return false;
    const struct loader_section *names = &img->sections[eh->shstrndx];
    for (uint32_t i = 0; i < img->section_count; i++) {
        struct elf64_shdr sh;
        loader_read_section_header(img, i, &sh);
        if (sh.name >= names->size)
            return loader_fail(err, "section %u name offset 0x%x out of range", i, sh.name);
        img->sections[i].name = (const char *)img->data + names->offset + sh.name;
    }
    return true;
}

/* Orders section indices by file offset (heapsort: no allocation, n log n). */
static void sift_down(const struct loader_section *sections, uint32_t *keys, uint32_t root,
                      uint32_t count)
{
    for (;;) {
        uint32_t child = 2 * root + 1;
        if (child >= count)
            return;
        if (child + 1 < count &&
            sections[keys[child + 1]].offset > sections[keys[child]].offset)
            child++;
        if (sections[keys[root]].offset >= sections[keys[child]].offset)
            return;
        uint32_t t = keys[root];
        keys[root] = keys[child];
        keys[child] = t;
        root = child;
    }
}

static void sort_by_offset(const struct loader_section *sections, uint32_t *keys, uint32_t count)
{
    for (uint32_t i = count / 2; i-- > 0;)
        sift_down(sections, keys, i, count);
    for (uint32_t end = count; end-- > 1;) {
        uint32_t t = keys[0];
        keys[0] = keys[end];
        keys[end] = t;
        sift_down(sections, keys, 0, end);
    }
}

static bool overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
    return a < b + b_size && b < a + a_size;
}

/* Section contents may share no byte with each other, the ELF header or the
 * section header table: an image where they do is malformed or hostile. */
static bool decode_overlaps(struct loader_image *img, const struct elf64_ehdr *eh,
                            uint32_t *keys, struct loader_error *err)
{
    uint64_t table_size = (uint64_t)eh->shnum * sizeof(struct elf64_shdr);
    uint32_t count = 0;
    for (uint32_t i = 0; i < img->section_count; i++) {
        const struct loader_section *s = &img->sections[i];
        if (!has_file_data(s) || s->size == 0)
            continue;
        if (overlaps(s->offset, s->size, 0, sizeof *eh) ||
            overlaps(s->offset, s->size, eh->shoff, table_size))
            return loader_fail(err, "section %s overlaps the ELF headers", s->name);
        keys[count++] = i;
    }
    sort_by_offset(img->sections, keys, count);
    for (uint32_t k = 1; k < count; k++) {
        const struct loader_section *prev = &img->sections[keys[k - 1]];
        const struct loader_section *next = &img->sections[keys[k]];
        if (prev->offset + prev->size > next->offset)
            return loader_fail(err, "sections %s and %s overlap in the file", prev->name,
                               next->name);
    }
    return true;
}

static bool decode_symtab_header(struct loader_image *img, struct loader_error *err)
{
    img->symtab_index = 0;
    for (uint32_t i = 1; i < img->section_count; i++) {
        if (img->sections[i].type != ELF_SHT_SYMTAB)
            continue;
        if (img->symtab_index != 0)
            return loader_fail(err, "more than one symbol table");
        img->symtab_index = i;
    }
    if (img->symtab_index == 0)
        return loader_fail(err, "no symbol table");
    const struct loader_section *symtab = &img->sections[img->symtab_index];
    struct elf64_shdr sh;
    loader_read_section_header(img, img->symtab_index, &sh);
    if (sh.entsize != sizeof(struct elf64_sym) || symtab->size % sizeof(struct elf64_sym) != 0 ||
        symtab->size == 0)
        return loader_fail(err, "symbol table entry size %lu or size %lu malformed",
                           (unsigned long)sh.entsize, (unsigned long)symtab->size);
    if (symtab->link == 0 || symtab->link >= img->section_count)
        return loader_fail(err, "symbol table names string table %u, out of range",
                           symtab->link);
    if (!decode_string_table(img, symtab->link, err))
        return false;
    img->strtab_index = symtab->link;
    img->symbol_count = (uint32_t)(symtab->size / sizeof(struct elf64_sym));
    if (symtab->info > img->symbol_count)
        return loader_fail(err, "symbol table first global %u beyond its %u symbols",
                           symtab->info, img->symbol_count);
    return true;
}

static bool decode_symbol(struct loader_image *img, uint32_t index, struct loader_error *err)
{
    struct elf64_sym sym;
    loader_read_symbol(img, index, &sym);
    struct loader_symbol *rec = &img->symbols[index];
    loader_zero(rec, sizeof *rec);
    rec->value = sym.value;
    rec->shndx = sym.shndx;

    if (sym.name >= img->sections[img->strtab_index].size)
        return loader_fail(err, "symbol %u name offset 0x%x out of range", index, sym.name);
    const char *name = loader_symbol_name(img, index);
    unsigned bind = ELF_ST_BIND(sym.info);
    bool local = index < img->sections[img->symtab_index].info;
    /* Index 0 stands for "no symbol" in relocations: it must be the null
     * symbol, or its section index would escape the checks below. */
    if (index == 0)
        return sym.shndx == ELF_SHN_UNDEF && sym.value == 0
                   ? true
                   : loader_fail(err, "symbol 0 is not the null symbol");
    if (local != (bind == ELF_STB_LOCAL))
        return loader_fail(err, "symbol %s: binding %u in the wrong part of the table", name,
                           bind);
    if (bind != ELF_STB_LOCAL && bind != ELF_STB_GLOBAL && bind != ELF_STB_WEAK)
        return loader_fail(err, "symbol %s: binding %u unsupported", name, bind);
    if (ELF_ST_TYPE(sym.info) == ELF_STT_TLS)
        return loader_fail(err, "symbol %s: thread-local storage unsupported", name);

    if (sym.shndx == ELF_SHN_UNDEF) {
        if (local)
            return loader_fail(err, "symbol %s: local and undefined", name);
        if (loader_strnlen(name, MICA_SYMBOL_NAME_MAX) >= MICA_SYMBOL_NAME_MAX)
            return loader_fail(err, "symbol %s: import name longer than %u bytes", name,
                               MICA_SYMBOL_NAME_MAX - 1);
        if (name[0] == '\0')
            return loader_fail(err, "symbol %u: import without a name", index);
        rec->flags = LOADER_SYMBOL_IMPORT | (bind == ELF_STB_WEAK ? LOADER_SYMBOL_WEAK : 0);
        img->import_count++;
        return true;
    }
    if (sym.shndx == ELF_SHN_ABS)
        return true;
    if (sym.shndx == ELF_SHN_COMMON)
        return loader_fail(err, "symbol %s: common symbol unsupported (build with -fno-common)",
                           name);
    if (sym.shndx >= img->section_count)
        return loader_fail(err, "symbol %s: section index %u out of range", name, sym.shndx);
    const struct loader_section *s = &img->sections[sym.shndx];
    if ((s->flags & ELF_SHF_ALLOC) != 0 && sym.value > s->size)
        return loader_fail(err, "symbol %s: value 0x%lx beyond section %s", name,
                           (unsigned long)sym.value, s->name);
    return true;
}

static bool is_loadable_type(uint32_t type)
{
    return type == ELF_SHT_PROGBITS || type == ELF_SHT_NOBITS || type == ELF_SHT_INIT_ARRAY ||
           type == ELF_SHT_FINI_ARRAY || type == ELF_SHT_PREINIT_ARRAY || type == ELF_SHT_NOTE;
}

static bool decode_loaded_section(const struct loader_section *s, struct loader_error *err)
{
    if (!is_loadable_type(s->type))
        return loader_fail(err, "section %s: type 0x%x cannot be loaded", s->name, s->type);
    if ((s->flags & ELF_SHF_TLS) != 0)
        return loader_fail(err, "section %s: thread-local storage unsupported", s->name);
    if ((s->flags & ELF_SHF_WRITE) != 0 && (s->flags & ELF_SHF_EXECINSTR) != 0)
        return loader_fail(err, "section %s is writable and executable", s->name);
    if (s->alignment > LOADER_PAGE_SIZE)
        return loader_fail(err, "section %s alignment 0x%lx exceeds the page size", s->name,
                           (unsigned long)s->alignment);
    if (s->size > LOADER_MAX_IMAGE_BYTES)
        return loader_fail(err, "section %s size 0x%lx exceeds the image limit", s->name,
                           (unsigned long)s->size);
    return true;
}

static bool decode_relocation_section(struct loader_image *img, uint32_t index,
                                      struct loader_error *err)
{
    struct loader_section *rela = &img->sections[index];
    struct elf64_shdr sh;
    loader_read_section_header(img, index, &sh);
    if (rela->info == 0 || rela->info >= img->section_count)
        return loader_fail(err, "section %s applies to section %u, out of range", rela->name,
                           rela->info);
    struct loader_section *target = &img->sections[rela->info];
    if (rela->type == ELF_SHT_REL) {
        if ((target->flags & ELF_SHF_ALLOC) != 0)
            return loader_fail(err, "section %s: REL relocations unsupported", rela->name);
        return true;
    }
    if (sh.entsize != sizeof(struct elf64_rela) || rela->size % sizeof(struct elf64_rela) != 0)
        return loader_fail(err, "section %s: malformed relocation table", rela->name);
    if (rela->link != img->symtab_index)
        return loader_fail(err, "section %s uses symbol table %u, not %u", rela->name, rela->link,
                           img->symtab_index);
    if ((target->flags & ELF_SHF_ALLOC) == 0)
        return true; /* debug info and the like: never loaded, never relocated */
    if (target->rela_index != 0)
        return loader_fail(err, "section %s has two relocation sections", target->name);
    target->rela_index = index;
    target->relocation_count = (uint32_t)(rela->size / sizeof(struct elf64_rela));
    return true;
}

bool loader_decode_elf(struct loader_image *img, void *scratch, size_t scratch_size,
                       struct loader_error *err)
{
    struct elf64_ehdr eh;
    if (!decode_header(img, &eh, err))
        return false;

    uint8_t *cursor = scratch;
    uint8_t *end = cursor + scratch_size;
    img->section_count = eh.shnum;
    img->sections = take_scratch(&cursor, end, eh.shnum * sizeof(struct loader_section));
    uint32_t *keys = take_scratch(&cursor, end, eh.shnum * sizeof(uint32_t));
    if (img->sections == NULL || keys == NULL)
        return loader_fail(err, "loader scratch of %lu bytes too small (bound %lu)",
                           (unsigned long)scratch_size,
                           (unsigned long)LOADER_SCRATCH_BOUND(img->size));

    if (!decode_sections(img, &eh, err) || !decode_overlaps(img, &eh, keys, err) ||
        !decode_symtab_header(img, err))
        return false;

    /* The sort keys are dead now; symbol records reuse their space. */
    cursor = (uint8_t *)keys;
    img->symbols = take_scratch(&cursor, end, img->symbol_count * sizeof(struct loader_symbol));
    if (img->symbols == NULL)
        return loader_fail(err, "loader scratch of %lu bytes too small (bound %lu)",
                           (unsigned long)scratch_size,
                           (unsigned long)LOADER_SCRATCH_BOUND(img->size));
    for (uint32_t i = 0; i < img->symbol_count; i++)
        if (!decode_symbol(img, i, err))
            return false;

    for (uint32_t i = 1; i < img->section_count; i++) {
        const struct loader_section *s = &img->sections[i];
        if ((s->flags & ELF_SHF_ALLOC) != 0 && !decode_loaded_section(s, err))
            return false;
        if ((s->type == ELF_SHT_RELA || s->type == ELF_SHT_REL) &&
            !decode_relocation_section(img, i, err))
            return false;
    }
    return true;
}
