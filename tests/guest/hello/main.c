/* hello: the smallest server image. It exercises the load path end to end:
 * manifest, imports bound to the shared runtime, private runtime data, and
 * an exit status reported through the runtime. */
#include <stdint.h>

#include <mica/log.h>
#include <mica/server_manifest.h>

MICA_SERVER_MANIFEST(.name = "hello", .version = MICA_VERSION(1, 0, 0), .stack_bytes = 16384,
                     .priority = 100, .entry = "hello_main");

int hello_main(uintptr_t arg);

int hello_main(uintptr_t arg)
{
    ipc_log_info("hello from a loaded server (arg %lu)", (unsigned long)arg);
    return 0;
}
