/* TLS blocks from the linker script's template symbols (user.ld.S). */
#include "tls.h"

#include <stdint.h>
#include <string.h>

extern char __tdata_start[], __tdata_end[], __tbss_end[], __main_tls_block[];

size_t tls_block_size(void)
{
    return (size_t)(__tbss_end - __tdata_start);
}

void *tls_main_block(void)
{
    return __main_tls_block;
}

void tls_install(void *block)
{
    size_t initialised = (size_t)(__tdata_end - __tdata_start);
    memcpy(block, __tdata_start, initialised);
    memset((char *)block + initialised, 0, tls_block_size() - initialised);
    /* From here on every __thread access in this thread uses the new block. */
    __asm__ volatile("mv tp, %0" : : "r"(block) : "memory");
}
