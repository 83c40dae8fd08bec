/* The acceptance check for images: a valid signature by a trusted key. */
#include "trust.h"

#include <stdio.h>
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/image_signature.h>

int trust_is_key_path(const char *path)
{
    if (strncmp(path, "./", 2) == 0)
        path += 2;
    size_t len = strlen(path), dir = sizeof TRUST_KEYS_DIR - 1, suffix = sizeof TRUST_KEY_SUFFIX - 1;
    return len > dir + suffix && strncmp(path, TRUST_KEYS_DIR, dir) == 0 &&
           strchr(path + dir, '/') == NULL && strcmp(path + len - suffix, TRUST_KEY_SUFFIX) == 0;
}

int trust_add_key(struct trust_store *store, const uint8_t *data, size_t size, const char **why)
{
    if (size != ED25519_PUBLIC_KEY_SIZE) {
        *why = "not a raw 32-byte Ed25519 public key";
        return -1;
    }
    if (store->count == TRUST_MAX_KEYS) {
        *why = "too many trusted keys";
        return -1;
    }
    if (ed25519_prepare_key(&store->keys[store->count], data) != ED25519_OK) {
        *why = "not an Ed25519 public key: not a curve point";
        return -1;
    }
    store->count++;
    return 0;
}

static const struct ed25519_prepared_key *find_key(const struct trust_store *store,
                                                   const uint8_t *key)
{
    for (unsigned i = 0; i < store->count; i++) {
        if (memcmp(store->keys[i].public_key, key, ED25519_PUBLIC_KEY_SIZE) == 0)
            return &store->keys[i];
    }
    return NULL;
}

int trust_has_key(const struct trust_store *store, const uint8_t *key)
{
    return find_key(store, key) != NULL;
}

int trust_check_image(const struct trust_store *store, const uint8_t *image, size_t size,
                      size_t *payload_size, char *why, size_t why_size)
{
    struct image_signature sig;
    int r = image_signature_find(image, size, &sig);
    if (r < 0) {
        snprintf(why, why_size, "%s",
                 r == -MICA_ENOENT ? "unsigned: no signature trailer"
                                   : "malformed signature trailer");
        return -1;
    }
    char id[IMAGE_KEY_ID_HEX_SIZE];
    image_key_id(sig.public_key, id);
    const struct ed25519_prepared_key *key = find_key(store, sig.public_key);
    if (key == NULL) {
        snprintf(why, why_size, "signed by unknown key %s", id);
        return -1;
    }
    enum ed25519_result v = ed25519_verify_prepared(sig.signature, image, sig.payload_size, key);
    if (v != ED25519_OK) {
        snprintf(why, why_size, "bad signature by key %s: %s", id, ed25519_result_text(v));
        return -1;
    }
    *payload_size = sig.payload_size;
    return 0;
}
