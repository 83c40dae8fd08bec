/* Host tests for the image signature trailer parser: a trailer built here
 * around RFC 8032's TEST 3 (its message as the payload) is found and its
 * signature verifies; short images and a wrong magic are unsigned; a wrong
 * version, trailer size or payload size is malformed; the key id is the
 * key's SHA-256 prefix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/errno.h>
#include <mica/image_signature.h>
#include <mica/sha256.h>

#include "../../ed25519/tests/vectors.h"

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

/* payload || key || signature || payload size || version || size || magic */
static size_t build_image(uint8_t *image)
{
    const struct ed25519_vector *v = &rfc8032_vectors[2];
    size_t n = test_from_hex(v->message, image);
    uint8_t *t = image + n;
    test_from_hex(v->public_key, t);
    test_from_hex(v->signature, t + 32);
    put_le(t + 96, n, 8);
    put_le(t + 104, IMAGE_SIGNATURE_VERSION, 4);
    put_le(t + 108, IMAGE_SIGNATURE_TRAILER_SIZE, 4);
    memcpy(t + 112, IMAGE_SIGNATURE_MAGIC, IMAGE_SIGNATURE_MAGIC_SIZE);
    return n + IMAGE_SIGNATURE_TRAILER_SIZE;
}

static void test_trailer_is_found_and_verifies(void **state)
{
    (void)state;
    uint8_t image[256];
    size_t size = build_image(image);
    struct image_signature sig;
    assert_int_equal(image_signature_find(image, size, &sig), 0);
    assert_int_equal(sig.payload_size, 2);
    assert_ptr_equal(sig.public_key, image + 2);
    assert_ptr_equal(sig.signature, image + 2 + 32);
    assert_int_equal(ed25519_verify(sig.signature, image, sig.payload_size, sig.public_key),
                     ED25519_OK);
}

static void test_unsigned_images(void **state)
{
    (void)state;
    uint8_t image[256];
    size_t size = build_image(image);
    struct image_signature sig;
    assert_int_equal(image_signature_find(image, 0, &sig), -MICA_ENOENT);
    assert_int_equal(image_signature_find(image, IMAGE_SIGNATURE_TRAILER_SIZE - 1, &sig),
                     -MICA_ENOENT);
    /* One byte short of the end: the magic is not where it must be. */
    assert_int_equal(image_signature_find(image, size - 1, &sig), -MICA_ENOENT);
    image[size - 1] ^= 1;
    assert_int_equal(image_signature_find(image, size, &sig), -MICA_ENOENT);
}

static void test_malformed_fields(void **state)
{
    (void)state;
    static const size_t offsets[] = { 96, 104, 108 };
    for (size_t i = 0; i < 3; i++) {
        uint8_t image[256];
        size_t size = build_image(image);
        struct image_signature sig;
        image[2 + offsets[i]] ^= 1;
        assert_int_equal(image_signature_find(image, size, &sig), -MICA_EBADMSG);
    }
    /* A trailer alone claims a payload of 2 bytes that is not there. */
    uint8_t image[256];
    size_t size = build_image(image);
    struct image_signature sig;
    assert_int_equal(image_signature_find(image + 2, size - 2, &sig), -MICA_EBADMSG);
}

static void test_key_id_is_sha256_prefix(void **state)
{
    (void)state;
    uint8_t key[32], digest[SHA256_DIGEST_SIZE];
    test_from_hex(rfc8032_vectors[0].public_key, key);
    sha256(key, sizeof key, digest);
    char want[SHA256_HEX_SIZE], got[IMAGE_KEY_ID_HEX_SIZE];
    sha256_to_hex(digest, want);
    image_key_id(key, got);
    assert_int_equal(strlen(got), 16);
    assert_memory_equal(got, want, 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trailer_is_found_and_verifies),
        cmocka_unit_test(test_unsigned_images),
        cmocka_unit_test(test_malformed_fields),
        cmocka_unit_test(test_key_id_is_sha256_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
