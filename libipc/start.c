/* The C side of _start: a clean bss, the main thread's TLS and IPC buffer,
 * then the program. */
#include <stdint.h>
#include <string.h>

#include <mica/ipc.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "tls.h"

__thread struct mica_ipc_buffer *ipc_tls_buffer;

extern char __bss_start[], __bss_end[];

__attribute__((noreturn)) void mica_runtime_start(uintptr_t arg);

void mica_runtime_start(uintptr_t arg)
{
    /* The loader zeroes bss too; doing it here keeps a loader bug from
     * turning into stale data. */
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    tls_install(tls_main_block());
    ipc_tls_buffer = (struct mica_ipc_buffer *)MICA_PROC_IPC_BUFFER_VADDR;
    mica_exit(mica_main(arg));
}
