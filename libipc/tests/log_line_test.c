/* log_line_format: every logged line ends in one newline, a cut line says
 * it was cut, and nothing is written past the buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "../log_line.h"

static size_t format(char *line, size_t size, const char *level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = log_line_format(line, size, "blkbench", level, fmt, ap);
    va_end(ap);
    assert_int_equal(n, strlen(line));
    return n;
}

static void short_lines_get_one_newline(void **state)
{
    (void)state;
    char line[64];
    format(line, sizeof line, "info", "step %u of %u", 1u, 4u);
    assert_string_equal(line, "blkbench|info: step 1 of 4\n");
    format(line, sizeof line, "warn", "ends already\n");
    assert_string_equal(line, "blkbench|warn: ends already\n");
    format(line, sizeof line, "error", "%s", "");
    assert_string_equal(line, "blkbench|error: \n");
    format(line, sizeof line, NULL, "BENCH name=x\n");
    assert_string_equal(line, "BENCH name=x\n");
}

/* Every length around the buffer's size: the line fits with its newline,
 * or it is cut and ends in the mark; never glued to what follows. */
static void long_lines_end_with_the_mark(void **state)
{
    (void)state;
    char text[200];
    for (size_t n = 0; n < sizeof text - 1; n++) {
        memset(text, 'x', n);
        text[n] = 0;
        char line[80 + 1];
        memset(line, '#', sizeof line);
        line[80] = '@'; /* past the buffer handed over */
        size_t len = format(line, 80, "info", "%s", text);
        assert_true(len < 80);
        assert_int_equal(line[80], '@');
        assert_int_equal(line[len - 1], '\n');
        size_t whole = strlen("blkbench|info: ") + n + 1;
        if (whole < 80) {
            assert_int_equal(len, whole);
        } else {
            size_t mark = strlen(LOG_LINE_CUT_MARK);
            assert_int_equal(len, 79);
            assert_memory_equal(line + len - mark, LOG_LINE_CUT_MARK, mark);
            assert_memory_equal(line, "blkbench|info: xxx", 18);
        }
    }
}

static void raw_text_cut_says_so(void **state)
{
    (void)state;
    char line[40];
    size_t len = format(line, sizeof line, NULL, "%s", "0123456789012345678901234567890123456789");
    assert_int_equal(len, 39);
    assert_string_equal(line + len - strlen(LOG_LINE_CUT_MARK), LOG_LINE_CUT_MARK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(short_lines_get_one_newline),
        cmocka_unit_test(long_lines_end_with_the_mark),
        cmocka_unit_test(raw_text_cut_says_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
