/* Host tests for the Ed25519 verifier: RFC 8032 7.1's vectors verify, every
 * single bit flip of key, signature or message is refused, and each of the
 * RFC's decoding checks refuses with its own result (non-canonical y, x = 0
 * with the sign bit, no square root, S >= L). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/ed25519.h>

#include "vectors.h"

/* L, little-endian. */
static const char order_hex[] = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

struct triple {
    uint8_t key[32], sig[64], msg[64];
    size_t msg_len;
};

static void load(struct triple *t, const struct ed25519_vector *v)
{
    assert_int_equal(test_from_hex(v->public_key, t->key), 32);
    assert_int_equal(test_from_hex(v->signature, t->sig), 64);
    t->msg_len = test_from_hex(v->message, t->msg);
}

static enum ed25519_result verify(const struct triple *t)
{
    return ed25519_verify(t->sig, t->msg, t->msg_len, t->key);
}

static void test_rfc8032_vectors_verify(void **state)
{
    (void)state;
    for (size_t i = 0; i < RFC8032_VECTOR_COUNT; i++) {
        struct triple t;
        load(&t, &rfc8032_vectors[i]);
        assert_int_equal(verify(&t), ED25519_OK);
    }
}

static void test_every_bit_flip_is_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < RFC8032_VECTOR_COUNT; i++) {
        struct triple t;
        load(&t, &rfc8032_vectors[i]);
        uint8_t *fields[] = { t.key, t.sig, t.msg };
        size_t sizes[] = { sizeof t.key, sizeof t.sig, t.msg_len };
        for (int f = 0; f < 3; f++) {
            for (size_t bit = 0; bit < 8 * sizes[f]; bit++) {
                fields[f][bit / 8] ^= (uint8_t)(1u << (bit % 8));
                assert_int_not_equal(verify(&t), ED25519_OK);
                fields[f][bit / 8] ^= (uint8_t)(1u << (bit % 8));
            }
        }
        assert_int_equal(verify(&t), ED25519_OK);
    }
}

static void test_s_at_or_above_order_is_refused(void **state)
{
    (void)state;
    struct triple t;
    load(&t, &rfc8032_vectors[2]);
    uint8_t order[32];
    test_from_hex(order_hex, order);
    /* S + L names the same scalar; only the range check can refuse it. */
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        unsigned sum = t.sig[32 + i] + order[i] + carry;
        t.sig[32 + i] = (uint8_t)sum;
        carry = sum >> 8;
    }
    assert_int_equal(carry, 0);
    assert_int_equal(verify(&t), ED25519_S_OUT_OF_RANGE);
    memcpy(t.sig + 32, order, 32);
    assert_int_equal(verify(&t), ED25519_S_OUT_OF_RANGE);
    memset(t.sig + 32, 0xff, 32);
    assert_int_equal(verify(&t), ED25519_S_OUT_OF_RANGE);
}

/* Encodings RFC 8032 5.1.3 refuses: y = p and y = p + 1 (0 and 1, both
 * with an x, written non-canonically), x = 0 with the sign bit set, and
 * y = 2, whose x^2 has no square root. */
static const char *const bad_points[] = {
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0100000000000000000000000000000000000000000000000000000000000080",
    "0200000000000000000000000000000000000000000000000000000000000000",
};

static void test_bad_point_encodings_are_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_points / sizeof bad_points[0]; i++) {
        struct triple t;
        load(&t, &rfc8032_vectors[0]);
        test_from_hex(bad_points[i], t.key);
        assert_int_equal(verify(&t), ED25519_BAD_PUBLIC_KEY);
        load(&t, &rfc8032_vectors[0]);
        test_from_hex(bad_points[i], t.sig);
        assert_int_equal(verify(&t), ED25519_BAD_R);
    }
}

/* The canonical forms of the first two points decode: the checks above
 * refuse the encodings, not the points. (0, 1) is the identity, a valid
 * public key encoding that verifies nothing here. */
static void test_canonical_small_points_decode(void **state)
{
    (void)state;
    struct triple t;
    load(&t, &rfc8032_vectors[0]);
    test_from_hex("0100000000000000000000000000000000000000000000000000000000000000", t.key);
    assert_int_equal(verify(&t), ED25519_MISMATCH);
    test_from_hex("0000000000000000000000000000000000000000000000000000000000000000", t.key);
    assert_int_equal(verify(&t), ED25519_MISMATCH);
}

static void test_result_texts(void **state)
{
    (void)state;
    for (int r = ED25519_OK; r <= ED25519_MISMATCH; r++)
        assert_true(strlen(ed25519_result_text((enum ed25519_result)r)) > 0);
    assert_string_equal(ed25519_result_text(ED25519_MISMATCH), "signature does not match");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8032_vectors_verify),
        cmocka_unit_test(test_every_bit_flip_is_refused),
        cmocka_unit_test(test_s_at_or_above_order_is_refused),
        cmocka_unit_test(test_bad_point_encodings_are_refused),
        cmocka_unit_test(test_canonical_small_points_decode),
        cmocka_unit_test(test_result_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
