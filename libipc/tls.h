/* Thread-local storage blocks: each thread's tp points at its own copy of
 * the program's TLS template (RISC-V local-exec: offsets from the block start). */
#ifndef LIBIPC_TLS_H
#define LIBIPC_TLS_H
#include <stddef.h>

size_t tls_block_size(void);
/* Copies the template into block (tls_block_size() bytes, TLS_BLOCK_ALIGN
 * aligned) and makes it the calling thread's TLS. */
void tls_install(void *block);
/* The block of the main thread, reserved by the linker script. */
void *tls_main_block(void);

#define TLS_BLOCK_ALIGN 64u

#endif
