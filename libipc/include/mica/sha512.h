/* SHA-512 (FIPS 180-4), streaming and one-shot, freestanding: the hash
 * Ed25519 (RFC 8032) is defined over. Host tools and init share this code. */

#ifndef MICA_SHA512_H
#define MICA_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_SIZE 64
#define SHA512_BLOCK_SIZE 128

struct sha512_ctx {
    uint64_t state[8];
    uint64_t total_bytes; /* images are far below 2^61 bytes */
    uint8_t pending[SHA512_BLOCK_SIZE];
    size_t pending_bytes; /* always < SHA512_BLOCK_SIZE between calls */
};

void sha512_init(struct sha512_ctx *ctx);
/* Any chunking of the same bytes gives the same digest. */
void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes ctx; call sha512_init before reusing it. */
void sha512_final(struct sha512_ctx *ctx, uint8_t digest[SHA512_DIGEST_SIZE]);
void sha512(const void *data, size_t len, uint8_t digest[SHA512_DIGEST_SIZE]);

/* Chooses the block function for hashes started from now on by the
 * MICA_ISA_EXTENSION() bits (mica/abi/isa_extensions.h) every hart that
 * runs the caller has: with Zbb, the variant whose rotations and byte swap
 * are one instruction each. Until called, the plain RV64IMAC one. A
 * program calls it once, before it hashes, with what the kernel reports
 * (ipc_isa_extensions()); never with bits a hart lacks. */
void sha512_use_isa_extensions(uint64_t extensions);
/* "zbb" or "plain": the variant in use. */
const char *sha512_block_variant(void);

#endif
