/* Host tests of the ABI hash rule: cosmetic edits (comments, whitespace,
 * parameter names, `extern`) keep every hash; an ABI change to one prototype,
 * or to a type it uses, changes the hashes of exactly the affected functions. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "abi.h"

static const char base_header[] =
    "/* runtime API */\n"
    "#ifndef RT_H\n#define RT_H\n#include <stdint.h>\n"
    "#ifdef __cplusplus\nextern \"C\" {\n#endif\n"
    "typedef uint64_t rt_word_t;\n"
    "struct rt_msg { rt_word_t words[4]; int length; };\n"
    "typedef void (*rt_handler_t)(int code, void *context);\n"
    "int rt_call(int cap, const struct rt_msg *msg, struct rt_msg *reply);\n"
    "long rt_write(int fd, const void *buffer, unsigned long length);\n"
    "void rt_on(rt_handler_t handler);\n"
    "int rt_each(int (*visit)(int index, char *name), void *arg);\n"
    "static inline int rt_zero(void) { return 0; }\n"
    "_Static_assert(sizeof(int) == 4, \"int\");\n"
    "void rt_exit(int status) __attribute__((noreturn));\n"
    "#ifdef __cplusplus\n}\n#endif\n#endif\n";

#define NSYMS 5
static const char *const names[NSYMS] = { "rt_call", "rt_write", "rt_on", "rt_each", "rt_exit" };

static void hashes_of(const char *text, uint32_t out[NSYMS])
{
    struct abi_set *set = abi_set_new();
    char err[128];
    if (!abi_set_add_header(set, text, true, err, sizeof err))
        fail_msg("header refused: %s", err);
    abi_set_finish(set);
    assert_int_equal(abi_set_count(set), NSYMS);
    for (size_t i = 0; i < NSYMS; i++) {
        const struct abi_symbol *s = abi_set_symbol(set, i);
        assert_string_equal(s->name, names[i]);
        out[i] = s->hash;
    }
    abi_set_free(set);
}

/* Applies one textual replacement to the base header. */
static void edited(const char *from, const char *to, char *out, size_t size)
{
    const char *at = strstr(base_header, from);
    assert_non_null(at);
    size_t head = (size_t)(at - base_header);
    assert_true(head + strlen(to) + strlen(at + strlen(from)) < size);
    memcpy(out, base_header, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
}

/* Hashes of the header with from replaced by to; which symbols changed. */
static unsigned changed_after(const char *from, const char *to, bool changed[NSYMS])
{
    uint32_t before[NSYMS], after[NSYMS];
    char text[sizeof base_header + 256];
    hashes_of(base_header, before);
    edited(from, to, text, sizeof text);
    hashes_of(text, after);
    unsigned n = 0;
    for (size_t i = 0; i < NSYMS; i++) {
        changed[i] = before[i] != after[i];
        n += changed[i];
    }
    return n;
}

static void expect_no_change(const char *from, const char *to)
{
    bool changed[NSYMS];
    if (changed_after(from, to, changed) != 0)
        fail_msg("replacing \"%s\" with \"%s\" changed a hash", from, to);
}

static void expect_only(const char *from, const char *to, const char *symbol)
{
    bool changed[NSYMS];
    changed_after(from, to, changed);
    for (size_t i = 0; i < NSYMS; i++)
        if (changed[i] != (strcmp(names[i], symbol) == 0))
            fail_msg("replacing \"%s\" with \"%s\": %s %s", from, to, names[i],
                     changed[i] ? "changed" : "did not change");
}

static void test_crc32(void **state)
{
    (void)state;
    assert_int_equal(abi_crc32("123456789", 9), 0xcbf43926u);
    assert_int_equal(abi_crc32("", 0), 0);
}

static void test_exports_only_prototypes(void **state)
{
    (void)state;
    uint32_t h[NSYMS];
    hashes_of(base_header, h); /* asserts the five names, in order */
}

static void test_cosmetic_edits_keep_hashes(void **state)
{
    (void)state;
    expect_no_change("int cap,", "int   capability ,\n\t");
    expect_no_change("void *buffer", "void*buf");
    expect_no_change("(rt_handler_t handler)", "(rt_handler_t)");
    expect_no_change("int index, char *name", "int i, char *n");
    expect_no_change("int code, void *context", "int, void *");
    expect_no_change("long rt_write", "/* writes */ extern long rt_write");
    expect_no_change("void rt_exit(int status)", "// exits\nvoid rt_exit(int status_code)");
    expect_no_change("static inline int rt_zero(void) { return 0; }",
                     "static inline int rt_zero(void) { return 1; }");
}

static void test_one_prototype_change(void **state)
{
    (void)state;
    expect_only("long rt_write(int fd", "long rt_write(long fd", "rt_write");
    expect_only("unsigned long length);", "unsigned length);", "rt_write");
    expect_only("const struct rt_msg *msg", "struct rt_msg *msg", "rt_call");
    expect_only("int (*visit)(int index, char *name)", "int (*visit)(int index, const char *name)",
                "rt_each");
    expect_only("__attribute__((noreturn))", "", "rt_exit");
}

static void test_type_change_follows_uses(void **state)
{
    (void)state;
    /* rt_msg is used by rt_call only; rt_handler_t by rt_on only. */
    expect_only("int length; }", "long length; }", "rt_call");
    expect_only("typedef uint64_t rt_word_t;", "typedef uint32_t rt_word_t;", "rt_call");
    expect_only("(int code, void *context)", "(long code, void *context)", "rt_on");
}

static void test_leading_attribute(void **state)
{
    (void)state;
    struct abi_set *set = abi_set_new();
    char err[128];
    assert_true(abi_set_add_header(set,
                                   "__attribute__((format(printf, 1, 2))) int rt_log(const char "
                                   "*format, ...);\n",
                                   true, err, sizeof err));
    abi_set_finish(set);
    assert_int_equal(abi_set_count(set), 1);
    assert_string_equal(abi_set_symbol(set, 0)->name, "rt_log");
    assert_non_null(strstr(abi_set_symbol(set, 0)->normal_form, "( const char * , ... )"));
    abi_set_free(set);
}

static void test_unbalanced_header(void **state)
{
    (void)state;
    struct abi_set *set = abi_set_new();
    char err[128];
    assert_false(abi_set_add_header(set, "int f(int x));", true, err, sizeof err));
    assert_non_null(strstr(err, "unbalanced"));
    assert_false(abi_set_add_header(set, "int f(int x)", true, err, sizeof err));
    abi_set_free(set);
}

static void test_types_only_header(void **state)
{
    (void)state;
    struct abi_set *set = abi_set_new();
    char err[128];
    assert_true(abi_set_add_header(set, "struct p { int a; };\nint helper(void);\n", false, err,
                                   sizeof err));
    assert_true(abi_set_add_header(set, "int use(struct p *x);\n", true, err, sizeof err));
    abi_set_finish(set);
    assert_int_equal(abi_set_count(set), 1);
    assert_string_equal(abi_set_symbol(set, 0)->name, "use");
    assert_non_null(strstr(abi_set_symbol(set, 0)->normal_form, "struct p { int a ; }"));
    abi_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_exports_only_prototypes),
        cmocka_unit_test(test_cosmetic_edits_keep_hashes),
        cmocka_unit_test(test_one_prototype_change),
        cmocka_unit_test(test_type_change_follows_uses),
        cmocka_unit_test(test_leading_attribute),
        cmocka_unit_test(test_unbalanced_header),
        cmocka_unit_test(test_types_only_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
