/* Which images init accepts: those whose signature trailer
 * (mica/image_signature.h) carries a valid Ed25519 signature by one of the
 * trusted keys, which the initrd holds as etc/keys/<name>.pub (32 raw bytes
 * each). Pure code: the keys are handed in, the image is only read. */
#ifndef INIT_TRUST_H
#define INIT_TRUST_H
#include <stddef.h>
#include <stdint.h>

#include <mica/ed25519.h>

#define TRUST_KEYS_DIR "etc/keys/"
#define TRUST_KEY_SUFFIX ".pub"
#define TRUST_MAX_KEYS 8

/* Each key is decoded and expanded when it is added (about 5 KiB each), so
 * that checking an image costs only the signature's own work. */
struct trust_store {
    struct ed25519_prepared_key keys[TRUST_MAX_KEYS];
    unsigned count;
};

/* True for an initrd path that names a trusted key file. */
int trust_is_key_path(const char *path);
/* Adds a key file's contents; 0, or -1 with why (a static phrase) set when
 * it is not 32 bytes, not a curve point's encoding, or the store is full. */
int trust_add_key(struct trust_store *store, const uint8_t *data, size_t size, const char **why);
/* True if key (ED25519_PUBLIC_KEY_SIZE bytes) is one of the store's. */
int trust_has_key(const struct trust_store *store, const uint8_t *key);

/* 0 and *payload_size (the signed bytes, the image the loader reads) when
 * the image is signed by a trusted key; -1 with a one-line reason in
 * why[why_size] otherwise ("unsigned: no signature trailer", "signed by
 * unknown key 0123456789abcdef", ...). */
int trust_check_image(const struct trust_store *store, const uint8_t *image, size_t size,
                      size_t *payload_size, char *why, size_t why_size);

#endif
