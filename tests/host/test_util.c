/* Host-test helpers: build outputs are found through MICA_BUILD, which
 * `make test-host` sets, so tests run from any directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "test_util.h"

uint8_t *read_build_file(const char *relative, size_t *size)
{
    const char *build = getenv("MICA_BUILD");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", build ? build : "build", relative);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run through make test-host)", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}
