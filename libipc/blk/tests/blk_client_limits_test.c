/* Host tests for the client-* words of a block server's command line: each
 * limit read, suffixes, other words left alone, and every malformed or
 * out-of-range value refused with nothing changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <mica/blk_client_limits.h>
#include <mica/abi/errno.h>

static const struct blk_client_limits max = { 16, 48, 1ull << 32 };
static const struct blk_client_limits start = { 8, 24, 64ull << 20 };

static void reads_each_limit(void **state)
{
    (void)state;
    struct blk_client_limits l = start;
    assert_int_equal(decode_blk_client_limits("client-handles=4 client-requests=12 client-buffer=8M",
                                              &max, &l, 0), 0);
    assert_int_equal(l.handles, 4);
    assert_int_equal(l.requests, 12);
    assert_int_equal(l.buffer_bytes, 8ull << 20);
    assert_int_equal(decode_blk_client_limits("client-buffer=512K", &max, &l, 0), 0);
    assert_int_equal(l.buffer_bytes, 512ull << 10);
    assert_int_equal(decode_blk_client_limits("client-buffer=4096", &max, &l, 0), 0);
    assert_int_equal(l.buffer_bytes, 4096);
}

static void leaves_other_words(void **state)
{
    (void)state;
    struct blk_client_limits l = start;
    assert_int_equal(decode_blk_client_limits(0, &max, &l, 0), 0);
    assert_int_equal(decode_blk_client_limits("", &max, &l, 0), 0);
    assert_int_equal(decode_blk_client_limits("  unit=3 fast  client-handles=2  ", &max, &l, 0), 0);
    assert_int_equal(l.handles, 2);
    assert_int_equal(l.requests, start.requests);
    assert_int_equal(l.buffer_bytes, start.buffer_bytes);
}

static void refuses_bad_values(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "client-handles=0",      "client-handles=17",   "client-handles=",
        "client-handles=4x",     "client-requests=49",  "client-requests=-1",
        "client-buffer=5G",      "client-buffer=4097M", "client-buffer=M",
        "client-handle=4",       "client-buffer=1KK",   "client-requests=99999999999999999999999",
        "client-handles=2 client-request=3",
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct blk_client_limits l = start;
        const char *where = 0;
        assert_int_equal(decode_blk_client_limits(bad[i], &max, &l, &where), -MICA_EINVAL);
        assert_non_null(where);
        assert_memory_equal(&l, &start, sizeof l);
    }
    const char *where = 0;
    struct blk_client_limits l = start;
    assert_int_equal(decode_blk_client_limits("client-handles=2 client-x=1", &max, &l, &where),
                     -MICA_EINVAL);
    assert_string_equal(where, "client-x=1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_each_limit),
        cmocka_unit_test(leaves_other_words),
        cmocka_unit_test(refuses_bad_values),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
