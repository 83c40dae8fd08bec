/* Host tests for init's acceptance check: trusted key files, and each
 * refusal with its line (unsigned, malformed trailer, unknown key, bad
 * signature) next to an accepted image, built around RFC 8032's TEST 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <mica/image_signature.h>

#include "../../../libipc/ed25519/tests/vectors.h"
#include "../trust.h"

static size_t signed_image(uint8_t *image, const struct ed25519_vector *v)
{
    size_t n = test_from_hex(v->message, image);
    uint8_t *t = image + n;
    test_from_hex(v->public_key, t);
    test_from_hex(v->signature, t + 32);
    memset(t + 96, 0, 16);
    t[96] = (uint8_t)n;
    t[104] = IMAGE_SIGNATURE_VERSION;
    t[108] = IMAGE_SIGNATURE_TRAILER_SIZE;
    memcpy(t + 112, IMAGE_SIGNATURE_MAGIC, IMAGE_SIGNATURE_MAGIC_SIZE);
    return n + IMAGE_SIGNATURE_TRAILER_SIZE;
}

static void trust_vector(struct trust_store *store, const struct ed25519_vector *v)
{
    uint8_t key[32];
    const char *why;
    test_from_hex(v->public_key, key);
    assert_int_equal(trust_add_key(store, key, sizeof key, &why), 0);
}

static void test_key_paths(void **state)
{
    (void)state;
    assert_true(trust_is_key_path("etc/keys/build.pub"));
    assert_true(trust_is_key_path("./etc/keys/release.pub"));
    assert_false(trust_is_key_path("etc/keys/.pub"));
    assert_false(trust_is_key_path("etc/keys/build.pem"));
    assert_false(trust_is_key_path("etc/keys/sub/build.pub"));
    assert_false(trust_is_key_path("etc/keys"));
    assert_false(trust_is_key_path("srv/etc/keys/build.pub"));
}

static void test_key_files(void **state)
{
    (void)state;
    struct trust_store store = { 0 };
    uint8_t key[33] = { 0 };
    const char *why = NULL;
    assert_int_equal(trust_add_key(&store, key, 33, &why), -1);
    assert_string_equal(why, "not a raw 32-byte Ed25519 public key");
    for (unsigned i = 0; i < TRUST_MAX_KEYS; i++)
        assert_int_equal(trust_add_key(&store, key, 32, &why), 0);
    assert_int_equal(trust_add_key(&store, key, 32, &why), -1);
    assert_string_equal(why, "too many trusted keys");
}

/* A key file is decoded when it is added: one that is not a curve point
 * (y = 2 has no x) is refused then, not at every image it signs. */
static void test_key_that_is_not_a_point(void **state)
{
    (void)state;
    struct trust_store store = { 0 };
    uint8_t key[32] = { 2 };
    const char *why = NULL;
    assert_int_equal(trust_add_key(&store, key, sizeof key, &why), -1);
    assert_string_equal(why, "not an Ed25519 public key: not a curve point");
    assert_int_equal(store.count, 0);
    assert_false(trust_has_key(&store, key));
}

static void test_refusals_and_acceptance(void **state)
{
    (void)state;
    struct trust_store store = { 0 };
    trust_vector(&store, &rfc8032_vectors[1]);
    uint8_t image[256];
    char why[160];
    size_t payload = 99;

    size_t size = signed_image(image, &rfc8032_vectors[1]);
    assert_int_equal(trust_check_image(&store, image, size, &payload, why, sizeof why), 0);
    assert_int_equal(payload, 1);

    image[0] ^= 0x40; /* the signed byte */
    assert_int_equal(trust_check_image(&store, image, size, &payload, why, sizeof why), -1);
    char id[IMAGE_KEY_ID_HEX_SIZE], want[200];
    image_key_id(image + 1, id);
    snprintf(want, sizeof want, "bad signature by key %s: signature does not match", id);
    assert_string_equal(why, want);

    assert_true(trust_has_key(&store, image + 1));
    size = signed_image(image, &rfc8032_vectors[2]); /* a key the store lacks */
    assert_false(trust_has_key(&store, image + 2));
    assert_int_equal(trust_check_image(&store, image, size, &payload, why, sizeof why), -1);
    image_key_id(image + 2, id);
    snprintf(want, sizeof want, "signed by unknown key %s", id);
    assert_string_equal(why, want);

    assert_int_equal(trust_check_image(&store, image, 2, &payload, why, sizeof why), -1);
    assert_string_equal(why, "unsigned: no signature trailer");

    size = signed_image(image, &rfc8032_vectors[1]);
    image[size - 20] ^= 1; /* the trailer size field */
    assert_int_equal(trust_check_image(&store, image, size, &payload, why, sizeof why), -1);
    assert_string_equal(why, "malformed signature trailer");
    assert_int_equal(payload, 1); /* untouched by refusals */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_paths),
        cmocka_unit_test(test_key_files),
        cmocka_unit_test(test_key_that_is_not_a_point),
        cmocka_unit_test(test_refusals_and_acceptance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
