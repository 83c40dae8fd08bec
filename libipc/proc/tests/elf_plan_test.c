/* The process builder's ELF planner: the real init image, hand-made good
 * images, and one broken field at a time in otherwise good ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mica/abi/caps.h>
#include <mica/abi/errno.h>

#include <mica/abi/elf64.h>
#include <mica/proc_elf_plan.h>
#include "test_util.h"

#define BASE 0x10000000ull
static const struct elf_plan_limits limits = { BASE, 0x20000000ull };

/* A header, two program headers (text R+X, data R+W with bss) and some bytes. */
struct image {
    struct elf64_ehdr eh;
    struct elf64_phdr ph[2];
    uint8_t bytes[256];
};

static void make_image(struct image *im)
{
    memset(im, 0, sizeof *im);
    memcpy(im->eh.ident, ELF_MAGIC, 4);
    im->eh.ident[4] = ELF_CLASS64;
    im->eh.ident[5] = ELF_DATA2LSB;
    im->eh.ident[6] = ELF_VERSION_CURRENT;
    im->eh.type = ELF_ET_EXEC;
    im->eh.machine = ELF_EM_RISCV;
    im->eh.version = ELF_VERSION_CURRENT;
    im->eh.entry = BASE + 0x10;
    im->eh.phoff = offsetof(struct image, ph);
    im->eh.phentsize = sizeof(struct elf64_phdr);
    im->eh.phnum = 2;
    im->ph[0] = (struct elf64_phdr){ .type = ELF_PT_LOAD,
                                        .flags = ELF_PF_R | ELF_PF_X,
                                        .offset = offsetof(struct image, bytes),
                                        .vaddr = BASE,
                                        .filesz = 128,
                                        .memsz = 128 };
    im->ph[1] = (struct elf64_phdr){ .type = ELF_PT_LOAD,
                                        .flags = ELF_PF_R | ELF_PF_W,
                                        .offset = offsetof(struct image, bytes) + 128,
                                        .vaddr = BASE + 0x1010,
                                        .filesz = 128,
                                        .memsz = 0x2000 };
}

static int plan_of(struct image *im, struct elf_plan *plan)
{
    return elf_plan((const uint8_t *)im, sizeof *im, &limits, plan);
}

static void plans_a_good_image(void **state)
{
    (void)state;
    struct image im;
    struct elf_plan plan;
    make_image(&im);
    assert_int_equal(plan_of(&im, &plan), 0);
    assert_int_equal(plan.count, 2);
    assert_int_equal(plan.entry, BASE + 0x10);
    assert_int_equal(plan.segments[0].vaddr, BASE);
    assert_int_equal(plan.segments[0].pages, 1);
    assert_int_equal(plan.segments[0].rights, MICA_RIGHT_READ | MICA_RIGHT_EXEC);
    /* Data starts 0x10 into its page and its bss runs into a third page. */
    assert_int_equal(plan.segments[1].vaddr, BASE + 0x1000);
    assert_int_equal(plan.segments[1].copy_to, 0x10);
    assert_int_equal(plan.segments[1].pages, 3);
    assert_int_equal(plan.segments[1].file_bytes, 128);
    assert_int_equal(plan.segments[1].file_offset, offsetof(struct image, bytes) + 128);
    assert_int_equal(plan.segments[1].rights, MICA_RIGHT_READ | MICA_RIGHT_WRITE);
}

struct breakage {
    const char *what;
    void (*apply)(struct image *im);
    int error;
    const char *why;
};

static void bad_magic(struct image *im) { im->eh.ident[1] = 'X'; }
static void elf32(struct image *im) { im->eh.ident[4] = 1; }
static void big_endian(struct image *im) { im->eh.ident[5] = 2; }
static void relocatable(struct image *im) { im->eh.type = 1; }
static void x86(struct image *im) { im->eh.machine = 62; }
static void phentsize(struct image *im) { im->eh.phentsize = 32; }
static void phoff_past_end(struct image *im) { im->eh.phoff = sizeof *im - 8; }
static void phnum_huge(struct image *im) { im->eh.phnum = 0xffff; }
static void phoff_wraps(struct image *im) { im->eh.phoff = UINT64_MAX - 8; }
static void filesz_above_memsz(struct image *im) { im->ph[0].filesz = 256; }
static void data_past_end(struct image *im) { im->ph[1].offset = sizeof *im - 64; }
static void offset_wraps(struct image *im) { im->ph[1].offset = UINT64_MAX - 16; }
static void write_and_exec(struct image *im) { im->ph[1].flags |= ELF_PF_X; }
static void below_base(struct image *im) { im->ph[0].vaddr = 0x1000; }
static void kernel_address(struct image *im) { im->ph[1].vaddr = 0xffffffff80000000ull; }
static void memsz_wraps(struct image *im) { im->ph[1].memsz = UINT64_MAX - 0x100; }
static void overlapping(struct image *im) { im->ph[1].vaddr = BASE + 0x40; }
static void entry_in_data(struct image *im) { im->eh.entry = BASE + 0x1010; }
static void dynamic(struct image *im) { im->ph[1].type = 2; }
static void no_load(struct image *im) { im->ph[0].type = im->ph[1].type = 6; }

static const struct breakage breakages[] = {
    { "magic", bad_magic, -MICA_EINVAL, "not an ELF file" },
    { "class", elf32, -MICA_ENOTSUP, "not little-endian ELF64" },
    { "data", big_endian, -MICA_ENOTSUP, "not little-endian ELF64" },
    { "type", relocatable, -MICA_ENOTSUP, "not a static executable (ET_EXEC)" },
    { "machine", x86, -MICA_ENOTSUP, "not a RISC-V executable" },
    { "phentsize", phentsize, -MICA_EINVAL, "bad program header table" },
    { "phoff", phoff_past_end, -MICA_EINVAL, "program headers past the end of the file" },
    { "phnum", phnum_huge, -MICA_EINVAL, "program headers past the end of the file" },
    { "phoff wrap", phoff_wraps, -MICA_EINVAL, "program headers past the end of the file" },
    { "filesz", filesz_above_memsz, -MICA_EINVAL, "segment file size exceeds its memory size" },
    { "offset", data_past_end, -MICA_EINVAL, "segment data past the end of the file" },
    { "offset wrap", offset_wraps, -MICA_EINVAL, "segment data past the end of the file" },
    { "W+X", write_and_exec, -MICA_EACCES, "segment is writable and executable" },
    { "low", below_base, -MICA_ERANGE, "segment outside the user image range" },
    { "kernel", kernel_address, -MICA_ERANGE, "segment outside the user image range" },
    { "memsz wrap", memsz_wraps, -MICA_ERANGE, "segment outside the user image range" },
    { "overlap", overlapping, -MICA_EINVAL, "segments share a page" },
    { "entry", entry_in_data, -MICA_EINVAL, "entry point not in an executable segment" },
    { "dynamic", dynamic, -MICA_ENOTSUP, "dynamically linked" },
    { "no load", no_load, -MICA_EINVAL, "no loadable segment" },
};

static void refuses_each_broken_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof breakages / sizeof breakages[0]; i++) {
        struct image im;
        struct elf_plan plan;
        make_image(&im);
        breakages[i].apply(&im);
        int r = plan_of(&im, &plan);
        if (r != breakages[i].error || !plan.error || strcmp(plan.error, breakages[i].why) != 0)
            fail_msg("%s: got %d (%s), want %d (%s)", breakages[i].what, r,
                     plan.error ? plan.error : "no reason", breakages[i].error, breakages[i].why);
        assert_int_equal(plan.count, 0);
    }
}

static void refuses_truncated_files(void **state)
{
    (void)state;
    struct image im;
    struct elf_plan plan;
    make_image(&im);
    for (size_t size = 0; size < sizeof im; size += 7)
        assert_true(elf_plan((const uint8_t *)&im, size, &limits, &plan) < 0);
}

static void plans_the_real_init(void **state)
{
    (void)state;
    size_t size;
    uint8_t *image = read_build_file("user/init.elf", &size);
    struct elf_plan plan;
    assert_int_equal(elf_plan(image, size, &limits, &plan), 0);
    assert_true(plan.count >= 2);
    for (unsigned i = 0; i < plan.count; i++) {
        unsigned rights = plan.segments[i].rights;
        assert_false((rights & MICA_RIGHT_WRITE) && (rights & MICA_RIGHT_EXEC));
        assert_int_equal(plan.segments[i].vaddr % MICA_PAGE_SIZE, 0);
    }
    free(image);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plans_a_good_image),
        cmocka_unit_test(refuses_each_broken_field),
        cmocka_unit_test(refuses_truncated_files),
        cmocka_unit_test(plans_the_real_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
