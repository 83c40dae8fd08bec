/* Host tests for libipc/lib/server_params.c: every type, defaults, each
 * refusal and its line, and declaration checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <mica/server_params.h>

MICA_SERVER_PARAMS(MICA_PARAM("size", SIZE, "1M", "disk size"),
                   MICA_PARAM_INT_MAX("unit", "0", 255, "unit number"),
                   MICA_PARAM("ro", BOOL, "no", "read-only"),
                   MICA_PARAM("model", STRING, "mem", "model text"));
enum { SIZE, UNIT, RO, MODEL };

static int parse(const char *args, struct mica_param_value *v, char *why)
{
    return mica_params_parse(mica_server_params_, MICA_SERVER_PARAM_COUNT, args, v, why,
                             MICA_PARAMS_WHY_MAX);
}

static void defaults_without_args(void **state)
{
    (void)state;
    struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
    char why[MICA_PARAMS_WHY_MAX];
    for (int pass = 0; pass < 3; pass++) {
        assert_int_equal(parse(pass == 0 ? NULL : pass == 1 ? "" : "   ", v, why), 0);
        assert_int_equal(v[SIZE].number, 1u << 20);
        assert_int_equal(v[UNIT].number, 0);
        assert_int_equal(v[RO].number, 0);
        assert_string_equal(v[MODEL].text, "mem");
        assert_false(v[SIZE].given || v[UNIT].given || v[RO].given || v[MODEL].given);
    }
}

static void every_type(void **state)
{
    (void)state;
    struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
    char why[MICA_PARAMS_WHY_MAX];
    assert_int_equal(parse(" size=16M\tunit=0x1f ro model=flash ", v, why), 0);
    assert_int_equal(v[SIZE].number, 16u << 20);
    assert_int_equal(v[UNIT].number, 31);
    assert_int_equal(v[RO].number, 1);
    assert_string_equal(v[MODEL].text, "flash");
    assert_true(v[SIZE].given && v[UNIT].given && v[RO].given && v[MODEL].given);
    assert_int_equal(parse("size=4096 ro=off", v, why), 0);
    assert_int_equal(v[SIZE].number, 4096);
    assert_int_equal(v[RO].number, 0);
    assert_int_equal(parse("size=2G ro=yes", v, why), 0);
    assert_int_equal(v[SIZE].number, 2ull << 30);
    assert_int_equal(v[RO].number, 1);
    assert_int_equal(parse("size=3k model=", v, why), 0);
    assert_int_equal(v[SIZE].number, 3072);
    assert_string_equal(v[MODEL].text, "");
    assert_int_equal(parse("unit=255", v, why), 0);
    assert_int_equal(v[UNIT].number, 255);
}

static void refusals_name_the_word(void **state)
{
    (void)state;
    static const struct {
        const char *args, *line;
    } cases[] = {
        { "size=16Q", "size=16Q: not a size (bytes, or a number with K, M, G or T)" },
        { "size=M", "size=M: not a size (bytes, or a number with K, M, G or T)" },
        { "size=20000000T", "size=20000000T: not a size (bytes, or a number with K, M, G or T)" },
        { "unit=x", "unit=x: not a number" },
        { "unit=-1", "unit=-1: not a number" },
        { "unit=0x", "unit=0x: not a number" },
        { "unit=18446744073709551616", "unit=18446744073709551616: not a number" },
        { "unit", "unit: needs a value" },
        { "unit=256", "unit=256: more than 255" },
        { "unit=0x100", "unit=0x100: more than 255" },
        { "unit=1 unit=2", "unit=2: given twice" },
        { "ro=maybe", "ro=maybe: not a bool (yes or no)" },
        { "colour=blue", "colour=blue: unknown parameter" },
        { "sizes=1", "sizes=1: unknown parameter" },
        { "siz=1", "siz=1: unknown parameter" },
        { "=1", "=1: unknown parameter" },
        { "model=abcdefghijklmnopqrstuvwxyz012345", "model=abcdefghijklmnopqrstuvwxyz012345: longer than 31 characters" },
        { "model=abcdefghijklmnopqrstuvwxyz0123456789", "model=abcdefghijklmnopqrstuvwxyz01234567: longer than 31 characters" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
        char why[MICA_PARAMS_WHY_MAX] = "";
        assert_int_equal(parse(cases[i].args, v, why), -1);
        assert_string_equal(why, cases[i].line);
    }
}

static void a_short_why_buffer_is_cut(void **state)
{
    (void)state;
    struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
    char why[8];
    memset(why, 'x', sizeof why);
    assert_int_equal(mica_params_parse(mica_server_params_, MICA_SERVER_PARAM_COUNT, "unit=x", v,
                                       why, sizeof why), -1);
    assert_string_equal(why, "unit=x:");
}

static char said[256];
static unsigned said_count;

static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(said, sizeof said, fmt, ap);
    va_end(ap);
    said_count++;
}

static void read_says_why_and_refuses_a_packed_argument(void **state)
{
    (void)state;
    struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
    said_count = 0;
    assert_int_equal(mica_params_read(mica_server_params_, MICA_SERVER_PARAM_COUNT, 0x10100000040ull,
                                      "unit=1", v, say), -1);
    assert_string_equal(said, "arg=0x10100000040: not read: give parameters by name, args=\"...\"");
    assert_int_equal(mica_params_read(mica_server_params_, MICA_SERVER_PARAM_COUNT, 0, "size=16Q", v,
                                      say), -1);
    assert_string_equal(said, "size=16Q: not a size (bytes, or a number with K, M, G or T)");
    assert_int_equal(said_count, 2);
    assert_int_equal(mica_params_read(mica_server_params_, MICA_SERVER_PARAM_COUNT, 0, "unit=1", v,
                                      say), 0);
    assert_int_equal(said_count, 2);
    assert_int_equal(v[UNIT].number, 1);
}

static void bad_declarations(void **state)
{
    (void)state;
    struct mica_server_param d[2] = {
        MICA_PARAM("a", INT, "1", "h"),
        MICA_PARAM("b", BOOL, "no", "h"),
    };
    char why[MICA_PARAMS_WHY_MAX];
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), 0);
    memcpy(d[1].name, "a", 2);
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    assert_string_equal(why, "a: declared twice");
    memcpy(d[1].name, "b c", 4);
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    memcpy(d[1].name, "b", 2);
    memcpy(d[1].default_value, "maybe", 6);
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    assert_string_equal(why, "b: its default is not a value of its type");
    memcpy(d[1].default_value, "no", 3);
    d[1].type = 9;
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    assert_string_equal(why, "b: unknown type");
    d[1].type = MICA_PARAM_BOOL;
    d[1].max = 1;
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    assert_string_equal(why, "b: a max on a type other than int");
    d[1].max = 0;
    memset(d[1].help, 'h', sizeof d[1].help);
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    memset(d[1].help, 0, sizeof d[1].help);
    memset(d[0].name, 'n', sizeof d[0].name);
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    d[0].name[0] = '\0';
    assert_int_equal(mica_params_check(d, 2, why, sizeof why), -1);
    struct mica_param_value v[2];
    assert_int_equal(mica_params_parse(d, 2, "b", v, why, sizeof why), -1);
    assert_int_equal(mica_params_check(d, MICA_PARAMS_MAX + 1, why, sizeof why), -1);
    assert_string_equal(mica_param_type_name(MICA_PARAM_SIZE), "size");
    assert_null(mica_param_type_name(0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_without_args),
        cmocka_unit_test(every_type),
        cmocka_unit_test(refusals_name_the_word),
        cmocka_unit_test(a_short_why_buffer_is_cut),
        cmocka_unit_test(read_says_why_and_refuses_a_packed_argument),
        cmocka_unit_test(bad_declarations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
