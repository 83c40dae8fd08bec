/* The SHA-512 block function for any RV64IMAC hart. */
#define SHA512_BLOCK_FUNCTION sha512_block_plain
#include "sha512_block_body.h"
