/* Host tests of the loader's tools as users run them: srvinfo's report,
 * --check and its exit codes, mkversions, abihash agreeing with the runtime
 * image, and linkcheck (the ld-equality oracle) on every relocation object,
 * including a run where it must detect a difference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

static const char *build;
static char output[1 << 16];

/* Runs a shell command, stdout and stderr into `output`; returns the exit status. */
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    strncat(cmd, " 2>&1", sizeof cmd - strlen(cmd) - 1);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(output, 1, sizeof output - 1, p);
    output[n] = '\0';
    int status = pclose(p);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void assert_output_has(const char *text)
{
    if (strstr(output, text) == NULL)
        fail_msg("output lacks \"%s\":\n%s", text, output);
}

static void assert_one_line_output(void)
{
    char *nl = strchr(output, '\n');
    assert_non_null(nl);
    assert_true(nl[1] == '\0');
}

static void test_srvinfo_help_and_usage(void **state)
{
    (void)state;
    assert_int_equal(run("%s/tools/srvinfo --help", build), 0);
    assert_output_has("usage: srvinfo");
    assert_int_equal(run("%s/tools/srvinfo", build), 2);
    assert_int_equal(run("%s/tools/srvinfo --link-at nonsense x.srv", build), 2);
    assert_int_equal(run("%s/tools/srvinfo -o out x.srv", build), 2);
}

static void test_srvinfo_report(void **state)
{
    (void)state;
    assert_int_equal(run("%s/tools/srvinfo %s/tests/loader/loadertest.srv", build, build), 0);
    assert_output_has("name:       loadertest\n");
    assert_output_has("version:    1.2.3\n");
    assert_output_has("schemes:    test.a: test.b:\n");
    assert_output_has("compatible: mica,loader-test, mica,second\n");
    assert_output_has("resources:  irqs 1, mmio 2, dma 8192, heap 65536, stack 16384, priority 7\n");
    assert_output_has("entry:      test_entry\n");
    assert_output_has("imports:    5\n");
    assert_output_has(" weak\n");
    assert_output_has(".rela.text");
}

static void test_srvinfo_check(void **state)
{
    (void)state;
    assert_int_equal(run("%s/tools/srvinfo --check --runtime %s/runtime/testrt.elf "
                         "%s/tests/loader/loadertest.srv", build, build, build), 0);
    assert_output_has("accepted");

    assert_int_equal(run("%s/tools/srvinfo --check --runtime %s/runtime/testrt.elf "
                         "%s/tests/loader/isa_float.srv", build, build, build), 1);
    assert_one_line_output();
    assert_output_has("srvinfo|error: ");
    assert_output_has("isa_float.srv: ISA extension f not supported (system runs "
                      "rv64imac_zicsr_zifencei)\n");

    /* Imports need a runtime to bind against. */
    assert_int_equal(run("%s/tools/srvinfo --check %s/tests/loader/loadertest.srv", build, build),
                     1);
    assert_one_line_output();
    assert_output_has("loadertest.srv: imports 5 symbol(s): give the runtime to bind them "
                      "against (--runtime <rt.elf>)");
}

static void test_srvinfo_refuses_non_images(void **state)
{
    (void)state;
    const char *inputs[] = { "/dev/null", "Makefile", "tests/loader/no-such-file",
                             "%s/tests/loader/reloc_far.o", "%s/runtime/testrt.elf" };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, inputs[i], build);
        assert_int_equal(run("%s/tools/srvinfo --check --runtime %s/runtime/testrt.elf %s", build,
                             build, path),
                         1);
        assert_one_line_output();
        assert_output_has("srvinfo|error: ");
    }
    assert_int_equal(run("%s/tools/srvinfo --check --runtime Makefile "
                         "%s/tests/loader/loadertest.srv", build, build), 1);
    assert_output_has("runtime: not an ELF file");
}

static void test_srvinfo_link_writes_flat_image(void **state)
{
    (void)state;
    assert_int_equal(run("%s/tools/srvinfo --link-at 0x200000 --runtime %s/runtime/testrt.elf "
                         "-o %s/tests/loader/loadertest.flat %s/tests/loader/loadertest.srv",
                         build, build, build, build), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/tests/loader/loadertest.flat", build);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_true(size > 0x110000); /* the 1.1 MiB gap of reloc_far is in it */
    assert_int_equal(run("%s/tools/srvinfo --link-at 0x200001 --runtime %s/runtime/testrt.elf "
                         "%s/tests/loader/loadertest.srv", build, build, build), 1);
    assert_output_has("base 0x200001 not page-aligned");
}

static void test_abihash_agrees_with_image(void **state)
{
    (void)state;
    /* The hash abihash computes now, the runtime's table, and the image's
     * versions section all say the same for testrt_add. */
    assert_int_equal(run("%s/tools/abihash --list tests/loader/testrt/testrt.h", build), 0);
    char *line = strstr(output, "testrt_add ");
    assert_non_null(line);
    char hash[9] = { 0 };
    memcpy(hash, line + strlen("testrt_add "), 8);
    assert_int_equal(run("%s/tools/srvinfo %s/tests/loader/loadertest.srv", build, build), 0);
    char expected[64];
    snprintf(expected, sizeof expected, "  %-32s %s\n", "testrt_add", hash);
    assert_output_has(expected);
}

static void test_mkversions(void **state)
{
    (void)state;
    assert_int_equal(run("%s/tools/mkversions --runtime %s/runtime/testrt.elf "
                         "%s/tests/loader/reloc_calls.o", build, build, build), 0);
    assert_output_has("\"testrt_add\"");
    assert_output_has("\"testrt_optional\"");
    assert_true(strstr(output, "testrt_missing") == NULL); /* weak, not exported */
    assert_int_equal(run("%s/tools/mkversions --runtime %s/runtime/testrt.elf "
                         "%s/tests/loader/unknown_import.o", build, build, build), 1);
    assert_output_has("symbol no_such_function not exported by the runtime");
}

static const char *const reloc_objects[] = {
    "reloc_calls", "reloc_tables", "reloc_far", "reloc_rvc", "reloc_abs", "reloc_diff", "reloc_got",
};

static void test_linkcheck_each_object(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof reloc_objects / sizeof reloc_objects[0]; i++) {
        int status = run("BUILD=%s tools/linkcheck --runtime %s/runtime/testrt.elf "
                         "%s/tests/loader/%s.o", build, build, build, reloc_objects[i]);
        if (status != 0)
            fail_msg("linkcheck %s: %s", reloc_objects[i], output);
        assert_output_has("bytes equal");
    }
}

static void test_linkcheck_all_together(void **state)
{
    (void)state;
    const char *bases[] = { "0x10000000", "0x200000", "0x3fe00000" };
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        char objects[1024] = "";
        for (size_t k = 0; k < sizeof reloc_objects / sizeof reloc_objects[0]; k++) {
            strcat(objects, " ");
            strcat(objects, build);
            strcat(objects, "/tests/loader/");
            strcat(objects, reloc_objects[k]);
            strcat(objects, ".o");
        }
        int status = run("BUILD=%s tools/linkcheck --runtime %s/runtime/testrt.elf --at %s%s",
                         build, build, bases[i], objects);
        if (status != 0)
            fail_msg("linkcheck at %s: %s", bases[i], output);
    }
}

static void test_linkcheck_detects_difference(void **state)
{
    (void)state;
    assert_int_equal(run("BUILD=%s SRVINFO=tests/loader/flip_byte.sh REAL_SRVINFO=%s/tools/srvinfo "
                         "tools/linkcheck %s/tests/loader/reloc_abs.o", build, build, build), 1);
    assert_output_has("loader and ld differ");
    assert_int_equal(run("BUILD=%s tools/linkcheck %s/tests/loader/isa_float.o", build, build), 1);
    assert_output_has("the loader refused the image");
    assert_int_equal(run("BUILD=%s tools/linkcheck", build), 2);
}

int main(void)
{
    build = getenv("MICA_BUILD");
    if (build == NULL)
        build = "build";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_srvinfo_help_and_usage),
        cmocka_unit_test(test_srvinfo_report),
        cmocka_unit_test(test_srvinfo_check),
        cmocka_unit_test(test_srvinfo_refuses_non_images),
        cmocka_unit_test(test_srvinfo_link_writes_flat_image),
        cmocka_unit_test(test_abihash_agrees_with_image),
        cmocka_unit_test(test_mkversions),
        cmocka_unit_test(test_linkcheck_each_object),
        cmocka_unit_test(test_linkcheck_all_together),
        cmocka_unit_test(test_linkcheck_detects_difference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
