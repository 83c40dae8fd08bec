/* The relocation half of the validation boundary: every RELA entry that
 * applies to a loaded section is checked here (type, symbol, field inside its
 * section, PCREL_LO12 partner, ULEB128 pairing) and GOT slots are assigned. */

#include "loader_internal.h"
#include "reloc_types.h"

void loader_reloc_kind(uint32_t type, struct loader_reloc_kind *out)
{
    switch (type) {
#define LOADER_RELOC_KIND(name, number, bytes, handling)                          \
    case number:                                                                  \
        *out = (struct loader_reloc_kind){ "R_RISCV_" #name, bytes, LOADER_RELOC_##handling }; \
        return;
        LOADER_RISCV_RELOCATIONS(LOADER_RELOC_KIND)
#undef LOADER_RELOC_KIND
    default:
        *out = (struct loader_reloc_kind){ NULL, 0, LOADER_RELOC_REFUSE };
        return;
    }
}

const char *loader_relocation_name(uint32_t type)
{
    struct loader_reloc_kind kind;
    loader_reloc_kind(type, &kind);
    return kind.name;
}

void loader_read_rela(const struct loader_image *img, uint32_t rela_section, uint32_t entry,
                      struct elf64_rela *out)
{
    const struct loader_section *rela = &img->sections[rela_section];
    LOADER_ASSERT(entry < rela->size / sizeof *out, "RELA entry inside its checked section");
    loader_copy(out, img->data + rela->offset + (uint64_t)entry * sizeof *out, sizeof *out);
}

static uint64_t rela_offset(const struct loader_image *img, const struct loader_section *s,
                            uint32_t entry)
{
    const struct loader_section *rela = &img->sections[s->rela_index];
    uint64_t offset;
    loader_copy(&offset, img->data + rela->offset + (uint64_t)entry * sizeof(struct elf64_rela),
                sizeof offset);
    return offset;
}

static bool offsets_ascend(const struct loader_image *img, const struct loader_section *s)
{
    for (uint32_t j = 1; j < s->relocation_count; j++)
        if (rela_offset(img, s, j) < rela_offset(img, s, j - 1))
            return false;
    return true;
}

/* The first entry, in table order, of the HI20 relocations at offset. With
 * the table in offset order (as ld writes it) those entries sit together
 * after the first entry not below offset, which bisection finds; otherwise
 * every entry is looked at. Either way the same entry is found. */
bool loader_find_hi20(const struct loader_image *img, uint32_t section, uint64_t offset,
                      struct elf64_rela *out)
{
    const struct loader_section *s = &img->sections[section];
    uint32_t j = 0;
    if (s->relocations_sorted) {
        uint32_t end = s->relocation_count;
        while (j < end) {
            uint32_t mid = j + (end - j) / 2;
            if (rela_offset(img, s, mid) < offset)
                j = mid + 1;
            else
                end = mid;
        }
    }
    for (; j < s->relocation_count; j++) {
        loader_read_rela(img, s->rela_index, j, out);
        if (s->relocations_sorted && out->offset != offset)
            return false;
        uint32_t type = ELF_R_TYPE(out->info);
        if (out->offset == offset && (type == R_RISCV_PCREL_HI20 || type == R_RISCV_GOT_HI20))
            return true;
    }
    return false;
}

/* Length of the ULEB128 at offset in the file's copy of the section, 0 if it
 * does not end inside the section or within ten bytes. Apply uses the same
 * file bytes, so a relocation cannot stretch the field after this check. */
unsigned loader_uleb128_length(const struct loader_image *img, uint32_t section, uint64_t offset)
{
    const struct loader_section *s = &img->sections[section];
    for (unsigned n = 1; n <= 10 && offset + n <= s->size; n++)
        if ((img->data[s->offset + offset + n - 1] & 0x80) == 0)
            return n;
    return 0;
}

struct place {
    const char *section;
    uint64_t offset;
};

static bool refuse(struct loader_error *err, const struct loader_reloc_kind *kind, uint32_t type,
                   struct place at, const char *why)
{
    if (kind->name == NULL)
        return loader_fail(err, "relocation type %u at %s+0x%lx %s", type, at.section,
                           (unsigned long)at.offset, why);
    return loader_fail(err, "relocation %s at %s+0x%lx %s", kind->name, at.section,
                       (unsigned long)at.offset, why);
}

static bool decode_pcrel_lo12(struct loader_image *img, const struct elf64_rela *r,
                              const struct loader_reloc_kind *kind, struct place at,
                              struct loader_error *err)
{
    /* The symbol is the auipc's label; its HI20 relocation gives the value. */
    const struct loader_symbol *label = &img->symbols[ELF_R_SYM(r->info)];
    struct elf64_rela hi;
    if (r->addend != 0)
        return refuse(err, kind, ELF_R_TYPE(r->info), at, "has an addend");
    if ((label->flags & LOADER_SYMBOL_IMPORT) != 0 || label->shndx == ELF_SHN_UNDEF ||
        label->shndx >= img->section_count ||
        !loader_find_hi20(img, label->shndx, label->value, &hi))
        return refuse(err, kind, ELF_R_TYPE(r->info), at, "has no matching PCREL_HI20");
    return true;
}

static bool decode_symbol_reference(struct loader_image *img, const struct elf64_rela *r,
                                    const struct loader_reloc_kind *kind, struct place at,
                                    struct loader_error *err)
{
    uint32_t sym = ELF_R_SYM(r->info);
    if (sym >= img->symbol_count)
        return refuse(err, kind, ELF_R_TYPE(r->info), at, "refers to a symbol out of range");
    uint16_t shndx = img->symbols[sym].shndx;
    if (shndx != ELF_SHN_UNDEF && shndx != ELF_SHN_ABS &&
        (img->sections[shndx].flags & ELF_SHF_ALLOC) == 0)
        return refuse(err, kind, ELF_R_TYPE(r->info), at, "refers to a section not loaded");
    return true;
}

static bool decode_relocation(struct loader_image *img, uint32_t section, uint32_t entry,
                              struct loader_error *err)
{
    const struct loader_section *s = &img->sections[section];
    struct elf64_rela r;
    loader_read_rela(img, s->rela_index, entry, &r);
    uint32_t type = ELF_R_TYPE(r.info);
    struct loader_reloc_kind kind;
    loader_reloc_kind(type, &kind);
    struct place at = { s->name, r.offset };

    if (kind.handling == LOADER_RELOC_REFUSE)
        return refuse(err, &kind, type, at, "unsupported");
    if (!decode_symbol_reference(img, &r, &kind, at, err))
        return false;
    if (kind.handling == LOADER_RELOC_IGNORE)
        return true;
    if (s->type == ELF_SHT_NOBITS)
        return refuse(err, &kind, type, at, "patches a section without contents");
    if (!loader_range_ok(r.offset, kind.field_bytes, s->size))
        return refuse(err, &kind, type, at, "outside its section");

    switch (type) {
    case R_RISCV_PCREL_LO12_I:
    case R_RISCV_PCREL_LO12_S:
        return decode_pcrel_lo12(img, &r, &kind, at, err);
    case R_RISCV_GOT_HI20:
        img->symbols[ELF_R_SYM(r.info)].got_slot = 1; /* numbered below */
        return true;
    case R_RISCV_SET_ULEB128:
    case R_RISCV_SUB_ULEB128: {
        /* A ULEB128 difference is a SET immediately followed by its SUB. */
        uint32_t partner = type == R_RISCV_SET_ULEB128 ? entry + 1 : entry - 1;
        uint32_t partner_type = type == R_RISCV_SET_ULEB128 ? R_RISCV_SUB_ULEB128
                                                            : R_RISCV_SET_ULEB128;
        struct elf64_rela p;
        if (partner >= s->relocation_count)
            return refuse(err, &kind, type, at, "is not part of a SET/SUB_ULEB128 pair");
        loader_read_rela(img, s->rela_index, partner, &p);
        if (ELF_R_TYPE(p.info) != partner_type || p.offset != r.offset)
            return refuse(err, &kind, type, at, "is not part of a SET/SUB_ULEB128 pair");
        if (loader_uleb128_length(img, section, r.offset) == 0)
            return refuse(err, &kind, type, at, "patches an unterminated ULEB128");
        return true;
    }
    default:
        return true;
    }
}

bool loader_decode_relocations(struct loader_image *img, struct loader_error *err)
{
    /* Every table's order first: a PCREL_LO12 may name a label in a section
     * whose own relocations come later. */
    for (uint32_t i = 1; i < img->section_count; i++) {
        struct loader_section *s = &img->sections[i];
        s->relocations_sorted = (s->flags & ELF_SHF_ALLOC) != 0 && s->rela_index != 0 &&
                                offsets_ascend(img, s);
    }
    for (uint32_t i = 1; i < img->section_count; i++) {
        const struct loader_section *s = &img->sections[i];
        if ((s->flags & ELF_SHF_ALLOC) == 0 || s->rela_index == 0)
            continue;
        for (uint32_t j = 0; j < s->relocation_count; j++)
            if (!decode_relocation(img, i, j, err))
                return false;
    }
    /* GOT slots in symbol table order: locals come first there, as in ld's GOT. */
    img->got_slot_count = 0;
    for (uint32_t i = 0; i < img->symbol_count; i++)
        if (img->symbols[i].got_slot != 0)
            img->symbols[i].got_slot = ++img->got_slot_count;
    return true;
}
