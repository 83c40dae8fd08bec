/* The SHA-512 block function for harts with Zbb: its build rule adds Zbb to
 * -march (libipc/ed25519/build.mk), so nothing else may live here. */
#define SHA512_BLOCK_FUNCTION sha512_block_zbb
#include "sha512_block_body.h"
