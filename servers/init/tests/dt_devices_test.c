/* init's device-tree lookups on real trees: QEMU virt's (ns16550a console,
 * virtio-mmio slots) and a P550-shaped one (DesignWare UART, reg-shift 2,
 * 32-bit access, console through an alias); compatible-list matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../dt_devices.h"
#include "test_util.h"

static struct dt_tree tree;
static uint8_t *blob;

static void open_tree(const char *name)
{
    size_t size;
    free(blob);
    blob = read_build_file(name, &size);
    assert_int_equal(dt_open(&tree, blob, size), 0);
}

static void qemu_virt(void **state)
{
    (void)state;
    open_tree("host/dtb/qemu-virt.dtb");
    struct dt_device d;
    assert_true(dt_describe(&tree, 0x10000000, &d));
    assert_string_equal(d.compatible, "ns16550a");
    assert_int_equal(d.reg_shift, 0);
    assert_int_equal(d.reg_io_width, 1);
    assert_true(d.console);
    assert_true(dt_describe(&tree, 0x10001000, &d));
    assert_string_equal(d.compatible, "virtio,mmio");
    assert_false(d.console);
    assert_false(dt_describe(&tree, 0x10000100, &d));
}

static void p550_like(void **state)
{
    (void)state;
    open_tree("host/dtb/p550-like.dtb");
    struct dt_device d;
    /* synopsys,uart0 without reg-shift / reg-io-width: the defaults of
     * platform/uart-compat.def, the same the kernel console uses. */
    assert_true(dt_describe(&tree, 0x50900000, &d));
    assert_string_equal(d.compatible, "synopsys,uart0");
    assert_int_equal(d.reg_shift, 2);
    assert_int_equal(d.reg_io_width, 4);
    assert_true(d.console);
    /* reg-io-width 2, which this UART cannot take: the 32-bit default. */
    assert_true(dt_describe(&tree, 0x50910000, &d));
    assert_int_equal(d.reg_shift, 2);
    assert_int_equal(d.reg_io_width, 4);
    assert_false(d.console);
    /* Disabled, inside RAM, the disabled PLIC: not devices at all. */
    assert_false(dt_describe(&tree, 0x50920000, &d));
    assert_false(dt_describe(&tree, 0xe0000000, &d));
    assert_false(dt_describe(&tree, 0x2c000000, &d));
}

static void compatible_lists(void **state)
{
    (void)state;
    static const char want[64] = "ns16550a\0snps,dw-apb-uart";
    static const char dw[] = "vendor,uart\0snps,dw-apb-uart";
    assert_string_equal(dt_compatible_match(want, sizeof want, dw, sizeof dw), "snps,dw-apb-uart");
    static const char ns[] = "ns16550a";
    assert_string_equal(dt_compatible_match(want, sizeof want, ns, sizeof ns), "ns16550a");
    static const char other[] = "virtio,mmio";
    assert_null(dt_compatible_match(want, sizeof want, other, sizeof other));
    /* A last string without its NUL is not part of the list. */
    static const char cut[3] = { 'n', 's', '1' };
    assert_null(dt_compatible_next(cut, sizeof cut, 0));
    static const char empty[8] = "";
    assert_null(dt_compatible_match(empty, sizeof empty, ns, sizeof ns));
    const char *s = dt_compatible_next(want, sizeof want, 0);
    assert_string_equal(s, "ns16550a");
    s = dt_compatible_next(want, sizeof want, s);
    assert_string_equal(s, "snps,dw-apb-uart");
    assert_null(dt_compatible_next(want, sizeof want, s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_virt),
        cmocka_unit_test(p550_like),
        cmocka_unit_test(compatible_lists),
    };
    int r = cmocka_run_group_tests(tests, 0, 0);
    free(blob);
    return r;
}
