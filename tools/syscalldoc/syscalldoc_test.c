/* The committed docs/syscalls.md must be exactly what the generator makes
 * from today's syscall list (run `make syscalls-doc` after changing it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/abi/syscall_list.h>

#include "syscalldoc.h"

static char *generated(size_t *size)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, size);
    assert_non_null(out);
    syscalldoc_write(out);
    assert_int_equal(fclose(out), 0);
    return text;
}

static void committed_file_matches_the_list(void **state)
{
    (void)state;
    size_t size;
    char *want = generated(&size);
    FILE *f = fopen(SYSCALLDOC_PATH, "rb");
    if (!f)
        fail_msg("%s is missing: run make syscalls-doc", SYSCALLDOC_PATH);
    char *have = calloc(1, size + 2);
    size_t got = fread(have, 1, size + 1, f);
    fclose(f);
    if (got != size || memcmp(have, want, size) != 0)
        fail_msg("%s differs from the syscall list: run make syscalls-doc", SYSCALLDOC_PATH);
    free(have);
    free(want);
}

static void every_syscall_has_a_row(void **state)
{
    (void)state;
    size_t size;
    char *text = generated(&size);
#define SYSCALLDOC_CHECK(num, name, nargs, args, rights, doc) \
    assert_non_null(strstr(text, "| `" #name "` |"));
    MICA_SYSCALL_LIST(SYSCALLDOC_CHECK)
#undef SYSCALLDOC_CHECK
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(committed_file_matches_the_list),
        cmocka_unit_test(every_syscall_has_a_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
