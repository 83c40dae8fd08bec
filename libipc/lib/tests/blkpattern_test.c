/* Host tests for libipc/lib/blkpattern.c: known answers worked out independently of
 * the library, and every kind of corruption found at the right byte. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/blkpattern.h>
#include <mica/sha256.h>

/* The format's generator written out again from its definition in
 * docs/blkbench.md, with the constants spelled here, not taken from the
 * library: if either side drifts from the document, the tests disagree. */
static uint64_t reference_step(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 0x2545F4914F6CDD1Dull;
}

static uint64_t le64_at(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void test_header_layout(void **state)
{
    (void)state;
    uint8_t sector[512];

    blkpattern_fill_sector(sector, 0x0102030405060708ull, 0x1112131415161718ull, 0x2122232425262728ull);
    assert_memory_equal(sector, "MICABLK1", 8);
    static const uint8_t lba_le[8] = { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 };
    static const uint8_t seed_le[8] = { 0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11 };
    static const uint8_t generation_le[8] = { 0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21 };
    assert_memory_equal(sector + 8, lba_le, 8);
    assert_memory_equal(sector + 16, seed_le, 8);
    assert_memory_equal(sector + 24, generation_le, 8);
}

/* Literal outputs of xorshift64* for two sectors, computed once outside the
 * project, plus the whole data area re-derived by hand-stepping. */
static void test_first_outputs_known_answers(void **state)
{
    (void)state;
    uint8_t sector[512];

    /* lba 0, seed 1: state 1, the generator's textbook start. */
    blkpattern_fill_sector(sector, 0, 1, 1);
    assert_int_equal(le64_at(sector + 32), 0x47e4ce4b896cdd1dull);
    assert_int_equal(le64_at(sector + 40), 0xabcfa6a8e079651dull);
    assert_int_equal(le64_at(sector + 48), 0xb9d10d8feb731f57ull);

    blkpattern_fill_sector(sector, 77, 0x1234, 1);
    assert_int_equal(le64_at(sector + 32), 0x2a6ec334cd461851ull);
    assert_int_equal(le64_at(sector + 40), 0xe0f4e0d019316924ull);
    assert_int_equal(le64_at(sector + 48), 0x8d0420eb4dabdc18ull);

    uint64_t x = 0x1234 ^ (77 * 0x9E3779B97F4A7C15ull);
    for (int i = 0; i < 60; i++)
        assert_int_equal(le64_at(sector + 32 + 8 * i), reference_step(&x));
}

static void test_zero_state_becomes_one(void **state)
{
    (void)state;
    uint8_t zero_state[512], seed_one[512];
    uint64_t lba = 5;
    uint64_t seed = lba * 0x9E3779B97F4A7C15ull; /* seed ^ lba*K == 0 */

    blkpattern_fill_sector(zero_state, lba, seed, 1);
    blkpattern_fill_sector(seed_one, 0, 1, 1);
    assert_int_equal(blkpattern_stream_start(lba, seed), 1);
    assert_memory_equal(zero_state + 32, seed_one + 32, 480);
}

static void expect_sector_sha256(uint64_t lba, uint64_t seed, uint64_t generation, const char *hex)
{
    uint8_t sector[512], digest[SHA256_DIGEST_SIZE];
    char digest_hex[SHA256_HEX_SIZE];

    blkpattern_fill_sector(sector, lba, seed, generation);
    sha256(sector, sizeof(sector), digest);
    sha256_to_hex(digest, digest_hex);
    assert_string_equal(digest_hex, hex);
}

/* Whole-sector digests computed once by an independent implementation of the
 * documented format. */
static void test_golden_sector_digests(void **state)
{
    (void)state;
    expect_sector_sha256(3, 1, 1, "d6fcd68b18dc05986a3d0f35197820f39b7c82bfba2e7cb8e069d7c50e9efeeb");
    expect_sector_sha256(123456789, 0xdeadbeefcafef00dull, 7,
                         "ce6de92cd1245cf46e796bc50cb65570a812218219b4fec10748a47ef6296741");
}

static void test_fresh_sector_checks_ok(void **state)
{
    (void)state;
    uint8_t sector[512];
    uint32_t offset = 12345;

    blkpattern_fill_sector(sector, 42, 9, 3);
    assert_int_equal(blkpattern_check_sector(sector, 42, 9, 3, &offset), BLKPATTERN_OK);
    assert_int_equal(offset, 12345);
}

/* Flipping any single byte is reported at that byte, with the field's reason. */
static void test_every_single_byte_corruption(void **state)
{
    (void)state;
    uint8_t sector[512];

    blkpattern_fill_sector(sector, 1000, 0xabcdef, 2);
    for (uint32_t at = 0; at < 512; at++) {
        uint32_t offset = 0;
        enum blkpattern_result expected = at < 8    ? BLKPATTERN_BAD_MAGIC
                                          : at < 16 ? BLKPATTERN_WRONG_LBA
                                          : at < 24 ? BLKPATTERN_WRONG_SEED
                                          : at < 32 ? BLKPATTERN_WRONG_GENERATION
                                                    : BLKPATTERN_DATA_MISMATCH;

        sector[at] ^= 0x10;
        assert_int_equal(blkpattern_check_sector(sector, 1000, 0xabcdef, 2, &offset), expected);
        assert_int_equal(offset, at);
        sector[at] ^= 0x10;
    }
}

/* A sector that is valid, just not the one expected here: a misdirected
 * write, a stale generation, another run's seed. */
static void test_valid_sector_in_wrong_place(void **state)
{
    (void)state;
    uint8_t sector[512];
    uint32_t offset;

    blkpattern_fill_sector(sector, 0x200, 7, 1);
    assert_int_equal(blkpattern_check_sector(sector, 0x300, 7, 1, &offset), BLKPATTERN_WRONG_LBA);
    assert_int_equal(offset, 9); /* low byte agrees (0x00), the next differs */
    assert_int_equal(blkpattern_check_sector(sector, 0x200, 8, 1, &offset), BLKPATTERN_WRONG_SEED);
    assert_int_equal(offset, 16);
    assert_int_equal(blkpattern_check_sector(sector, 0x200, 7, 2, &offset),
                     BLKPATTERN_WRONG_GENERATION);
    assert_int_equal(offset, 24);

    memset(sector, 0, sizeof(sector));
    assert_int_equal(blkpattern_check_sector(sector, 0x200, 7, 1, &offset), BLKPATTERN_BAD_MAGIC);
    assert_int_equal(offset, 0);
}

static void test_multi_sector_block(void **state)
{
    (void)state;
    enum { SECTORS = 8 };
    uint8_t *block = malloc(SECTORS * 512);
    uint8_t single[512];
    struct blkpattern_mismatch mismatch = { 0 };

    assert_non_null(block);
    blkpattern_fill(block, SECTORS, 96, 1, 1);
    for (int i = 0; i < SECTORS; i++) {
        blkpattern_fill_sector(single, 96 + (uint64_t)i, 1, 1);
        assert_memory_equal(block + 512 * i, single, 512);
    }
    assert_int_equal(blkpattern_check(block, SECTORS, 96, 1, 1, &mismatch), BLKPATTERN_OK);

    block[5 * 512 + 300] ^= 1;
    block[6 * 512 + 10] ^= 1;
    assert_int_equal(blkpattern_check(block, SECTORS, 96, 1, 1, &mismatch), BLKPATTERN_DATA_MISMATCH);
    assert_int_equal(mismatch.reason, BLKPATTERN_DATA_MISMATCH);
    assert_int_equal(mismatch.lba, 101);
    assert_int_equal(mismatch.offset, 300);
    free(block);
}

static void test_result_names(void **state)
{
    (void)state;
    assert_string_equal(blkpattern_result_name(BLKPATTERN_OK), "ok");
    assert_string_equal(blkpattern_result_name(BLKPATTERN_BAD_MAGIC), "bad magic");
    assert_string_equal(blkpattern_result_name(BLKPATTERN_WRONG_LBA), "wrong lba");
    assert_string_equal(blkpattern_result_name(BLKPATTERN_WRONG_SEED), "wrong seed");
    assert_string_equal(blkpattern_result_name(BLKPATTERN_WRONG_GENERATION), "wrong generation");
    assert_string_equal(blkpattern_result_name(BLKPATTERN_DATA_MISMATCH), "data mismatch");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_layout),
        cmocka_unit_test(test_first_outputs_known_answers),
        cmocka_unit_test(test_zero_state_becomes_one),
        cmocka_unit_test(test_golden_sector_digests),
        cmocka_unit_test(test_fresh_sector_checks_ok),
        cmocka_unit_test(test_every_single_byte_corruption),
        cmocka_unit_test(test_valid_sector_in_wrong_place),
        cmocka_unit_test(test_multi_sector_block),
        cmocka_unit_test(test_result_names),
    };

    return cmocka_run_group_tests_name("blkpattern", tests, NULL, NULL);
}
