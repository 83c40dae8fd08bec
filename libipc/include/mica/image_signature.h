/* The signature trailer the build appends to every server and runtime image
 * (docs/servers.md, "Signed images"). 128 bytes at the very end of the file,
 * integers little-endian:
 *
 *   offset  size  field
 *        0    32  signer's Ed25519 public key (raw, RFC 8032 encoding)
 *       32    64  Ed25519 signature of the payload: file bytes [0, payload size)
 *       96     8  payload size: file size - 128
 *      104     4  format version, 1
 *      108     4  trailer size, 128
 *      112    16  magic "~Mica signature\n"
 *
 * A key is named by its key id: the first 8 bytes of the SHA-256 of the raw
 * public key, printed as 16 hex digits. The parser is pure code, for init
 * and host tools alike. */
#ifndef MICA_IMAGE_SIGNATURE_H
#define MICA_IMAGE_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#include <mica/ed25519.h>

#define IMAGE_SIGNATURE_TRAILER_SIZE 128
#define IMAGE_SIGNATURE_VERSION 1
#define IMAGE_SIGNATURE_MAGIC "~Mica signature\n"
#define IMAGE_SIGNATURE_MAGIC_SIZE 16
#define IMAGE_KEY_ID_SIZE 8
/* 16 hex digits and NUL. */
#define IMAGE_KEY_ID_HEX_SIZE (2 * IMAGE_KEY_ID_SIZE + 1)

struct image_signature {
    const uint8_t *public_key; /* ED25519_PUBLIC_KEY_SIZE bytes inside the image */
    const uint8_t *signature;  /* ED25519_SIGNATURE_SIZE bytes inside the image */
    size_t payload_size;       /* the signed bytes, from the image's start */
};

/* 0 and *sig filled when the image ends in a well-formed trailer;
 * -MICA_ENOENT when it does not end in the magic (an unsigned image);
 * -MICA_EBADMSG when the magic is there but a field is wrong. */
int image_signature_find(const uint8_t *image, size_t size, struct image_signature *sig);

void image_key_id(const uint8_t public_key[ED25519_PUBLIC_KEY_SIZE],
                  char hex[IMAGE_KEY_ID_HEX_SIZE]);

#endif
