/* Host tests of the loader: good images load and their relocations, imports
 * and layout come out right; every kind of malformed or incompatible image
 * is refused with its one-line reason; nothing crashes on corrupted input. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/loader.h>

#include "image_edit.h"

#define TEST_BASE MICA_SERVER_BASE

static struct image good;     /* every relocation object, imports from testrt */
static struct image runtime;  /* testrt.elf */
static struct image isa_float;
static struct image uleb;     /* reloc_uleb.S: ULEB128 fields and a weak GOT */

struct loaded {
    bool ok;
    struct loader_error err;
    struct loader_runtime rt;
    struct loader_image img;
    void *scratch;
    uint8_t *dest;
};

static void loaded_free(struct loaded *l)
{
    free(l->scratch);
    free(l->dest);
    l->scratch = NULL;
    l->dest = NULL;
}

/* The whole load init does, stopping at the first refusal. */
static void load(struct image img, struct image rt_img, uint64_t base, struct loaded *l)
{
    memset(l, 0, sizeof *l);
    size_t scratch_size = LOADER_SCRATCH_BOUND(img.size);
    l->scratch = malloc(scratch_size);
    assert_non_null(l->scratch);
    l->ok = loader_decode_runtime(&l->rt, rt_img.data, rt_img.size, &l->err) &&
            loader_decode_image(&l->img, img.data, img.size, l->scratch, scratch_size, &l->err) &&
            loader_bind(&l->img, &l->rt, &l->err) && loader_place(&l->img, base, &l->err);
    if (!l->ok)
        return;
    l->dest = malloc(l->img.layout.total_size);
    assert_non_null(l->dest);
    l->ok = loader_link(&l->img, l->dest, l->img.layout.total_size, &l->err);
}

static void assert_one_line(const struct loader_error *err)
{
    assert_true(err->text[0] != '\0');
    assert_true(strlen(err->text) < LOADER_ERROR_MAX);
    for (const char *p = err->text; *p != '\0'; p++)
        assert_true(*p >= 0x20 && *p < 0x7f);
}

/* Loads img against rt_img at TEST_BASE, failing the test if it is refused. */
static void load_ok(struct image img, struct image rt_img, struct loaded *l)
{
    load(img, rt_img, TEST_BASE, l);
    if (!l->ok)
        fail_msg("refused: %s", l->err.text);
}

static void expect_refused(struct image img, struct image rt_img, const char *reason)
{
    struct loaded l;
    load(img, rt_img, TEST_BASE, &l);
    if (l.ok)
        fail_msg("image accepted, expected \"%s\"", reason);
    assert_one_line(&l.err);
    if (strstr(l.err.text, reason) == NULL)
        fail_msg("refused with \"%s\", expected \"%s\"", l.err.text, reason);
    loaded_free(&l);
}

static uint64_t vaddr_of_section(const struct loaded *l, unsigned index)
{
    struct loader_section_info info;
    loader_section_info(&l->img, index, &info);
    assert_int_not_equal(info.region, LOADER_REGION_NONE);
    return info.vaddr;
}

static uint64_t vaddr_of_symbol(const struct loaded *l, struct image img, const char *name)
{
    Elf64_Sym *sym = image_symbol(img, name);
    return vaddr_of_section(l, sym->st_shndx) + sym->st_value;
}

static uint8_t *dest_at(const struct loaded *l, uint64_t vaddr)
{
    assert_true(vaddr >= l->img.layout.base && vaddr < l->img.layout.base + l->img.layout.total_size);
    return l->dest + (vaddr - l->img.layout.base);
}

static uint64_t export_address(const struct loaded *l, const char *name)
{
    for (uint32_t i = 0; i < l->rt.export_count; i++) {
        struct mica_export_entry e;
        loader_runtime_export(&l->rt, i, &e);
        if (strcmp(e.name, name) == 0)
            return e.address;
    }
    fail_msg("runtime exports no %s", name);
    return 0;
}

static void set_type(Elf64_Rela *r, uint32_t type)
{
    r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), type);
}

/* --- Good images ---------------------------------------------------------- */

static void test_runtime_decodes(void **state)
{
    (void)state;
    struct loader_runtime rt;
    struct loader_error err;
    assert_true(loader_decode_runtime(&rt, runtime.data, runtime.size, &err));
    assert_int_equal(rt.export_count, 4);
    assert_int_equal(rt.abi_major, MICA_RUNTIME_ABI_MAJOR);
    assert_int_equal(rt.abi_minor, MICA_RUNTIME_ABI_MINOR);
    assert_int_equal(rt.segment_count, 2);
    assert_int_equal(rt.segments[0].vaddr, MICA_RUNTIME_BASE);
    assert_int_equal(rt.segments[0].flags, PF_R | PF_X);
    assert_int_equal(rt.segments[1].flags, PF_R | PF_W);
    assert_int_equal(rt.segments[1].vaddr % LOADER_PAGE_SIZE, 0);
    assert_true(rt.segments[1].vaddr >= rt.segments[0].vaddr + rt.segments[0].mem_size);
    Elf64_Sym *add = image_symbol(runtime, "testrt_add");
    bool found = false;
    for (uint32_t i = 0; i < rt.export_count; i++) {
        struct mica_export_entry e;
        loader_runtime_export(&rt, i, &e);
        if (strcmp(e.name, "testrt_add") == 0)
            found = e.address == add->st_value;
    }
    assert_true(found);
}

static void test_good_image_loads(void **state)
{
    (void)state;
    struct loaded l;
    load_ok(good, runtime, &l);
    const struct mica_server_manifest *m = &l.img.manifest;
    assert_string_equal(m->name, "loadertest");
    assert_int_equal(m->version, MICA_VERSION(1, 2, 3));
    assert_string_equal(m->schemes[0], "test.a");
    assert_string_equal(m->schemes[1], "test.b");
    assert_string_equal(m->schemes[2], "");
    assert_string_equal(m->compatible, "mica,loader-test");
    assert_int_equal(m->irq_count, 1);
    assert_int_equal(m->mmio_region_count, 2);
    assert_int_equal(m->dma_bytes, 8192);
    assert_int_equal(m->priority, 7);

    const struct loader_layout *lay = &l.img.layout;
    assert_int_equal(lay->base, TEST_BASE);
    assert_int_equal(lay->regions[LOADER_REGION_TEXT].vaddr, TEST_BASE);
    for (int r = 0; r < LOADER_REGION_COUNT; r++)
        assert_int_equal(lay->regions[r].vaddr % LOADER_PAGE_SIZE, 0);
    assert_true(lay->regions[LOADER_REGION_RODATA].vaddr >=
                lay->regions[LOADER_REGION_TEXT].vaddr + lay->regions[LOADER_REGION_TEXT].size);
    assert_true(lay->regions[LOADER_REGION_DATA].vaddr >=
                lay->regions[LOADER_REGION_RODATA].vaddr + lay->regions[LOADER_REGION_RODATA].size);
    assert_true(lay->file_size <= lay->total_size);
    assert_int_equal(lay->total_size % LOADER_PAGE_SIZE, 0);
    assert_int_equal(lay->entry, vaddr_of_symbol(&l, good, "test_entry"));
    assert_int_equal(lay->got_slots, 2); /* got_local and got_global */

    /* R_RISCV_64 to an import: the function pointer holds the runtime's address. */
    uint64_t adder;
    memcpy(&adder, dest_at(&l, vaddr_of_symbol(&l, good, "adder")), 8);
    assert_int_equal(adder, export_address(&l, "testrt_add"));
    /* GOT slots hold their symbols' addresses. */
    uint64_t slot;
    memcpy(&slot, dest_at(&l, lay->got_vaddr + 8), 8);
    assert_true(slot == vaddr_of_symbol(&l, good, "got_local") ||
                slot == vaddr_of_symbol(&l, good, "got_global"));
    loaded_free(&l);
}

static void test_section_regions(void **state)
{
    (void)state;
    struct loaded l;
    load(good, runtime, TEST_BASE, &l);
    assert_true(l.ok);
    for (uint32_t i = 1; i < l.img.section_count; i++) {
        struct loader_section_info s;
        loader_section_info(&l.img, i, &s);
        enum loader_region_kind expected = LOADER_REGION_NONE;
        if (s.flags & SHF_ALLOC)
            expected = (s.flags & SHF_EXECINSTR) ? LOADER_REGION_TEXT
                       : (s.flags & SHF_WRITE)   ? LOADER_REGION_DATA
                                                 : LOADER_REGION_RODATA;
        assert_int_equal(s.region, expected);
        if (expected != LOADER_REGION_NONE) {
            const struct loader_region *r = &l.img.layout.regions[expected];
            assert_int_equal(s.vaddr % s.alignment, 0);
            assert_true(s.vaddr >= r->vaddr && s.vaddr + s.size <= r->vaddr + r->size);
        }
    }
    loaded_free(&l);
}

static void test_call_to_absent_weak_uses_x0(void **state)
{
    (void)state;
    struct loaded l;
    load(good, runtime, TEST_BASE, &l);
    assert_true(l.ok);
    size_t count;
    Elf64_Rela *r = image_relas(good, ".rela.text", &count);
    unsigned missing = image_symbol_index(good, "testrt_missing");
    bool seen = false;
    for (size_t i = 0; i < count; i++) {
        if (ELF64_R_SYM(r[i].r_info) != missing || ELF64_R_TYPE(r[i].r_info) != R_RISCV_CALL_PLT)
            continue;
        uint32_t auipc, jalr;
        uint64_t at = vaddr_of_section(&l, image_section_index(good, ".text")) + r[i].r_offset;
        memcpy(&auipc, dest_at(&l, at), 4);
        memcpy(&jalr, dest_at(&l, at + 4), 4);
        assert_int_equal(auipc >> 12, 0);        /* adds nothing */
        assert_int_equal((jalr >> 15) & 0x1f, 0); /* base register x0 */
        assert_int_equal(jalr >> 20, 0);
        seen = true;
    }
    assert_true(seen);
    loaded_free(&l);
}

static void test_links_at_other_bases(void **state)
{
    (void)state;
    struct loaded a, b;
    load(good, runtime, TEST_BASE, &a);
    load(good, runtime, 0x200000, &b);
    assert_true(a.ok && b.ok);
    assert_int_equal(a.img.layout.total_size, b.img.layout.total_size);
    assert_memory_not_equal(a.dest, b.dest, a.img.layout.file_size);
    assert_int_equal(b.img.layout.entry - 0x200000, a.img.layout.entry - TEST_BASE);
    loaded_free(&a);
    loaded_free(&b);
}

static void test_weak_import_missing_from_runtime(void **state)
{
    (void)state;
    struct image rt = image_copy(runtime);
    image_replace_text(rt, ".mica.exports", "testrt_optional", "testrt_optionaX");
    struct loaded l;
    load_ok(good, rt, &l);
    loaded_free(&l);
    image_free(&rt);
}

static void test_uleb128_pairs(void **state)
{
    (void)state;
    struct image img = image_copy(uleb);
    size_t count;
    Elf64_Rela *r = image_relas(img, ".rela.data.uleb", &count);
    assert_int_equal(count, 5);
    set_type(&r[0], R_RISCV_SET_ULEB128);
    set_type(&r[1], R_RISCV_SUB_ULEB128);
    set_type(&r[2], R_RISCV_NONE); /* the narrow field overflows: its own test */
    set_type(&r[3], R_RISCV_NONE);
    struct loaded l;
    load_ok(img, runtime, &l);
    uint64_t v = image_symbol(img, "uleb_end")->st_value - image_symbol(img, "uleb_start")->st_value;
    uint8_t expected[3] = { (uint8_t)((v & 0x7f) | 0x80), (uint8_t)(((v >> 7) & 0x7f) | 0x80),
                            (uint8_t)(v >> 14) };
    assert_memory_equal(dest_at(&l, vaddr_of_symbol(&l, img, "uleb_wide")), expected, 3);
    /* The lone SET8 still applies: the low byte of uleb_end's address. */
    assert_int_equal(*dest_at(&l, vaddr_of_symbol(&l, img, "uleb_lone")),
                     (uint8_t)vaddr_of_symbol(&l, img, "uleb_end"));
    loaded_free(&l);
    image_free(&img);
}

static void test_uleb128_overflow(void **state)
{
    (void)state;
    struct image img = image_copy(uleb);
    size_t count;
    Elf64_Rela *r = image_relas(img, ".rela.data.uleb", &count);
    set_type(&r[2], R_RISCV_SET_ULEB128);
    set_type(&r[3], R_RISCV_SUB_ULEB128);
    char reason[96];
    snprintf(reason, sizeof reason, "relocation R_RISCV_SET_ULEB128 at .data.uleb+0x%lx out of range",
             (unsigned long)r[2].r_offset);
    expect_refused(img, runtime, reason);
    image_free(&img);
}

static void test_uleb128_unpaired(void **state)
{
    (void)state;
    struct image img = image_copy(uleb);
    size_t count;
    Elf64_Rela *r = image_relas(img, ".rela.data.uleb", &count);
    set_type(&r[4], R_RISCV_SET_ULEB128);
    expect_refused(img, runtime, "is not part of a SET/SUB_ULEB128 pair");
    image_free(&img);
}

static void test_got_slot_of_absent_weak_is_zero(void **state)
{
    (void)state;
    struct loaded l;
    load_ok(uleb, runtime, &l);
    assert_int_equal(l.img.layout.got_slots, 1);
    assert_int_equal(l.img.layout.got_vaddr, l.img.layout.regions[LOADER_REGION_DATA].vaddr);
    uint64_t header = 1, slot = 1;
    memcpy(&header, dest_at(&l, l.img.layout.got_vaddr), 8);
    memcpy(&slot, dest_at(&l, l.img.layout.got_vaddr + 8), 8);
    assert_int_equal(header, 0);
    assert_int_equal(slot, 0);
    loaded_free(&l);
}

/* --- Refusals: structure ------------------------------------------------- */

static void test_truncated(void **state)
{
    (void)state;
    for (size_t n = 0; n < good.size; n += n < 4096 ? 61 : 4093) {
        struct image cut = { good.data, n };
        struct loaded l;
        load(cut, runtime, TEST_BASE, &l);
        assert_false(l.ok);
        assert_one_line(&l.err);
        loaded_free(&l);
    }
    expect_refused((struct image){ good.data, 10 }, runtime, "truncated ELF header");
    expect_refused((struct image){ good.data, good.size - 1 }, runtime,
                   "section header table");
}

static void test_bad_headers(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    img.data[0] = 'X';
    expect_refused(img, runtime, "not an ELF file");
    img.data[0] = 0x7f;
    img.data[EI_CLASS] = ELFCLASS32;
    expect_refused(img, runtime, "not a little-endian ELF64 file");
    img.data[EI_CLASS] = ELFCLASS64;
    image_ehdr(img)->e_machine = EM_X86_64;
    expect_refused(img, runtime, "is not RISC-V");
    image_ehdr(img)->e_machine = EM_RISCV;
    image_ehdr(img)->e_type = ET_EXEC;
    expect_refused(img, runtime, "not a relocatable object");
    image_ehdr(img)->e_type = ET_REL;
    image_ehdr(img)->e_flags |= 0x4; /* double-float ABI */
    expect_refused(img, runtime, "ABI is not lp64");
    image_ehdr(img)->e_flags &= ~0x4u;
    image_ehdr(img)->e_shstrndx = 0xfff0;
    expect_refused(img, runtime, "section name table index 65520 out of range");
    image_free(&img);
}

static void test_bad_section_table(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    unsigned text = image_section_index(img, ".text");
    Elf64_Shdr saved = *image_section_header(img, text);

    image_section_header(img, text)->sh_name = 0x7fffffff;
    expect_refused(img, runtime, "name offset 0x7fffffff out of range");
    *image_section_header(img, text) = saved;

    image_section_header(img, text)->sh_offset = img.size - 8;
    expect_refused(img, runtime, "outside the file");
    image_section_header(img, text)->sh_offset = UINT64_MAX - 4;
    expect_refused(img, runtime, "outside the file");
    *image_section_header(img, text) = saved;

    image_section_header(img, text)->sh_size = UINT64_MAX;
    expect_refused(img, runtime, "outside the file");
    *image_section_header(img, text) = saved;

    image_section_header(img, text)->sh_addralign = 6;
    expect_refused(img, runtime, "alignment 0x6 is not a power of two");
    image_section_header(img, text)->sh_addralign = 0x10000;
    expect_refused(img, runtime, "section .text alignment 0x10000 exceeds the page size");
    *image_section_header(img, text) = saved;

    image_section_header(img, text)->sh_flags |= SHF_WRITE;
    expect_refused(img, runtime, "section .text is writable and executable");
    *image_section_header(img, text) = saved;

    image_section_header(img, text)->sh_flags |= SHF_TLS;
    expect_refused(img, runtime, "thread-local storage unsupported");
    *image_section_header(img, text) = saved;

    /* The symbol table's string table index points nowhere. */
    Elf64_Shdr *symtab = image_section(img, ".symtab");
    uint32_t link = symtab->sh_link;
    symtab->sh_link = 9999;
    expect_refused(img, runtime, "string table 9999, out of range");
    symtab->sh_link = image_section_index(img, ".text");
    expect_refused(img, runtime, "is not a NUL-terminated string table");
    symtab->sh_link = link;

    /* A relocation section applies to a section that does not exist. */
    Elf64_Shdr *rela = image_section(img, ".rela.text");
    uint32_t info = rela->sh_info;
    rela->sh_info = 9999;
    expect_refused(img, runtime, "section .rela.text applies to section 9999, out of range");
    rela->sh_info = info;
    image_free(&img);
}

static void test_overlapping_sections(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    Elf64_Shdr *data = image_section(img, ".data.got");
    data->sh_offset = image_section(img, ".text")->sh_offset + 2;
    expect_refused(img, runtime, "sections .text and .data.got overlap in the file");
    data->sh_offset = 0;
    expect_refused(img, runtime, "section .data.got overlaps the ELF headers");
    data->sh_offset = image_ehdr(img)->e_shoff + 64;
    expect_refused(img, runtime, "section .data.got overlaps the ELF headers");
    image_free(&img);
}

static void test_huge_sizes(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    Elf64_Shdr *bss = image_section(img, ".sbss");
    bss->sh_size = (uint64_t)1 << 40;
    expect_refused(img, runtime, "section .sbss size 0x10000000000 exceeds the image limit");
    bss->sh_size = LOADER_MAX_IMAGE_BYTES - 0x1000;
    expect_refused(img, runtime, "bytes of memory, limit");
    image_free(&img);
}

static void test_bad_symbols(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    Elf64_Sym *sym = image_symbol(img, "calls_run");
    Elf64_Sym saved = *sym;
    sym->st_shndx = 9999;
    expect_refused(img, runtime, "symbol calls_run: section index 9999 out of range");
    sym->st_shndx = SHN_COMMON;
    expect_refused(img, runtime, "symbol calls_run: common symbol unsupported");
    *sym = saved;
    sym->st_value = 0x10000000;
    expect_refused(img, runtime, "symbol calls_run: value 0x10000000 beyond section .text");
    *sym = saved;
    sym->st_name = 0x7fffffff;
    expect_refused(img, runtime, "name offset 0x7fffffff out of range");
    *sym = saved;
    sym->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_TLS);
    expect_refused(img, runtime, "symbol calls_run: thread-local storage unsupported");
    image_free(&img);
}

static void test_scratch_too_small(void **state)
{
    (void)state;
    struct loader_image li;
    struct loader_error err;
    char scratch[64];
    assert_false(loader_decode_image(&li, good.data, good.size, scratch, sizeof scratch, &err));
    assert_non_null(strstr(err.text, "loader scratch of 64 bytes too small"));
}

/* --- Refusals: relocations ------------------------------------------------ */

static void expect_type_refused(uint32_t type, const char *name)
{
    struct image img = image_copy(good);
    size_t count;
    Elf64_Rela *r = image_relas(img, ".rela.text", &count);
    set_type(&r[2], type);
    char reason[128];
    if (name != NULL)
        snprintf(reason, sizeof reason, "relocation %s at .text+0x%lx unsupported", name,
                 (unsigned long)r[2].r_offset);
    else
        snprintf(reason, sizeof reason, "relocation type %u at .text+0x%lx unsupported", type,
                 (unsigned long)r[2].r_offset);
    expect_refused(img, runtime, reason);
    image_free(&img);
}

static void test_unsupported_relocations(void **state)
{
    (void)state;
    expect_type_refused(R_RISCV_TLS_GD_HI20, "R_RISCV_TLS_GD_HI20");
    expect_type_refused(R_RISCV_TPREL_HI20, "R_RISCV_TPREL_HI20");
    expect_type_refused(R_RISCV_ALIGN, "R_RISCV_ALIGN");
    expect_type_refused(R_RISCV_RELATIVE, "R_RISCV_RELATIVE");
    expect_type_refused(R_RISCV_COPY, "R_RISCV_COPY");
    expect_type_refused(200, NULL);
    expect_type_refused(13, NULL); /* a gap in the psABI's numbering */
}

static void test_relocation_fields_checked(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    size_t count;
    Elf64_Rela *r = image_relas(img, ".rela.text", &count);
    Elf64_Rela saved = r[0];
    r[0].r_offset = image_section(img, ".text")->sh_size - 1;
    expect_refused(img, runtime, "outside its section");
    r[0].r_offset = UINT64_MAX - 1;
    expect_refused(img, runtime, "outside its section");
    r[0] = saved;
    r[0].r_info = ELF64_R_INFO(0xffffff, ELF64_R_TYPE(saved.r_info));
    expect_refused(img, runtime, "refers to a symbol out of range");
    r[0] = saved;
    image_free(&img);
}

static void test_relocation_to_unloaded_section(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    /* Point a relocation at the section symbol of .debug_info. */
    size_t count;
    Elf64_Sym *syms = (Elf64_Sym *)(img.data + image_section(img, ".symtab")->sh_offset);
    unsigned debug = image_section_index(img, ".debug_info");
    count = image_section(img, ".symtab")->sh_size / sizeof(Elf64_Sym);
    unsigned symbol = 0;
    for (unsigned i = 0; i < count; i++)
        if (syms[i].st_shndx == debug && ELF64_ST_TYPE(syms[i].st_info) == STT_SECTION)
            symbol = i;
    assert_int_not_equal(symbol, 0);
    Elf64_Rela *r = image_find_rela(img, ".rela.data.diff", R_RISCV_ADD8);
    r->r_info = ELF64_R_INFO(symbol, R_RISCV_ADD8);
    expect_refused(img, runtime, "refers to a section not loaded");
    image_free(&img);
}

static void test_debug_relocations_skipped(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    size_t count;
    Elf64_Rela *r = image_relas(img, ".rela.debug_info", &count);
    for (size_t i = 0; i < count; i++)
        set_type(&r[i], R_RISCV_TLS_GD_HI20); /* would be refused in a loaded section */
    struct loaded l;
    load_ok(img, runtime, &l);
    loaded_free(&l);
    image_free(&img);
}

static void test_pcrel_lo12_without_partner(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    Elf64_Rela *hi = image_find_rela(img, ".rela.text.diff_a", R_RISCV_PCREL_HI20);
    set_type(hi, R_RISCV_NONE);
    expect_refused(img, runtime, "has no matching PCREL_HI20");
    image_free(&img);
}

/* The loader bisects a relocation table that is in offset order (as ld
 * writes it) to find a PCREL_LO12's HI20, and looks at every entry of one
 * that is not: both find the same partner, or none. */
static void reverse_relas(struct image img, const char *name)
{
    size_t count;
    Elf64_Rela *r = image_relas(img, name, &count);
    assert_true(count > 2);
    for (size_t i = 0, j = count - 1; i < j; i++, j--) {
        Elf64_Rela t = r[i];
        r[i] = r[j];
        r[j] = t;
    }
}

static void test_pcrel_lo12_partner_in_any_order(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    reverse_relas(img, ".rela.text");
    struct loaded sorted, reversed;
    load(good, runtime, TEST_BASE, &sorted);
    load(img, runtime, TEST_BASE, &reversed);
    if (!reversed.ok)
        fail_msg("refused: %s", reversed.err.text);
    assert_true(sorted.ok);
    assert_int_equal(sorted.img.layout.total_size, reversed.img.layout.total_size);
    assert_memory_equal(sorted.dest, reversed.dest, sorted.img.layout.total_size);
    loaded_free(&sorted);
    loaded_free(&reversed);

    set_type(image_find_rela(img, ".rela.text", R_RISCV_PCREL_HI20), R_RISCV_NONE);
    expect_refused(img, runtime, "has no matching PCREL_HI20");
    image_free(&img);
}

static void test_out_of_range(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    Elf64_Rela *jal = image_find_rela(img, ".rela.text.far_start", R_RISCV_JAL);
    jal->r_addend = 0x200000;
    char reason[96];
    snprintf(reason, sizeof reason, "relocation R_RISCV_JAL at .text.far_start+0x%lx out of range",
             (unsigned long)jal->r_offset);
    expect_refused(img, runtime, reason);
    image_free(&img);

    img = image_copy(good);
    Elf64_Rela *branch = image_find_rela(img, ".rela.text.rvc", R_RISCV_BRANCH);
    branch->r_addend = 0x200;
    expect_refused(img, runtime, "relocation R_RISCV_BRANCH at .text.rvc+0x6 out of range");
    branch->r_addend = 1; /* in reach, but odd */
    expect_refused(img, runtime, "relocation R_RISCV_BRANCH at .text.rvc+0x6 out of range");
    image_free(&img);

    img = image_copy(good);
    Elf64_Rela *rvc = image_find_rela(img, ".rela.text.rvc", R_RISCV_RVC_BRANCH);
    rvc->r_addend = 0x40;
    expect_refused(img, runtime, "relocation R_RISCV_RVC_BRANCH at .text.rvc+0x0 out of range");
    image_free(&img);

    img = image_copy(good);
    Elf64_Rela *cj = image_find_rela(img, ".rela.text.rvc", R_RISCV_RVC_JUMP);
    cj->r_addend = 0x100;
    expect_refused(img, runtime, "relocation R_RISCV_RVC_JUMP at .text.rvc+0x4 out of range");
    image_free(&img);

    /* 64 GiB away from the runtime: calls into it cannot reach. */
    struct loaded l;
    load(good, runtime, 0x1000000000, &l);
    assert_false(l.ok);
    assert_non_null(strstr(l.err.text, "out of range"));
    loaded_free(&l);
}

/* --- Refusals: manifest, versions, runtime, ISA --------------------------- */

static void test_missing_import(void **state)
{
    (void)state;
    struct image rt = image_copy(runtime);
    image_replace_text(rt, ".mica.exports", "testrt_put", "testrt_pux");
    expect_refused(good, rt, "symbol testrt_put: not exported by the runtime");
    image_free(&rt);
}

static void test_hash_mismatch(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    struct mica_version_entry *v = image_section_data(img, MICA_VERSIONS_SECTION);
    size_t n = image_section(img, MICA_VERSIONS_SECTION)->sh_size / sizeof *v;
    struct loaded ok;
    load(good, runtime, TEST_BASE, &ok);
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, "testrt_add") == 0) {
            uint32_t runtime_hash = v[i].abi_hash;
            v[i].abi_hash ^= 0x00ff0000;
            char reason[128];
            snprintf(reason, sizeof reason,
                     "symbol testrt_add: ABI hash mismatch (image %08x, runtime %08x)",
                     v[i].abi_hash, runtime_hash);
            expect_refused(img, runtime, reason);
        }
    loaded_free(&ok);
    image_free(&img);
}

static void test_import_without_version(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    image_replace_text(img, MICA_VERSIONS_SECTION, "testrt_sum", "testrt_suX");
    expect_refused(img, runtime, "symbol testrt_sum: no ABI hash in .mica.versions");
    image_free(&img);
}

static void test_abi_version(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    struct mica_server_manifest *m = image_section_data(img, MICA_MANIFEST_SECTION);
    m->abi_major = MICA_RUNTIME_ABI_MAJOR + 1;
    char reason[96];
    snprintf(reason, sizeof reason, "runtime ABI major %u, image built for %u.%u",
             MICA_RUNTIME_ABI_MAJOR, MICA_RUNTIME_ABI_MAJOR + 1, MICA_RUNTIME_ABI_MINOR);
    expect_refused(img, runtime, reason);
    m->abi_major = MICA_RUNTIME_ABI_MAJOR;
    m->abi_minor = MICA_RUNTIME_ABI_MINOR + 1;
    expect_refused(img, runtime, "image needs runtime ABI");
    image_free(&img);
}

static void test_bad_manifest(void **state)
{
    (void)state;
    struct image img = image_copy(good);
    struct mica_server_manifest *m = image_section_data(img, MICA_MANIFEST_SECTION);
    struct mica_server_manifest saved = *m;
    m->magic = 0x12345678;
    expect_refused(img, runtime, "manifest: bad magic 0x12345678");
    *m = saved;
    m->manifest_version = 9;
    expect_refused(img, runtime, "manifest: version 9 unsupported");
    *m = saved;
    memset(m->name, 'x', sizeof m->name);
    expect_refused(img, runtime, "manifest: name empty or unterminated");
    *m = saved;
    memset(m->schemes[3], 'x', sizeof m->schemes[3]);
    expect_refused(img, runtime, "manifest: scheme 3 unterminated");
    *m = saved;
    memset(m->compatible, 'x', sizeof m->compatible);
    m->compatible[4] = '\0'; /* a whole first string, then one running off the end */
    expect_refused(img, runtime, "manifest: compatible unterminated");
    *m = saved;
    strcpy(m->entry, "no_such_entry");
    expect_refused(img, runtime, "manifest: entry symbol no_such_entry not defined");
    *m = saved;
    strcpy(m->entry, "adder"); /* data, not code */
    expect_refused(img, runtime, "manifest: entry symbol adder not defined");
    *m = saved;
    image_section(img, MICA_MANIFEST_SECTION)->sh_size -= 8;
    expect_refused(img, runtime, "manifest: section size 320, expected 328");
    image_free(&img);

    img = image_copy(good);
    image_replace_text(img, ".shstrtab", ".mica.manifest", ".mica.manifesX");
    expect_refused(img, runtime, "no .mica.manifest section: not a server image");
    image_free(&img);
}

static void test_wrong_isa(void **state)
{
    (void)state;
    expect_refused(isa_float, runtime,
                   "ISA extension f not supported (system runs rv64imac_zicsr_zifencei)");
    struct image img = image_copy(good);
    image_replace_text(img, ".riscv.attributes", "zmmul1p0", "zvmul1p0");
    expect_refused(img, runtime, "ISA extension zvmul not supported");
    image_replace_text(img, ".riscv.attributes", "rv64i2p1", "rv32i2p1");
    expect_refused(img, runtime, "is not RV64");
    image_free(&img);
}

static void test_bad_runtime(void **state)
{
    (void)state;
    struct image rt = image_copy(runtime);
    struct mica_export_table *t = image_section_data(rt, MICA_EXPORTS_SECTION);
    t->count = 1000;
    expect_refused(good, rt, "runtime: .mica.exports lists 1000 entries, more than it holds");
    t->count = 4;
    t->entries[1].address = 0x10;
    expect_refused(good, rt, "outside its code");
    image_free(&rt);

    rt = image_copy(runtime);
    t = image_section_data(rt, MICA_EXPORTS_SECTION);
    memcpy(t->entries[1].name, t->entries[0].name, sizeof t->entries[0].name);
    expect_refused(good, rt, "listed twice");
    image_free(&rt);

    expect_refused(good, (struct image){ runtime.data, 40 }, "runtime: truncated ELF header");
    expect_refused(good, good, "runtime: not a little-endian RV64 executable");
}

/* --- Robustness ------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Corrupts a few bytes of the ELF tables and runs the whole load: refusals
 * are fine, crashes (ASan, UBSan, traps) are not. */
static void corrupt_and_load(struct image base, unsigned rounds)
{
    Elf64_Ehdr *eh = image_ehdr(base);
    for (unsigned round = 0; round < rounds; round++) {
        struct image img = image_copy(base);
        unsigned flips = 1 + next_random() % 4;
        for (unsigned f = 0; f < flips; f++) {
            size_t at;
            switch (next_random() % 3) {
            case 0: /* the section header table */
                at = eh->e_shoff + next_random() % ((size_t)eh->e_shnum * sizeof(Elf64_Shdr));
                break;
            case 1: /* headers, symbols and relocations live in the first/last parts */
                at = next_random() % img.size;
                break;
            default:
                at = next_random() % 64;
                break;
            }
            img.data[at] = (uint8_t)next_random();
        }
        struct loaded l;
        load(img, runtime, TEST_BASE, &l);
        if (!l.ok)
            assert_one_line(&l.err);
        loaded_free(&l);
        image_free(&img);
    }
}

static void test_random_corruption(void **state)
{
    (void)state;
    corrupt_and_load(uleb, 3000);
    corrupt_and_load(good, 200);
}

/* Inputs the fuzzer once crashed the loader with; each must now load or be
 * refused cleanly. */
static void test_fuzz_regressions(void **state)
{
    (void)state;
    FILE *list = popen("ls tests/loader/fuzz-regressions/ 2>/dev/null", "r");
    assert_non_null(list);
    char name[256];
    while (fgets(name, sizeof name, list) != NULL) {
        name[strcspn(name, "\n")] = '\0';
        char path[512];
        snprintf(path, sizeof path, "tests/loader/fuzz-regressions/%s", name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        struct image img = { malloc(1 << 20), 0 };
        img.size = fread(img.data, 1, 1 << 20, f);
        fclose(f);
        struct loaded l;
        load(img, runtime, TEST_BASE, &l);
        if (!l.ok)
            assert_one_line(&l.err);
        loaded_free(&l);
        image_free(&img);
    }
    pclose(list);
}

static int setup(void **state)
{
    (void)state;
    good = image_read_build_file("tests/loader/loadertest.srv");
    runtime = image_read_build_file("runtime/testrt.elf");
    isa_float = image_read_build_file("tests/loader/isa_float.srv");
    uleb = image_read_build_file("tests/loader/uleb.srv");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    image_free(&good);
    image_free(&runtime);
    image_free(&isa_float);
    image_free(&uleb);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runtime_decodes),
        cmocka_unit_test(test_good_image_loads),
        cmocka_unit_test(test_section_regions),
        cmocka_unit_test(test_call_to_absent_weak_uses_x0),
        cmocka_unit_test(test_links_at_other_bases),
        cmocka_unit_test(test_weak_import_missing_from_runtime),
        cmocka_unit_test(test_uleb128_pairs),
        cmocka_unit_test(test_uleb128_overflow),
        cmocka_unit_test(test_uleb128_unpaired),
        cmocka_unit_test(test_got_slot_of_absent_weak_is_zero),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_bad_section_table),
        cmocka_unit_test(test_overlapping_sections),
        cmocka_unit_test(test_huge_sizes),
        cmocka_unit_test(test_bad_symbols),
        cmocka_unit_test(test_scratch_too_small),
        cmocka_unit_test(test_unsupported_relocations),
        cmocka_unit_test(test_relocation_fields_checked),
        cmocka_unit_test(test_relocation_to_unloaded_section),
        cmocka_unit_test(test_debug_relocations_skipped),
        cmocka_unit_test(test_pcrel_lo12_without_partner),
        cmocka_unit_test(test_pcrel_lo12_partner_in_any_order),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_missing_import),
        cmocka_unit_test(test_hash_mismatch),
        cmocka_unit_test(test_import_without_version),
        cmocka_unit_test(test_abi_version),
        cmocka_unit_test(test_bad_manifest),
        cmocka_unit_test(test_wrong_isa),
        cmocka_unit_test(test_bad_runtime),
        cmocka_unit_test(test_random_corruption),
        cmocka_unit_test(test_fuzz_regressions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
