/* SHA-256 (FIPS 180-4), streaming and one-shot, freestanding. init uses it to
 * refuse server images whose digest differs from the build's manifest; host
 * tools use the same code so both sides agree byte for byte. */

#ifndef MICA_SHA256_H
#define MICA_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64
/* Lower-case hex digits plus the terminating NUL. */
#define SHA256_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)

struct sha256_ctx {
    uint32_t state[8];
    uint64_t total_bytes;
    uint8_t pending[SHA256_BLOCK_SIZE];
    size_t pending_bytes; /* always < SHA256_BLOCK_SIZE between calls */
};

void sha256_init(struct sha256_ctx *ctx);
/* Any chunking of the same bytes gives the same digest. */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes ctx; call sha256_init before reusing it. */
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

/* Lower-case hex, NUL-terminated. */
void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[SHA256_HEX_SIZE]);
/* Parses exactly 64 hex digits (either case) followed by NUL; returns 0 or
 * -MICA_EINVAL, leaving digest unspecified on failure. */
int sha256_from_hex(const char *hex, uint8_t digest[SHA256_DIGEST_SIZE]);
/* Compares in time independent of where the digests differ. */
bool sha256_equal(const uint8_t a[SHA256_DIGEST_SIZE], const uint8_t b[SHA256_DIGEST_SIZE]);

#endif
