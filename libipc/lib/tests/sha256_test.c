/* Host tests for libipc/lib/sha256.c: the FIPS 180-4 examples, NIST CAVP short and
 * long messages, one million 'a', and streaming at every split point. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/errno.h>
#include <mica/sha256.h>

#include "sha256_cavp_vectors.h"

static void expect_digest_hex(const uint8_t digest[SHA256_DIGEST_SIZE], const char *expected_hex)
{
    char hex[SHA256_HEX_SIZE];

    sha256_to_hex(digest, hex);
    assert_string_equal(hex, expected_hex);
}

static void expect_string_digest(const char *message, const char *expected_hex)
{
    uint8_t digest[SHA256_DIGEST_SIZE];

    sha256(message, strlen(message), digest);
    expect_digest_hex(digest, expected_hex);
}

static void test_empty_message(void **state)
{
    (void)state;
    expect_string_digest("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
    (void)state;
    expect_string_digest("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_448_bit_message(void **state)
{
    (void)state;
    expect_string_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bit_message(void **state)
{
    (void)state;
    expect_string_digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                         "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static const char million_a_digest[] =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

static void test_one_million_a_one_shot(void **state)
{
    (void)state;
    size_t len = 1000000;
    char *message = malloc(len);
    uint8_t digest[SHA256_DIGEST_SIZE];

    assert_non_null(message);
    memset(message, 'a', len);
    sha256(message, len, digest);
    expect_digest_hex(digest, million_a_digest);
    free(message);
}

static void test_one_million_a_uneven_chunks(void **state)
{
    (void)state;
    static const char chunk[1000] = { [0 ... 999] = 'a' };
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    size_t remaining = 1000000;

    sha256_init(&ctx);
    /* Chunk sizes cycle through 1..997 so block boundaries fall everywhere. */
    for (size_t step = 1; remaining > 0; step = step % 997 + 1) {
        size_t n = step < remaining ? step : remaining;
        sha256_update(&ctx, chunk, n);
        remaining -= n;
    }
    sha256_final(&ctx, digest);
    expect_digest_hex(digest, million_a_digest);
}

static size_t decode_hex(const char *hex, uint8_t *out, size_t capacity)
{
    size_t len = strlen(hex) / 2;

    assert_true(len <= capacity);
    for (size_t i = 0; i < len; i++) {
        char pair[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
        out[i] = (uint8_t)strtoul(pair, NULL, 16);
    }
    return len;
}

static void test_cavp_vectors(void **state)
{
    (void)state;
    static uint8_t message[4096];

    for (size_t i = 0; i < sizeof(sha256_cavp_vectors) / sizeof(sha256_cavp_vectors[0]); i++) {
        const struct sha256_cavp_vector *v = &sha256_cavp_vectors[i];
        size_t len = decode_hex(v->message_hex, message, sizeof(message));
        uint8_t digest[SHA256_DIGEST_SIZE];

        assert_int_equal(len * 8, v->bits);
        sha256(message, len, digest);
        expect_digest_hex(digest, v->digest_hex);
    }
}

static void test_streaming_split_at_every_offset(void **state)
{
    (void)state;
    /* The 2096-bit CAVP message: 262 bytes, so splits cross several blocks. */
    const struct sha256_cavp_vector *v =
        &sha256_cavp_vectors[sizeof(sha256_cavp_vectors) / sizeof(sha256_cavp_vectors[0]) - 1];
    uint8_t message[512];
    size_t len = decode_hex(v->message_hex, message, sizeof(message));

    assert_int_equal(v->bits, 2096);
    for (size_t first = 0; first <= len; first++) {
        for (size_t second = first; second <= len; second += 7) {
            struct sha256_ctx ctx;
            uint8_t digest[SHA256_DIGEST_SIZE];

            sha256_init(&ctx);
            sha256_update(&ctx, message, first);
            sha256_update(&ctx, message + first, second - first);
            sha256_update(&ctx, message + second, len - second);
            sha256_final(&ctx, digest);
            expect_digest_hex(digest, v->digest_hex);
        }
    }
}

static void test_byte_at_a_time(void **state)
{
    (void)state;
    const char *message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];

    sha256_init(&ctx);
    for (const char *p = message; *p; p++)
        sha256_update(&ctx, p, 1);
    sha256_final(&ctx, digest);
    expect_digest_hex(digest, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_hex_round_trip_and_rejects(void **state)
{
    (void)state;
    const char *hex = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    uint8_t parsed[SHA256_DIGEST_SIZE], computed[SHA256_DIGEST_SIZE];

    assert_int_equal(sha256_from_hex(hex, parsed), 0);
    sha256("abc", 3, computed);
    assert_true(sha256_equal(parsed, computed));
    assert_memory_equal(parsed, computed, SHA256_DIGEST_SIZE);

    computed[31] ^= 1;
    assert_false(sha256_equal(parsed, computed));

    /* One digit short, one too many, a non-hex digit. */
    assert_int_equal(sha256_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
                                     parsed),
                     -MICA_EINVAL);
    assert_int_equal(sha256_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
                                     parsed),
                     -MICA_EINVAL);
    assert_int_equal(sha256_from_hex("ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                                     parsed),
                     -MICA_EINVAL);
    assert_int_equal(sha256_from_hex("", parsed), -MICA_EINVAL);
}

static void test_errno_names(void **state)
{
    (void)state;
    assert_string_equal(mica_errno_name(MICA_EIO), "EIO");
    assert_string_equal(mica_errno_name(-MICA_EROFS), "EROFS");
    assert_int_equal(MICA_ESTALE, 116);
    assert_int_equal(MICA_EOVERFLOW, 75);
    assert_string_equal(mica_errno_name(-MICA_ESTALE), "ESTALE");
    assert_string_equal(mica_errno_name(0), "EUNKNOWN");
    assert_string_equal(mica_errno_name(-2147483647 - 1), "EUNKNOWN");
    assert_string_equal(mica_errno_text(-MICA_ENOSPC), "no space left on device");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_message),
        cmocka_unit_test(test_abc),
        cmocka_unit_test(test_448_bit_message),
        cmocka_unit_test(test_896_bit_message),
        cmocka_unit_test(test_one_million_a_one_shot),
        cmocka_unit_test(test_one_million_a_uneven_chunks),
        cmocka_unit_test(test_cavp_vectors),
        cmocka_unit_test(test_streaming_split_at_every_offset),
        cmocka_unit_test(test_byte_at_a_time),
        cmocka_unit_test(test_hex_round_trip_and_rejects),
        cmocka_unit_test(test_errno_names),
    };

    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
