/* Ed25519 signature verification (RFC 8032 5.1.7), freestanding: init checks
 * server images with it, host tools with the same code. Verification only;
 * signing happens on the build host (OpenSSL). */
#ifndef MICA_ED25519_H
#define MICA_ED25519_H

#include <stddef.h>
#include <stdint.h>

#define ED25519_PUBLIC_KEY_SIZE 32
#define ED25519_SIGNATURE_SIZE 64

/* Why a signature was refused; ED25519_OK (0) if it verifies. */
enum ed25519_result {
    ED25519_OK = 0,
    ED25519_BAD_PUBLIC_KEY,  /* A does not decode to a curve point */
    ED25519_BAD_R,           /* R does not decode to a curve point */
    ED25519_S_OUT_OF_RANGE,  /* S >= L */
    ED25519_MISMATCH,        /* [S]B != R + [k]A */
};

enum ed25519_result ed25519_verify(const uint8_t signature[ED25519_SIGNATURE_SIZE],
                                   const void *message, size_t message_len,
                                   const uint8_t public_key[ED25519_PUBLIC_KEY_SIZE]);

/* A public key decoded and expanded once, for a key that checks many
 * signatures (init's trusted keys): ed25519_verify_prepared then skips the
 * decoding and needs a quarter of the point doublings. The table is the
 * verifier's (odd multiples of [2^(64 j)](-A), libipc/ed25519/scalarmult.c);
 * about 5 KiB. */
#define ED25519_PREPARED_TABLE_WORDS 640
struct ed25519_prepared_key {
    uint8_t public_key[ED25519_PUBLIC_KEY_SIZE];
    uint64_t table[ED25519_PREPARED_TABLE_WORDS];
};

/* ED25519_OK, or ED25519_BAD_PUBLIC_KEY if public_key is not a curve
 * point's encoding (RFC 8032 5.1.3). */
enum ed25519_result ed25519_prepare_key(struct ed25519_prepared_key *key,
                                        const uint8_t public_key[ED25519_PUBLIC_KEY_SIZE]);
/* ed25519_verify by a prepared key: the same checks and results. */
enum ed25519_result ed25519_verify_prepared(const uint8_t signature[ED25519_SIGNATURE_SIZE],
                                            const void *message, size_t message_len,
                                            const struct ed25519_prepared_key *key);

/* A short phrase for a result ("signature does not match", ...). */
const char *ed25519_result_text(enum ed25519_result r);

#endif
