/* Host tests for libipc/ed25519/sha512.c: the FIPS 180-4 examples, one
 * million 'a', and streaming at every split point against the one-shot
 * digest, with each block function variant selected (on the host both are
 * the same code; the RISC-V builds differ, and QEMU's system tests run
 * them: tests/system/test_isa_extensions.py), and which bits select which. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/isa_extensions.h>
#include <mica/sha512.h>

#include "vectors.h"

static void expect_digest(const void *data, size_t len, const char *hex)
{
    uint8_t want[SHA512_DIGEST_SIZE], got[SHA512_DIGEST_SIZE];
    assert_int_equal(test_from_hex(hex, want), SHA512_DIGEST_SIZE);
    sha512(data, len, got);
    assert_memory_equal(got, want, SHA512_DIGEST_SIZE);
}

static void test_fips_examples(void **state)
{
    (void)state;
    expect_digest("", 0,
                  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    expect_digest("abc", 3,
                  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    const char *two_blocks = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                             "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    expect_digest(two_blocks, strlen(two_blocks),
                  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

static void test_million_a(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *a = malloc(n);
    assert_non_null(a);
    memset(a, 'a', n);
    expect_digest(a, n,
                  "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                  "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
    free(a);
}

/* Whole blocks are read from the caller's buffer word by word when it is
 * 8-byte aligned and byte by byte when not: every start offset in a word
 * gives the known digest of a 1000-byte message (seven whole blocks). */
static void test_every_alignment(void **state)
{
    (void)state;
    static uint64_t words[1024 / 8 + 1];
    uint8_t *buffer = (uint8_t *)words;
    for (size_t offset = 0; offset < 8; offset++) {
        memset(buffer, 0, sizeof words);
        memset(buffer + offset, 'a', 1000);
        expect_digest(buffer + offset, 1000,
                      "67ba5535a46e3f86dbfbed8cbbaf0125c76ed549ff8b0b9e03e0c88cf90fa634"
                      "fa7b12b47d77b694de488ace8d9a65967dc96df599727d3292a8d9d447709c97");
    }
}

/* Lengths around the padding edges (111/112 bytes) and block boundaries. */
static void test_streaming_matches_one_shot(void **state)
{
    (void)state;
    uint8_t data[3 * SHA512_BLOCK_SIZE + 7];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 131 + 7);
    for (size_t len = 0; len <= sizeof data; len++) {
        uint8_t whole[SHA512_DIGEST_SIZE];
        sha512(data, len, whole);
        for (size_t split = 0; split <= len; split += 13) {
            struct sha512_ctx ctx;
            uint8_t parts[SHA512_DIGEST_SIZE];
            sha512_init(&ctx);
            sha512_update(&ctx, data, split);
            sha512_update(&ctx, data + split, len - split);
            sha512_final(&ctx, parts);
            assert_memory_equal(parts, whole, SHA512_DIGEST_SIZE);
        }
    }
}

/* Only Zbb selects the Zbb variant; anything else, the plain one. */
static void test_variant_selection(void **state)
{
    (void)state;
    sha512_use_isa_extensions(0);
    assert_string_equal(sha512_block_variant(), "plain");
    sha512_use_isa_extensions(MICA_ISA_EXTENSION(zbb) | MICA_ISA_EXTENSION(zba));
    assert_string_equal(sha512_block_variant(), "zbb");
    sha512_use_isa_extensions(~MICA_ISA_EXTENSION(zbb));
    assert_string_equal(sha512_block_variant(), "plain");
}

static int use_plain(void **state)
{
    (void)state;
    sha512_use_isa_extensions(0);
    return 0;
}

static int use_zbb(void **state)
{
    (void)state;
    sha512_use_isa_extensions(MICA_ISA_EXTENSION(zbb));
    return 0;
}

#define EACH_VARIANT(test) cmocka_unit_test_setup(test, use_plain), cmocka_unit_test_setup(test, use_zbb)

int main(void)
{
    const struct CMUnitTest tests[] = {
        EACH_VARIANT(test_fips_examples),
        EACH_VARIANT(test_million_a),
        EACH_VARIANT(test_every_alignment),
        EACH_VARIANT(test_streaming_matches_one_shot),
        cmocka_unit_test(test_variant_selection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
