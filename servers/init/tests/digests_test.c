/* Host tests of the digest list lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/errno.h>

#include "../digests.h"

#define D1 "f76e633e499c03278ff10202b846c58180216ea09a72fa1d4be95b8e1ccbe31b"
#define D2 "EFAAB7DEAECA16774CFBF6C5D5598ADE8A56B1B7C8DA7FF6A805C9CEED67D11F"

static const char list[] = D1 "  lib/libipc.rt\n" D2 "  srv/hello.srv\n"
                           "zz  srv/broken.srv\n";

static void finds_each_path(void **state)
{
    (void)state;
    uint8_t got[SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
    assert_int_equal(digests_find(list, sizeof list - 1, "lib/libipc.rt", got), 0);
    sha256_from_hex(D1, want);
    assert_memory_equal(got, want, sizeof got);
    assert_int_equal(digests_find(list, sizeof list - 1, "srv/hello.srv", got), 0);
    sha256_from_hex(D2, want);
    assert_memory_equal(got, want, sizeof got);
}

static void refuses_unknown_prefix_and_malformed(void **state)
{
    (void)state;
    uint8_t got[SHA256_DIGEST_SIZE];
    assert_int_equal(digests_find(list, sizeof list - 1, "srv/other.srv", got), -MICA_ENOENT);
    assert_int_equal(digests_find(list, sizeof list - 1, "srv/hello", got), -MICA_ENOENT);
    assert_int_equal(digests_find(list, sizeof list - 1, "hello.srv", got), -MICA_ENOENT);
    assert_int_equal(digests_find(list, sizeof list - 1, "srv/broken.srv", got), -MICA_ENOENT);
    static const char bad[] = D1 " xlib/libipc.rt\n";
    assert_int_equal(digests_find(bad, sizeof bad - 1, "lib/libipc.rt", got), -MICA_EBADMSG);
    /* Last line without a newline, and an empty list. */
    static const char last[] = D1 "  a";
    assert_int_equal(digests_find(last, sizeof last - 1, "a", got), 0);
    assert_int_equal(digests_find("", 0, "a", got), -MICA_ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_each_path),
        cmocka_unit_test(refuses_unknown_prefix_and_malformed),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
