/* The ISA extensions the kernel reads from cpu nodes: riscv,isa strings
 * (single letters, multi-letter names, versions), riscv,isa-extensions
 * lists, and what it must treat as no extensions at all: garbage, a string
 * that does not end inside its property, a missing property. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <mica/abi/isa_extensions.h>

#include "isa_extensions.h"
#include "machine.h"
#include "test_util.h"

#define ZBA MICA_ISA_EXTENSION(zba)
#define ZBB MICA_ISA_EXTENSION(zbb)
#define ZBC MICA_ISA_EXTENSION(zbc)
#define ZBS MICA_ISA_EXTENSION(zbs)
#define SSTC ISA_KERNEL_SSTC

/* The property as the tree stores it: the string and its NUL. */
static uint64_t from_string(const char *s)
{
    return isa_extensions_from_string(s, strlen(s) + 1);
}

static void strings(void **state)
{
    (void)state;
    assert_int_equal(from_string("rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"),
                     ZBA | ZBB | ZBC | ZBS | SSTC);
    assert_int_equal(from_string("rv64imafdc_zba_zbb"), ZBA | ZBB);
    assert_int_equal(from_string("rv32imac_zbb"), ZBB);
    /* Versions after single letters and after names. */
    assert_int_equal(from_string("rv64i2p1m2p0a2p1c2p0_zicsr2p0_zba1p0_zbb1p0"), ZBA | ZBB);
    assert_int_equal(from_string("rv64imac_zbb2"), ZBB);
    /* The first multi-letter name straight after the single letters. */
    assert_int_equal(from_string("rv64imaczbb_zbs"), ZBB | ZBS);
    assert_int_equal(from_string("rv64gc_zicboz__zicbom"),
                     MICA_ISA_EXTENSION(zicboz) | MICA_ISA_EXTENSION(zicbom));
}

static void strings_without_extensions(void **state)
{
    (void)state;
    assert_int_equal(from_string("rv64imac"), 0);
    assert_int_equal(from_string("rv64imafdc_zicsr_zifencei_svadu_xtheadba"), 0);
    /* The one supervisor extension the kernel reads (its timer), with a version too. */
    assert_int_equal(from_string("rv64imafdc_zicsr_zifencei_sstc_xtheadba"), SSTC);
    assert_int_equal(from_string("rv64imafdc_sstc1p0"), SSTC);
    assert_int_equal(from_string("rv64imafdc_sstcx_ssaia"), 0);
    assert_int_equal(from_string("rv64"), 0);
    assert_int_equal(from_string(""), 0);
}

/* A name must be the whole token (less a version): zbbx is not zbb, zbkb not
 * zbb, zb not zba. */
static void names_are_whole(void **state)
{
    (void)state;
    assert_int_equal(from_string("rv64imac_zbbx_zb_zbk_zba2x"), 0);
    assert_int_equal(from_string("rv64imac_zbkb"), MICA_ISA_EXTENSION(zbkb));
    assert_int_equal(from_string("rv64imac_zbb1p"), 0);
    assert_int_equal(from_string("rv64imac_zbbp1"), 0);
}

static void garbage(void **state)
{
    (void)state;
    assert_int_equal(from_string("RV64IMAC_ZBB"), 0);
    assert_int_equal(from_string("rv128imac_zbb"), 0);
    assert_int_equal(from_string("x86_64_zbb"), 0);
    assert_int_equal(from_string("rv64imac_zbb zbs"), 0);
    assert_int_equal(from_string("rv64imac_zbb,zbs"), 0);
    assert_int_equal(from_string("rv64imac_zbb\n"), 0);
    /* No NUL inside the property: nothing past its end is read. */
    assert_int_equal(isa_extensions_from_string("rv64imac_zbb", 12), 0);
    assert_int_equal(isa_extensions_from_string("rv64imac_zbb", 0), 0);
}

static void lists(void **state)
{
    (void)state;
    static const char list[] = "i\0m\0a\0c\0zicsr\0zba\0zbb";
    assert_int_equal(isa_extensions_from_list(list, sizeof list), ZBA | ZBB);
    /* Entries are exact names: no versions in the list binding. */
    static const char versioned[] = "i\0zbb1p0";
    assert_int_equal(isa_extensions_from_list(versioned, sizeof versioned), 0);
    /* The last entry cut off by the property's end: the whole list is refused. */
    assert_int_equal(isa_extensions_from_list(list, sizeof list - 1), 0);
    assert_int_equal(isa_extensions_from_list("", 0), 0);
    static const char empty_entries[] = "\0\0zbs";
    assert_int_equal(isa_extensions_from_list(empty_entries, sizeof empty_entries), ZBS);
    static const char supervisor[] = "i\0m\0sstc\0svpbmt";
    assert_int_equal(isa_extensions_from_list(supervisor, sizeof supervisor), SSTC);
}

static void format(void **state)
{
    (void)state;
    char out[64];
    isa_extensions_format(ZBA | ZBB | ZBC | ZBS, out, sizeof out);
    assert_string_equal(out, "zba zbb zbc zbs");
    isa_extensions_format(0, out, sizeof out);
    assert_string_equal(out, "none");
    isa_extensions_format(ZBB | (1ull << 62), out, sizeof out);
    assert_string_equal(out, "zbb");
    isa_extensions_format(ZBB | SSTC, out, sizeof out);
    assert_string_equal(out, "zbb sstc");
    isa_extensions_format(ZBA | ZBB, out, 6);
    assert_string_equal(out, "zba z");
}

static struct machine_info machine;

static const struct cpu_node *cpu(unsigned hartid)
{
    for (unsigned i = 0; i < machine.cpu_count; i++)
        if (machine.cpus[i].hartid == hartid)
            return &machine.cpus[i];
    fail_msg("no cpu node for hart %u", hartid);
    return NULL;
}

static void load(const char *name)
{
    size_t size;
    const char *what;
    uint8_t *blob = read_build_file(name, &size);
    assert_int_equal(machine_from_fdt(blob, size, &machine, &what), 0);
    free(blob);
}

/* Every cpu node as the tree declares it; the list wins over the string. */
static void cpu_nodes(void **state)
{
    (void)state;
    load("host/dtb/isa-extensions.dtb");
    assert_int_equal(cpu(0)->isa_extensions, ZBB | MICA_ISA_EXTENSION(zicboz));
    assert_int_equal(cpu(1)->isa_extensions, ZBA | ZBB);
    assert_int_equal(cpu(2)->isa_extensions, 0);
    assert_int_equal(cpu(3)->isa_extensions, 0);
}

static void real_trees(void **state)
{
    (void)state;
    /* QEMU virt's own tree, dumped by the QEMU the tests boot. */
    load("host/dtb/qemu-virt.dtb");
    assert_int_equal(machine.cpu_count, 2);
    assert_int_equal(cpu(0)->isa_extensions, ZBA | ZBB | ZBC | ZBS | SSTC);
    assert_int_equal(cpu(1)->isa_extensions, ZBA | ZBB | ZBC | ZBS | SSTC);
    load("host/dtb/p550-like.dtb");
    assert_int_equal(cpu(0)->isa_extensions, ZBA | ZBB);
    load("host/dtb/minimal.dtb");
    assert_int_equal(cpu(0)->isa_extensions, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings),       cmocka_unit_test(strings_without_extensions),
        cmocka_unit_test(names_are_whole), cmocka_unit_test(garbage),
        cmocka_unit_test(lists),         cmocka_unit_test(format),
        cmocka_unit_test(cpu_nodes),     cmocka_unit_test(real_trees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
