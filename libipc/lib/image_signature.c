/* Finds and checks the signature trailer of an image (layout in
 * mica/image_signature.h). Every field is checked before it is used; the
 * signature itself is checked by the caller, who knows which keys to trust. */
#include <mica/abi/errno.h>
#include <mica/image_signature.h>
#include <mica/sha256.h>

#define KEY_OFFSET 0
#define SIGNATURE_OFFSET 32
#define PAYLOAD_SIZE_OFFSET 96
#define VERSION_OFFSET 104
#define TRAILER_SIZE_OFFSET 108
#define MAGIC_OFFSET 112

static uint64_t load_le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    while (bytes-- > 0)
        v = v << 8 | p[bytes];
    return v;
}

int image_signature_find(const uint8_t *image, size_t size, struct image_signature *sig)
{
    if (size < IMAGE_SIGNATURE_TRAILER_SIZE)
        return -MICA_ENOENT;
    const uint8_t *t = image + size - IMAGE_SIGNATURE_TRAILER_SIZE;
    static const char magic[] = IMAGE_SIGNATURE_MAGIC;
    _Static_assert(sizeof magic - 1 == IMAGE_SIGNATURE_MAGIC_SIZE, "magic size");
    for (int i = 0; i < IMAGE_SIGNATURE_MAGIC_SIZE; i++) {
        if (t[MAGIC_OFFSET + i] != (uint8_t)magic[i])
            return -MICA_ENOENT;
    }
    if (load_le(t + VERSION_OFFSET, 4) != IMAGE_SIGNATURE_VERSION ||
        load_le(t + TRAILER_SIZE_OFFSET, 4) != IMAGE_SIGNATURE_TRAILER_SIZE ||
        load_le(t + PAYLOAD_SIZE_OFFSET, 8) != size - IMAGE_SIGNATURE_TRAILER_SIZE)
        return -MICA_EBADMSG;
    sig->public_key = t + KEY_OFFSET;
    sig->signature = t + SIGNATURE_OFFSET;
    sig->payload_size = size - IMAGE_SIGNATURE_TRAILER_SIZE;
    return 0;
}

void image_key_id(const uint8_t public_key[ED25519_PUBLIC_KEY_SIZE],
                  char hex[IMAGE_KEY_ID_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256(public_key, ED25519_PUBLIC_KEY_SIZE, digest);
    for (int i = 0; i < IMAGE_KEY_ID_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[2 * IMAGE_KEY_ID_SIZE] = 0;
}
