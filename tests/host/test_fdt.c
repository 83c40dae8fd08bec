/* Device-tree parser tests: real trees (QEMU's own, a P550-shaped one, a
 * minimal one with bus translation) give the expected machine description;
 * truncated, corrupt and over-deep trees give errors and never read outside
 * the blob (the buffers are exactly blob-sized, so ASan would catch it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "fdt.h"
#include "machine.h"
#include "test_util.h"

static struct machine_info m;

static int parse_file(const char *name)
{
    size_t size;
    uint8_t *blob = read_build_file(name, &size);
    const char *what;
    int r = machine_from_fdt(blob, size, &m, &what);
    free(blob);
    return r;
}

static void qemu_virt_tree(void **state)
{
    (void)state;
    assert_int_equal(parse_file("host/dtb/qemu-virt.dtb"), 0);
    assert_string_equal(m.model, "riscv-virtio,qemu");
    assert_int_equal(m.ram_count, 1);
    assert_int_equal(m.ram[0].base, 0x80000000);
    assert_int_equal(m.ram[0].size, 256ull << 20);
    assert_int_equal(m.console.kind, UART_NS16550A);
    assert_int_equal(m.console.reg.base, 0x10000000);
    assert_int_equal(m.console.reg_shift, 0);
    assert_int_equal(m.console.reg_io_width, 1);
    assert_int_equal(m.console.irq, 10);
    assert_int_equal(m.timebase_hz, 10000000);
    assert_int_equal(m.timebase_from, TIMEBASE_CPUS);
    assert_int_equal(m.hart_count, 2);
    assert_int_equal(m.cpu_count, 2);
    for (unsigned h = 0; h < 2; h++) {
        assert_int_equal(m.cpus[h].hartid, h);
        assert_true(m.cpus[h].enabled);
        assert_true(m.cpus[h].has_mmu);
    }
    assert_int_equal(m.plic.base, 0x0c000000);
    assert_true(m.plic_sources > 0);
    assert_int_equal(m.test_device.base, 0x100000);
    /* QEMU numbers contexts M, S per hart: hart 0 S = 1, hart 1 S = 3. */
    assert_int_equal(m.plic_s_context[0], 1);
    assert_int_equal(m.plic_s_context[1], 3);
    assert_int_equal(m.virtio_count, 8);
    for (unsigned i = 0; i < m.virtio_count; i++) {
        assert_int_equal(m.virtio[i].reg.base, 0x10008000 - 0x1000 * i);
        assert_int_equal(m.virtio[i].irq, 8 - i);
    }
}

static int count_node(const struct fdt *fdt, int node, int parent, int depth, void *ctx)
{
    (void)fdt, (void)node, (void)parent, (void)depth;
    ++*(unsigned *)ctx;
    return 0;
}

static const struct device_info *device_at(uint64_t base)
{
    for (unsigned i = 0; i < m.device_count; i++)
        if (m.devices[i].reg.base == base)
            return &m.devices[i];
    return NULL;
}

/* The tree the P550's vendor U-Boot passes, as booted (tests/dts/p550-like.dts). */
static void p550_tree(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = read_build_file("host/dtb/p550-like.dtb", &size);
    struct fdt fdt;
    unsigned nodes = 0;
    assert_int_equal(fdt_open(&fdt, blob, size), 0);
    assert_int_equal(fdt_walk(&fdt, count_node, &nodes), 0);
    assert_true(nodes >= 57);
    free(blob);

    assert_int_equal(parse_file("host/dtb/p550-like.dtb"), 0);
    /* Timebase: only the cpu nodes have one. */
    assert_int_equal(m.timebase_hz, 1000000);
    assert_int_equal(m.timebase_from, TIMEBASE_CPU_NODE);
    /* 8 cpu nodes, 4-7 disabled. */
    assert_int_equal(m.hart_count, 4);
    for (unsigned h = 0; h < 4; h++)
        assert_int_equal(m.hart_ids[h], h);
    /* Every cpu node is listed, the disabled ones marked so. */
    assert_int_equal(m.cpu_count, 8);
    for (unsigned h = 0; h < 8; h++) {
        assert_int_equal(m.cpus[h].hartid, h);
        assert_int_equal(m.cpus[h].enabled, h < 4);
        assert_true(m.cpus[h].has_mmu);
    }
    /* Two PLICs, the second disabled: only the first is known, and with
     * M-mode entries -1 the S-mode contexts are 1, 3, 5, 7. */
    assert_int_equal(m.plic_count, 1);
    assert_int_equal(m.plic.base, 0x0c000000);
    assert_int_equal(m.plic_sources, 511);
    for (unsigned h = 0; h < 4; h++)
        assert_int_equal(m.plic_s_context[h], 2 * h + 1);
    for (unsigned h = 4; h < MACHINE_MAX_HARTS; h++)
        assert_int_equal(m.plic_s_context[h], UINT32_MAX);
    assert_true(machine_select_plic(&m, 3));
    assert_int_equal(m.plic.base, 0x0c000000);
    assert_int_equal(m.plic_s_context[3], 7);
    assert_true(machine_is_plic(&m, 0x0c000000));
    assert_false(machine_is_plic(&m, 0x2c000000));
    /* A hart only the disabled PLIC routes: no PLIC at all. */
    assert_false(machine_select_plic(&m, 5));
    assert_int_equal(m.plic.size, 0);
    assert_true(machine_select_plic(&m, 0));
    assert_int_equal(m.plic_s_context[0], 1);
    /* The console: synopsys,uart0 without reg-shift takes the P550 layout
     * from platform/uart-compat.def. */
    assert_int_equal(m.console.kind, UART_DW_APB);
    assert_string_equal(m.console.compatible, "synopsys,uart0");
    assert_int_equal(m.console.reg.base, 0x50900000);
    assert_int_equal(m.console.reg_shift, 2);
    assert_int_equal(m.console.reg_io_width, 4);
    assert_true(m.console.layout_defaulted);
    assert_int_equal(m.console.irq, 100);
    /* One 16 GiB bank; initrd where booti puts it. */
    assert_int_equal(m.ram_count, 1);
    assert_int_equal(m.ram[0].base, 0x80000000);
    assert_int_equal(m.ram[0].size, 16ull << 30);
    assert_int_equal(m.initrd.base, 0x88300000);
    assert_int_equal(m.initrd.size, 0x10000);
    assert_string_equal(m.bootargs, "mica.test=1 console=ttyS0");
    /* Every reserved-memory region is kept, no-map or not. */
    assert_int_equal(m.reserved_count, 3);
    assert_int_equal(m.reserved[0].base, 0x80000000);
    assert_int_equal(m.reserved[0].size, 0x80000);
    assert_false(m.reserved_no_map[0]);
    assert_int_equal(m.reserved[1].base, 0xdfff0000);
    assert_int_equal(m.reserved[1].size, 0x10000);
    assert_true(m.reserved_no_map[1]);
    assert_int_equal(m.reserved[2].base, 0xe0000000);
    assert_int_equal(m.reserved[2].size, 0x2000000);
    assert_true(m.reserved_no_map[2]);
    /* Devices: 37 enabled nodes outside RAM; the disabled UART, SPI and
     * PLIC and both pmp-sec-regions are left out. */
    assert_int_equal(m.device_count, 37);
    assert_int_equal(m.virtio_count, 0);
    assert_int_equal(m.devices_disabled, 3);
    assert_int_equal(m.devices_in_ram, 2);
    assert_int_equal(m.devices_dropped, 0);
    for (unsigned i = 0; i < m.device_count; i++) {
        const struct mem_range *r = &m.devices[i].reg;
        assert_true(r->base + r->size <= m.ram[0].base || r->base >= m.ram[0].base + m.ram[0].size);
    }
    assert_null(device_at(0x2c000000));
    assert_null(device_at(0x50920000));
    assert_null(device_at(0x50820000));
    assert_null(device_at(0xe0000000));
    assert_non_null(device_at(0x50910000));
    /* Storage nodes have no interrupts in this tree. */
    assert_int_equal(device_at(0x50450000)->irq, 0);
    assert_int_equal(device_at(0x50460000)->irq, 0);
    assert_int_equal(device_at(0x50420000)->irq, 0);
    assert_string_equal(device_at(0x50450000)->compatible, "eswin,emmc-sdhci-5.1");
    assert_int_equal(m.test_device.size, 0);
}

/* Neither /cpus nor a cpu node gives a timebase: 0 Hz, which the kernel
 * refuses at boot. */
/* The icicle kit's tree as the build compiles it, before OpenSBI marks the
 * E51 disabled: the E51 (okay, no mmu-type) is not a kernel hart, the PLIC
 * contexts are not 2 * hart + 1, one RAM bank lies above 4 GiB. */
static void icicle_kit_tree(void **state)
{
    (void)state;
    assert_int_equal(parse_file("platform/microchip-icicle-kit.dtb"), 0);
    assert_int_equal(m.hart_count, 4);
    for (unsigned h = 0; h < 4; h++)
        assert_int_equal(m.hart_ids[h], h + 1);
    assert_int_equal(m.ram_count, 2);
    assert_int_equal(m.ram[0].base, 0x80000000);
    assert_int_equal(m.ram[1].base, 0x1000000000ull);
    assert_int_equal(m.ram[1].size, 1ull << 30);
    assert_int_equal(m.timebase_hz, 1000000);
    assert_int_equal(m.console.kind, UART_DW_APB);
    assert_int_equal(m.console.reg.base, 0x20100000);
    assert_int_equal(m.console.reg_shift, 2);
    assert_int_equal(m.console.reg_io_width, 4);
    assert_false(m.console.layout_defaulted);
    assert_int_equal(m.console.irq, 91);
    assert_int_equal(m.plic_s_context[0], UINT32_MAX);
    for (unsigned h = 1; h <= 4; h++)
        assert_int_equal(m.plic_s_context[h], 2 * h);
    assert_true(machine_select_plic(&m, 3));
    assert_int_equal(m.plic_s_context[3], 6);
    assert_false(machine_select_plic(&m, 0));
    assert_int_equal(m.test_device.size, 0);
}

static void no_timebase_anywhere(void **state)
{
    (void)state;
    assert_int_equal(parse_file("host/dtb/no-timebase.dtb"), 0);
    assert_int_equal(m.timebase_hz, 0);
    assert_int_equal(m.timebase_from, TIMEBASE_NONE);
    assert_int_equal(m.hart_count, 1);
}

/* More device nodes than the kernel lists: the rest are counted, not lost
 * silently, and the console (the last node) is still found. */
static void more_device_nodes_than_listed(void **state)
{
    (void)state;
    assert_int_equal(parse_file("host/dtb/many-devices.dtb"), 0);
    assert_int_equal(m.device_count, MACHINE_MAX_DEVICES);
    assert_int_equal(m.devices_dropped, 301 - MACHINE_MAX_DEVICES);
    assert_int_equal(m.devices[MACHINE_MAX_DEVICES - 1].reg.base, 0x40000000 + 0x1000 * (MACHINE_MAX_DEVICES - 1));
    assert_int_equal(m.console.kind, UART_NONE); /* its node is past the list: no window known */
}

static void minimal_tree_with_ranges(void **state)
{
    (void)state;
    assert_int_equal(parse_file("host/dtb/minimal.dtb"), 0);
    assert_int_equal(m.ram_count, 2);
    assert_int_equal(m.ram[1].base, 0x50000000);
    assert_int_equal(m.console.kind, UART_NS16550A);
    assert_int_equal(m.console.reg.base, 0x20000100);
    assert_int_equal(m.virtio_count, 1);
    assert_int_equal(m.virtio[0].reg.base, 0x20001000);
    assert_int_equal(m.virtio[0].irq, 7);
    assert_int_equal(m.initrd.size, 0);
}

static void too_many_reservations_is_an_error(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = read_build_file("host/dtb/too-many-reserved.dtb", &size);
    const char *what;
    assert_int_equal(machine_from_fdt(blob, size, &m, &what), FDT_ERR_STRUCTURE);
    assert_string_equal(what, "reserved-memory (more regions than the kernel keeps)");
    free(blob);
}

static void missing_memory_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse_file("host/dtb/no-memory.dtb"), FDT_ERR_NOT_FOUND);
}

static void deep_nesting_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse_file("host/dtb/deep.dtb"), FDT_ERR_DEPTH);
}

static uint32_t get_be32(const uint8_t *p);

/* QEMU's blob has spare room after its blocks; cuts and flips only matter
 * inside the part that holds data. */
static size_t used_end(const uint8_t *blob)
{
    size_t s = (size_t)get_be32(blob + 8) + get_be32(blob + 36);
    size_t t = (size_t)get_be32(blob + 12) + get_be32(blob + 32);
    return s > t ? s : t;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void bad_headers(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = read_build_file("host/dtb/qemu-virt.dtb", &size);
    const char *what;
    assert_int_equal(machine_from_fdt(blob, 10, &m, &what), FDT_ERR_TRUNCATED);
    assert_int_equal(machine_from_fdt(blob, fdt_peek_totalsize(blob) - 1, &m, &what), FDT_ERR_TRUNCATED);
    blob[0] ^= 0xff;
    assert_int_equal(machine_from_fdt(blob, size, &m, &what), FDT_ERR_MAGIC);
    blob[0] ^= 0xff;
    put_be32(blob + 20, 15); /* version */
    assert_int_equal(machine_from_fdt(blob, size, &m, &what), FDT_ERR_VERSION);
    put_be32(blob + 20, 17);
    put_be32(blob + 8, 0xfffffff0); /* struct offset past the end */
    assert_int_equal(machine_from_fdt(blob, size, &m, &what), FDT_ERR_TRUNCATED);
    free(blob);
}

/* Cuts the blob at every length, with the header patched to agree, so the
 * parser meets ends it cannot see coming; the copy is exactly that long. */
static void truncated_everywhere(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = read_build_file("host/dtb/qemu-virt.dtb", &size);
    uint32_t struct_off = get_be32(blob + 8), strings_off = get_be32(blob + 12);
    int errors = 0;
    size_t end = used_end(blob);
    assert_true(end <= size);
    for (size_t len = 40; len < end; len += 1 + end / 2000) {
        uint8_t *cut = malloc(len);
        memcpy(cut, blob, len);
        put_be32(cut + 4, (uint32_t)len);
        if (struct_off < len)
            put_be32(cut + 36, (uint32_t)((len - struct_off) & ~3u) < get_be32(blob + 36)
                                   ? (uint32_t)((len - struct_off) & ~3u) : get_be32(blob + 36));
        if (strings_off < len && strings_off + get_be32(blob + 32) > len)
            put_be32(cut + 32, (uint32_t)(len - strings_off));
        const char *what;
        if (machine_from_fdt(cut, len, &m, &what) != 0)
            errors++;
        free(cut);
    }
    /* Nearly every cut loses the memory node or the structure's end. */
    assert_true(errors > 0);
    free(blob);
}

/* Random byte flips in the structure and strings blocks: the parser must
 * return (any result) without reading outside the blob or looping. */
static void corrupt_bytes(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = read_build_file("host/dtb/qemu-virt.dtb", &size);
    uint8_t *copy = malloc(size);
    uint64_t rng = 0x1234567;
    uint32_t struct_off = get_be32(blob + 8);
    for (int iter = 0; iter < 3000; iter++) {
        memcpy(copy, blob, size);
        for (int k = 0; k < 1 + iter % 4; k++) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            size_t pos = struct_off + rng % (used_end(blob) - struct_off);
            copy[pos] ^= (uint8_t)(rng >> 32 | 1);
        }
        const char *what;
        (void)machine_from_fdt(copy, size, &m, &what);
    }
    free(copy);
    free(blob);
}

static void path_and_phandle_lookup(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = read_build_file("host/dtb/p550-like.dtb", &size);
    struct fdt fdt;
    assert_int_equal(fdt_open(&fdt, blob, size), 0);
    int uart = fdt_find_path(&fdt, "/soc/serial@50900000");
    assert_true(uart > 0);
    assert_true(fdt_is_compatible(&fdt, uart, "synopsys,uart0"));
    assert_int_equal(fdt_find_path(&fdt, "/soc/serial"), uart);
    assert_int_equal(fdt_find_path(&fdt, "/soc/nothing"), FDT_ERR_NOT_FOUND);
    uint32_t parent;
    assert_true(fdt_prop_u32(&fdt, uart, "interrupt-parent", &parent));
    int plic = fdt_find_phandle(&fdt, parent);
    assert_true(fdt_is_compatible(&fdt, plic, "sifive,plic-1.0.0"));
    free(blob);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_virt_tree),
        cmocka_unit_test(p550_tree),
        cmocka_unit_test(icicle_kit_tree),
        cmocka_unit_test(no_timebase_anywhere),
        cmocka_unit_test(more_device_nodes_than_listed),
        cmocka_unit_test(minimal_tree_with_ranges),
        cmocka_unit_test(too_many_reservations_is_an_error),
        cmocka_unit_test(missing_memory_is_an_error),
        cmocka_unit_test(deep_nesting_is_an_error),
        cmocka_unit_test(bad_headers),
        cmocka_unit_test(truncated_everywhere),
        cmocka_unit_test(corrupt_bytes),
        cmocka_unit_test(path_and_phandle_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
