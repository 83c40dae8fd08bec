/* blktest: runs two ramdisks (read-write ram0, read-only ram1) in server
 * threads of this process, then every test in `tests` from the main thread,
 * logging `blktest|info: <test> ok` or an error for each, and the verdict. */
#include <stdint.h>

#include <mica/cap.h>
#include <mica/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "blktest.h"

MICA_PROGRAM("blktest");

const char *blktest_current = "setup";

static struct ramdisk rw_disk, ro_disk;

static const struct {
    const char *name;
    int (*run)(struct blktest *t);
} tests[] = {
    { "fstat", test_fstat },
    { "open_errors", test_open_errors },
    { "handle_table_full", test_handle_table_full },
    { "stale_handle", test_stale_handle },
    { "handle_lifetimes", test_handle_lifetimes },
    { "message_path", test_message_path },
    { "buffer_path", test_buffer_path },
    { "ring_path", test_ring_path },
    { "invalid_message", test_invalid_message },
    { "invalid_buffer", test_invalid_buffer },
    { "invalid_ring", test_invalid_ring },
    { "read_only", test_read_only },
    { "ring_full", test_ring_full },
    { "out_of_order", test_out_of_order },
    { "two_clients", test_two_clients },
};
#define TEST_COUNT (sizeof tests / sizeof tests[0])

static void serve_thread(uintptr_t arg)
{
    struct ramdisk *rd = (struct ramdisk *)arg;
    int r = ramdisk_serve(rd, ipc_buffer());
    ipc_log_error("%s: serving ended: %s", rd->name, mica_errno_name(r));
}

/* The disk is set up here, in the main thread: the slot allocator and the
 * address reservations are not shared safely between running threads. */
static long start_disk(struct ramdisk *rd, const struct ramdisk_config *config)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    if (ep < 0)
        return ep;
    int r = ramdisk_init(rd, config, ep);
    if (r < 0)
        return r;
    long thread = ipc_thread_spawn(serve_thread, (uintptr_t)rd, BLKTEST_HELPER_PRIORITY,
                                   MICA_CHILD_SLOT_PARENT, BLKTEST_STACK_PAGES);
    if (thread < 0)
        return thread;
    r = ramdisk_bind(rd, thread);
    return r < 0 ? r : ep;
}

int mica_main(uintptr_t arg)
{
    (void)arg;
    struct blktest t;
    t.rw_ep = start_disk(&rw_disk, &(struct ramdisk_config){ "ram0", BLKTEST_RW_BYTES, false });
    t.ro_ep = start_disk(&ro_disk, &(struct ramdisk_config){ "ram1", BLKTEST_RO_BYTES, true });
    if (t.rw_ep < 0 || t.ro_ep < 0) {
        long err = t.rw_ep < 0 ? t.rw_ep : t.ro_ep;
        ipc_log_result("FAIL setup: %s", mica_errno_name((int)err));
        return 1;
    }
    unsigned failed = 0;
    for (unsigned i = 0; i < TEST_COUNT; i++) {
        blktest_current = tests[i].name;
        if (tests[i].run(&t) == 0)
            ipc_log_info("%s ok", tests[i].name);
        else
            failed++;
    }
    if (failed) {
        ipc_log_result("FAIL %u of %u tests", failed, (unsigned)TEST_COUNT);
        return 1;
    }
    ipc_log_result("PASS %u tests", (unsigned)TEST_COUNT);
    return 0;
}
