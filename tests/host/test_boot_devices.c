/* The device records the kernel writes into init's boot info, on real
 * trees: QEMU virt's (ns16550a console, virtio-mmio slots) and a P550-shaped
 * one (DesignWare UART, reg-shift 2, 32-bit access, console through an
 * alias); a device without its node. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "boot_devices.h"
#include "test_util.h"

static struct machine_info machine;
static struct fdt tree;
static uint8_t *blob;

static void open_tree(const char *name)
{
    size_t size;
    const char *what;
    free(blob);
    blob = read_build_file(name, &size);
    assert_int_equal(fdt_open(&tree, blob, size), 0);
    assert_int_equal(machine_from_fdt(blob, size, &machine, &what), 0);
}

/* The record for the device at phys, or false when the kernel lists none. */
static bool describe(uint64_t phys, struct mica_device_desc *out)
{
    memset(out, 0x5a, sizeof *out);
    for (unsigned i = 0; i < machine.device_count + machine.virtio_count; i++) {
        const struct device_info *d = i < machine.device_count ? &machine.devices[i]
                                                                : &machine.virtio[i - machine.device_count];
        if (d->reg.base == phys) {
            assert_true(boot_device_describe(&tree, &machine, d, out));
            return true;
        }
    }
    return false;
}

static void qemu_virt(void **state)
{
    (void)state;
    open_tree("host/dtb/qemu-virt.dtb");
    struct mica_device_desc d;
    assert_true(describe(0x10000000, &d));
    assert_string_equal(d.compatible, "ns16550a");
    assert_int_equal(d.compatible[sizeof "ns16550a"], 0); /* the list ends */
    assert_int_equal(d.reg_shift, 0);
    assert_int_equal(d.reg_io_width, 1);
    assert_int_equal(d.flags, MICA_DEVICE_CONSOLE);
    assert_true(describe(0x10001000, &d));
    assert_string_equal(d.compatible, "virtio,mmio");
    assert_int_equal(d.flags, 0);
    assert_false(describe(0x10000100, &d));
}

static void p550_like(void **state)
{
    (void)state;
    open_tree("host/dtb/p550-like.dtb");
    struct mica_device_desc d;
    /* synopsys,uart0 without reg-shift / reg-io-width: the defaults of
     * platform/uart-compat.def, the same the kernel console uses. */
    assert_true(describe(0x50900000, &d));
    assert_string_equal(d.compatible, "synopsys,uart0");
    assert_int_equal(d.reg_shift, 2);
    assert_int_equal(d.reg_io_width, 4);
    assert_int_equal(d.flags, MICA_DEVICE_CONSOLE);
    /* reg-io-width 2, which this UART cannot take: the 32-bit default. */
    assert_true(describe(0x50910000, &d));
    assert_int_equal(d.reg_shift, 2);
    assert_int_equal(d.reg_io_width, 4);
    assert_int_equal(d.flags, 0);
    /* Disabled, inside RAM, the disabled PLIC: not devices at all. */
    assert_false(describe(0x50920000, &d));
    assert_false(describe(0xe0000000, &d));
    assert_false(describe(0x2c000000, &d));
}

/* A device without a readable node keeps the first string the kernel
 * kept, with the default layout. */
static void no_node(void **state)
{
    (void)state;
    struct machine_info m;
    memset(&m, 0, sizeof m);
    struct device_info d = { .compatible = "first", .fdt_node = -1 };
    struct mica_device_desc out;
    memset(&out, 0x5a, sizeof out);
    /* No node: only the first string the kernel kept. */
    assert_false(boot_device_describe(&tree, &m, &d, &out));
    assert_string_equal(out.compatible, "first");
    assert_int_equal(out.compatible[sizeof out.compatible - 1], 0);
    assert_int_equal(out.reg_io_width, 1);
    assert_false(boot_device_describe(0, &m, &d, &out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_virt),
        cmocka_unit_test(p550_like),
        cmocka_unit_test(no_node),
    };
    int r = cmocka_run_group_tests(tests, 0, 0);
    free(blob);
    return r;
}
