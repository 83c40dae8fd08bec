/* init's view of boot-info devices (the kernel's records: whole compatible
 * lists, layout, console flag) and compatible-list matching. The records
 * themselves are tested with the kernel (tests/host/test_boot_devices.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../dt_devices.h"

/* The boot-info record as the kernel wrote it: the whole list is kept; a
 * list that fills the field without its ending zero loses its cut string. */
static void from_boot_info(void **state)
{
    (void)state;
    struct mica_device_desc desc;
    memset(&desc, 0, sizeof desc);
    memcpy(desc.compatible, "vendor,uart\0snps,dw-apb-uart", 28);
    desc.reg_shift = 2;
    desc.reg_io_width = 4;
    desc.flags = MICA_DEVICE_CONSOLE;
    struct dt_device d;
    dt_describe(&desc, &d);
    assert_memory_equal(d.compatible, "vendor,uart\0snps,dw-apb-uart\0", 29);
    assert_int_equal(d.reg_shift, 2);
    assert_int_equal(d.reg_io_width, 4);
    assert_true(d.console);
    memset(desc.compatible, 'x', sizeof desc.compatible);
    memcpy(desc.compatible, "first", 6);
    desc.flags = 0;
    dt_describe(&desc, &d);
    assert_string_equal(d.compatible, "first");
    assert_int_equal(d.compatible[6], 0);
    assert_false(d.console);
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
        cmocka_unit_test(from_boot_info),
        cmocka_unit_test(compatible_lists),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
