/* The SHA-512 block function's variants (sha512_block_body.h) and what
 * they share with sha512.c. */
#ifndef SHA512_BLOCK_H
#define SHA512_BLOCK_H

#include <stdint.h>

typedef void sha512_block_fn(void *state, const uint8_t *block);

/* FIPS 180-4 4.2.3, defined in sha512.c. */
extern const uint64_t sha512_round_constants[80];

/* RV64IMAC: runs on every hart. */
sha512_block_fn sha512_block_plain;
/* RV64IMAC with Zbb; on the host, where no RISC-V flags apply, the same
 * code as the plain one. Called only after the kernel said every hart has
 * Zbb. */
sha512_block_fn sha512_block_zbb;

#endif
