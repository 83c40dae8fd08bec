/* Kernel printf engine, boot-argument lookup and cpio reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "mica/abi/bootargs.h"
#include <mica/abi/cpio.h>
#include "lib/format.h"

static void formats_like_printf(void **state)
{
    (void)state;
    char buf[128];
    format_to_buffer(buf, sizeof buf, "%s|%d|%u|%x|%lx|%5d|%-4s|%05u|%c|%%", "ab", -42, 42u, 0xbeefu,
                     0xffffffff80000000ul, 7, "x", 12u, 'z');
    assert_string_equal(buf, "ab|-42|42|beef|ffffffff80000000|    7|x   |00012|z|%");
    format_to_buffer(buf, sizeof buf, "%ld %p %s", (long)INT64_MIN, (void *)0x1000, (char *)NULL);
    assert_string_equal(buf, "-9223372036854775808 0x1000 (null)");
}

static void truncates_to_the_buffer(void **state)
{
    (void)state;
    char buf[6];
    int n = format_to_buffer(buf, sizeof buf, "%s", "0123456789");
    assert_int_equal(n, 10);
    assert_string_equal(buf, "01234");
}

static void bootargs_lookup(void **state)
{
    (void)state;
    char v[8];
    const char *args = "quiet mica.fault=load  mica.shell=1 mica.longvalue=123456789";
    assert_true(bootargs_get(args, "mica.fault", v, sizeof v));
    assert_string_equal(v, "load");
    assert_true(bootargs_get(args, "quiet", v, sizeof v));
    assert_string_equal(v, "");
    assert_true(bootargs_get(args, "mica.longvalue", v, sizeof v));
    assert_string_equal(v, "1234567");
    assert_false(bootargs_get(args, "mica", v, sizeof v));
    assert_false(bootargs_get("", "x", v, sizeof v));
}

/* Builds a newc archive by hand: one file, then the trailer. */
static size_t make_entry(uint8_t *out, const char *name, const char *data, uint32_t mode)
{
    size_t namesize = strlen(name) + 1, datasize = strlen(data);
    int n = sprintf((char *)out, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u, mode, 0u,
                    0u, 1u, 0u, (unsigned)datasize, 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
    size_t off = (size_t)n;
    memcpy(out + off, name, namesize);
    off = (off + namesize + 3) & ~(size_t)3;
    memcpy(out + off, data, datasize);
    return (off + datasize + 3) & ~(size_t)3;
}

static void cpio_reads_and_rejects(void **state)
{
    (void)state;
    uint8_t a[1024] = { 0 };
    size_t len = make_entry(a, "./init", "ELFDATA", 0100755);
    len += make_entry(a + len, "TRAILER!!!", "", 0);
    struct cpio_entry e;
    assert_int_equal(cpio_find(a, len, "init", &e), CPIO_OK);
    assert_int_equal(e.size, 7);
    assert_memory_equal(e.data, "ELFDATA", 7);
    assert_int_equal(cpio_find(a, len, "missing", &e), CPIO_END);
    for (size_t cut = 0; cut < len; cut++) {
        size_t off = 0;
        int r;
        while ((r = cpio_next(a, cut, &off, &e)) == CPIO_OK)
            ;
        assert_true(r < 0); /* every cut short of the trailer's end is an error */
    }
    a[3] = 'X';
    assert_int_equal(cpio_find(a, len, "init", &e), CPIO_ERR_MAGIC);
    a[3] = '7';
    a[20] = 'g'; /* a non-hex digit in the mode field */
    size_t off = 0;
    assert_int_equal(cpio_next(a, len, &off, &e), CPIO_ERR_FIELD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_like_printf),
        cmocka_unit_test(truncates_to_the_buffer),
        cmocka_unit_test(bootargs_lookup),
        cmocka_unit_test(cpio_reads_and_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
