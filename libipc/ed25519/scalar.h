/* Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493,
 * as 32 little-endian bytes (RFC 8032's encoding of S and of the reduced hash). */
#ifndef MICA_ED25519_SCALAR_H
#define MICA_ED25519_SCALAR_H

#include <stdbool.h>
#include <stdint.h>

/* True if s encodes a number below L (RFC 8032 5.1.7 refuses S >= L). */
bool sc_is_canonical(const uint8_t s[32]);
/* out = the 512-bit little-endian number in mod L. */
void sc_reduce64(uint8_t out[32], const uint8_t in[64]);

#endif
