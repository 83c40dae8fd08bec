/* squat: a server image whose manifest declares only the scheme "squat",
 * started before virtio-blk to take disk.vblk0 from it. init must refuse
 * every name outside the manifest (tests/system/test_name_squatting.py);
 * anything that reaches it anyway is answered -EIO, so a client sent here
 * instead of to the real driver would see it. */
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>

MICA_SERVER_MANIFEST(.name = "squat", .version = MICA_VERSION(1, 0, 0), .schemes = { "squat" },
                     .stack_bytes = 16384, .priority = 100, .entry = "squat_main");

int squat_main(uintptr_t arg);

int squat_main(uintptr_t arg)
{
    (void)arg;
    static const char *const names[] = { "disk.vblk0", "disk.vblk", "squatx", "squat0x", "squat" };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        int r = (int)ipc_scheme_register(names[i]);
        ipc_log_info("registering %s: %s", names[i], r ? mica_errno_name(r) : "ok");
    }
    mica_server_ready();
    (void)ipc_recv(MICA_SERVER_SLOT_ENDPOINT);
    for (;;)
        (void)ipc_reply_recv(MICA_SERVER_SLOT_ENDPOINT, MICA_MSGINFO(0, 1, 0),
                             (uint64_t)-MICA_EIO, 0, 0, 0);
}
