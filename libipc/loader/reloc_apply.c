/* Applies the relocations loader_decode_relocations accepted, to the copy of
 * the image at its final address. Instructions are patched as 16-bit parcels
 * (code may be only 2-byte aligned). The one failure left: a value that does
 * not fit its field, which depends on where the image and runtime sit. */

#include "loader_internal.h"
#include "reloc_types.h"

#define JALR_RS1_MASK (0x1fu << 15)

static uint32_t read_insn32(const uint8_t *p)
{
    return (uint32_t)loader_read_le(p, 2) | (uint32_t)loader_read_le(p + 2, 2) << 16;
}

static void write_insn32(uint8_t *p, uint32_t insn)
{
    loader_write_le(p, 2, insn & 0xffffu);
    loader_write_le(p + 2, 2, insn >> 16);
}

/* Bit i of v, moved to bit `to`. */
static uint32_t bit(uint64_t v, unsigned i, unsigned to)
{
    return (uint32_t)((v >> i) & 1u) << to;
}

/* Bits hi..lo of v, moved so that bit lo lands at `to`. */
static uint32_t bits(uint64_t v, unsigned hi, unsigned lo, unsigned to)
{
    return (uint32_t)((v >> lo) & ((1u << (hi - lo + 1)) - 1)) << to;
}

static bool fits_signed(int64_t v, unsigned width)
{
    int64_t limit = (int64_t)1 << (width - 1);
    return v >= -limit && v < limit;
}

/* auipc/lui immediate: rounds so the low 12 bits, sign-extended, add back. */
static bool hi20_fits(int64_t v)
{
    return v >= (int64_t)INT32_MIN - 0x800 && v < (int64_t)INT32_MAX - 0x7ff;
}

static uint32_t encode_u(uint32_t insn, uint64_t v)
{
    return (insn & 0xfffu) | (uint32_t)((v + 0x800u) & 0xfffff000u);
}

static uint32_t encode_i(uint32_t insn, uint64_t v)
{
    return (insn & 0x000fffffu) | bits(v, 11, 0, 20);
}

static uint32_t encode_s(uint32_t insn, uint64_t v)
{
    return (insn & 0x01fff07fu) | bits(v, 11, 5, 25) | bits(v, 4, 0, 7);
}

static uint32_t encode_b(uint32_t insn, uint64_t v)
{
    return (insn & 0x01fff07fu) | bit(v, 12, 31) | bits(v, 10, 5, 25) | bits(v, 4, 1, 8) |
           bit(v, 11, 7);
}

static uint32_t encode_j(uint32_t insn, uint64_t v)
{
    return (insn & 0xfffu) | bit(v, 20, 31) | bits(v, 10, 1, 21) | bit(v, 11, 20) |
           bits(v, 19, 12, 12);
}

static uint16_t encode_cb(uint16_t insn, uint64_t v)
{
    return (uint16_t)((insn & 0xe383u) | bit(v, 8, 12) | bits(v, 4, 3, 10) | bits(v, 7, 6, 5) |
                      bits(v, 2, 1, 3) | bit(v, 5, 2));
}

static uint16_t encode_cj(uint16_t insn, uint64_t v)
{
    return (uint16_t)((insn & 0xe003u) | bit(v, 11, 12) | bit(v, 4, 11) | bits(v, 9, 8, 9) |
                      bit(v, 10, 8) | bit(v, 6, 7) | bit(v, 7, 6) | bits(v, 3, 1, 3) |
                      bit(v, 5, 2));
}

struct site {
    uint8_t *p;       /* the field in dest */
    uint64_t address; /* P */
    const char *section;
    uint64_t offset;
    uint32_t section_index;
};

static bool out_of_range(const struct site *at, uint32_t type, uint64_t value,
                         struct loader_error *err)
{
    return loader_fail(err, "relocation %s at %s+0x%lx out of range (value 0x%lx)",
                       loader_relocation_name(type), at->section, (unsigned long)at->offset,
                       (unsigned long)value);
}

static uint64_t got_slot_address(const struct loader_image *img, uint32_t sym)
{
    LOADER_ASSERT(img->symbols[sym].got_slot != 0, "GOT_HI20 symbols got a slot in decode");
    return img->layout.got_vaddr + (uint64_t)img->symbols[sym].got_slot * 8u;
}

/* The pc-relative value of the HI20 relocation a PCREL_LO12 points at. */
static uint64_t hi20_value(const struct loader_image *img, uint32_t sym)
{
    const struct loader_symbol *label = &img->symbols[sym];
    struct elf64_rela hi;
    bool found = loader_find_hi20(img, label->shndx, label->value, &hi);
    LOADER_ASSERT(found, "decode_pcrel_lo12 found the partner");
    uint64_t p = loader_section_vaddr(img, label->shndx) + hi.offset;
    uint32_t hi_sym = ELF_R_SYM(hi.info);
    uint64_t target = ELF_R_TYPE(hi.info) == R_RISCV_GOT_HI20 ? got_slot_address(img, hi_sym)
                                                              : loader_symbol_address(img, hi_sym);
    return target + (uint64_t)hi.addend - p;
}

static bool write_uleb128(const struct loader_image *img, const struct site *at, uint64_t value,
                          struct loader_error *err)
{
    unsigned length = loader_uleb128_length(img, at->section_index, at->offset);
    LOADER_ASSERT(length != 0, "decode checked the ULEB128 ends in its section");
    if (length * 7 < 64 && (value >> (length * 7)) != 0)
        return out_of_range(at, R_RISCV_SET_ULEB128, value, err);
    for (unsigned i = 0; i < length; i++) {
        uint8_t more = i + 1 < length ? 0x80 : 0;
        at->p[i] = (uint8_t)((value & 0x7f) | more);
        value >>= 7;
    }
    return true;
}

static bool apply_one(const struct loader_image *img, const struct elf64_rela *r,
                      const struct elf64_rela *next, const struct site *at,
                      struct loader_error *err)
{
    uint32_t type = ELF_R_TYPE(r->info);
    uint32_t sym = ELF_R_SYM(r->info);
    uint64_t s = loader_symbol_address(img, sym);
    uint64_t sa = s + (uint64_t)r->addend;
    uint64_t pcrel = sa - at->address;
    uint8_t *p = at->p;

    switch (type) {
    case R_RISCV_32:
        if (!fits_signed((int64_t)sa, 32) && (sa >> 32) != 0)
            return out_of_range(at, type, sa, err);
        loader_write_le(p, 4, sa);
        return true;
    case R_RISCV_64:
        loader_write_le(p, 8, sa);
        return true;
    case R_RISCV_32_PCREL:
        if (!fits_signed((int64_t)pcrel, 32))
            return out_of_range(at, type, pcrel, err);
        loader_write_le(p, 4, pcrel);
        return true;
    case R_RISCV_BRANCH:
        if (!fits_signed((int64_t)pcrel, 13) || (pcrel & 1) != 0)
            return out_of_range(at, type, pcrel, err);
        write_insn32(p, encode_b(read_insn32(p), pcrel));
        return true;
    case R_RISCV_JAL:
        if (!fits_signed((int64_t)pcrel, 21) || (pcrel & 1) != 0)
            return out_of_range(at, type, pcrel, err);
        write_insn32(p, encode_j(read_insn32(p), pcrel));
        return true;
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT:
        if ((img->symbols[sym].flags & LOADER_SYMBOL_ABSENT) != 0) {
            /* A call to an absent weak function calls address 0 from any
             * distance: auipc adds nothing, jalr's base becomes x0 (as ld). */
            write_insn32(p, encode_u(read_insn32(p), 0));
            write_insn32(p + 4, encode_i(read_insn32(p + 4), 0) & ~JALR_RS1_MASK);
            return true;
        }
        if (!hi20_fits((int64_t)pcrel))
            return out_of_range(at, type, pcrel, err);
        write_insn32(p, encode_u(read_insn32(p), pcrel));
        write_insn32(p + 4, encode_i(read_insn32(p + 4), pcrel));
        return true;
    case R_RISCV_PCREL_HI20:
        if (!hi20_fits((int64_t)pcrel))
            return out_of_range(at, type, pcrel, err);
        write_insn32(p, encode_u(read_insn32(p), pcrel));
        return true;
    case R_RISCV_GOT_HI20: {
        uint64_t v = got_slot_address(img, sym) + (uint64_t)r->addend - at->address;
        if (!hi20_fits((int64_t)v))
            return out_of_range(at, type, v, err);
        write_insn32(p, encode_u(read_insn32(p), v));
        return true;
    }
    case R_RISCV_PCREL_LO12_I:
        write_insn32(p, encode_i(read_insn32(p), hi20_value(img, sym)));
        return true;
    case R_RISCV_PCREL_LO12_S:
        write_insn32(p, encode_s(read_insn32(p), hi20_value(img, sym)));
        return true;
    case R_RISCV_HI20:
        if (!hi20_fits((int64_t)sa))
            return out_of_range(at, type, sa, err);
        write_insn32(p, encode_u(read_insn32(p), sa));
        return true;
    case R_RISCV_LO12_I:
        write_insn32(p, encode_i(read_insn32(p), sa));
        return true;
    case R_RISCV_LO12_S:
        write_insn32(p, encode_s(read_insn32(p), sa));
        return true;
    case R_RISCV_RVC_BRANCH:
        if (!fits_signed((int64_t)pcrel, 9) || (pcrel & 1) != 0)
            return out_of_range(at, type, pcrel, err);
        loader_write_le(p, 2, encode_cb((uint16_t)loader_read_le(p, 2), pcrel));
        return true;
    case R_RISCV_RVC_JUMP:
        if (!fits_signed((int64_t)pcrel, 12) || (pcrel & 1) != 0)
            return out_of_range(at, type, pcrel, err);
        loader_write_le(p, 2, encode_cj((uint16_t)loader_read_le(p, 2), pcrel));
        return true;
    case R_RISCV_ADD8:
    case R_RISCV_ADD16:
    case R_RISCV_ADD32:
    case R_RISCV_ADD64: {
        unsigned n = type == R_RISCV_ADD8 ? 1 : type == R_RISCV_ADD16 ? 2 : type == R_RISCV_ADD32 ? 4 : 8;
        loader_write_le(p, n, loader_read_le(p, n) + sa);
        return true;
    }
    case R_RISCV_SUB8:
    case R_RISCV_SUB16:
    case R_RISCV_SUB32:
    case R_RISCV_SUB64: {
        unsigned n = type == R_RISCV_SUB8 ? 1 : type == R_RISCV_SUB16 ? 2 : type == R_RISCV_SUB32 ? 4 : 8;
        loader_write_le(p, n, loader_read_le(p, n) - sa);
        return true;
    }
    case R_RISCV_SET6:
        p[0] = (uint8_t)((p[0] & 0xc0u) | (sa & 0x3fu));
        return true;
    case R_RISCV_SUB6:
        p[0] = (uint8_t)((p[0] & 0xc0u) | ((p[0] - sa) & 0x3fu));
        return true;
    case R_RISCV_SET8:
        loader_write_le(p, 1, sa);
        return true;
    case R_RISCV_SET16:
        loader_write_le(p, 2, sa);
        return true;
    case R_RISCV_SET32:
        loader_write_le(p, 4, sa);
        return true;
    case R_RISCV_SET_ULEB128: {
        /* The value is this symbol minus that of the SUB that follows. */
        LOADER_ASSERT(next != NULL && ELF_R_TYPE(next->info) == R_RISCV_SUB_ULEB128,
                      "decode paired every SET_ULEB128 with a SUB");
        uint64_t minuend = loader_symbol_address(img, ELF_R_SYM(next->info)) +
                           (uint64_t)next->addend;
        return write_uleb128(img, at, sa - minuend, err);
    }
    case R_RISCV_SUB_ULEB128:
        return true; /* consumed with its SET */
    default:
        LOADER_ASSERT(false, "decode refused every type not handled here");
        return false;
    }
}

bool loader_apply_relocations(const struct loader_image *img, uint8_t *dest,
                              struct loader_error *err)
{
    for (uint32_t i = 1; i < img->section_count; i++) {
        const struct loader_section *s = &img->sections[i];
        if (s->region == LOADER_REGION_NONE || s->rela_index == 0)
            continue;
        uint64_t vaddr = loader_section_vaddr(img, i);
        for (uint32_t j = 0; j < s->relocation_count; j++) {
            struct elf64_rela r, next;
            loader_read_rela(img, s->rela_index, j, &r);
            struct loader_reloc_kind kind;
            loader_reloc_kind(ELF_R_TYPE(r.info), &kind);
            if (kind.handling == LOADER_RELOC_IGNORE)
                continue;
            LOADER_ASSERT(kind.handling == LOADER_RELOC_APPLY, "decode refused the rest");
            bool has_next = j + 1 < s->relocation_count;
            if (has_next)
                loader_read_rela(img, s->rela_index, j + 1, &next);
            struct site at = {
                .p = dest + (vaddr - img->layout.base) + r.offset,
                .address = vaddr + r.offset,
                .section = s->name,
                .offset = r.offset,
                .section_index = i,
            };
            if (!apply_one(img, &r, has_next ? &next : NULL, &at, err))
                return false;
        }
    }
    return true;
}
