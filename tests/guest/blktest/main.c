/* blktest: the block protocol's conformance tests. A command line names
 * the target, any block device by scheme and path: "disk.vblk0:p1", and
 * optionally a read-only one ("disk.vblk0:p1 disk.vblk1:"); without one,
 * arg 0 runs two ramdisks (read-write ram0, read-only ram1) in server
 * threads of this process and other args select compiled-in pairs of a
 * separate server's read-write and read-only schemes (targets.c). Every
 * test in `tests` runs from the main thread, logging
 * `blktest|info: <test> ok`, an error, or why it does not apply to the
 * target; then the verdict. */
#include <stdint.h>
#include <string.h>

#include <mica/args.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>
#include <mica/scheme.h>

#include "blktest.h"

MICA_PROGRAM("blktest");

const char *blktest_current = "setup";

static struct ramdisk rw_disk, ro_disk;

static const struct {
    const char *name;
    int (*run)(struct blktest *t);
    unsigned paths; /* every one of them needed */
} tests[] = {
    { "fstat", test_fstat, BLKTEST_PATH_MESSAGE },
    { "fstat_read_only", test_fstat_read_only, BLKTEST_PATH_MESSAGE | BLKTEST_NEEDS_READ_ONLY },
    { "open_errors", test_open_errors, BLKTEST_PATH_MESSAGE },
    /* Before message_path, which leaves its pattern in block 0. */
    { "partitions", test_partitions, BLKTEST_PATH_MESSAGE | BLKTEST_NEEDS_WHOLE_DISK },
    { "register_once", test_register_once, BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "handle_table_full", test_handle_table_full, BLKTEST_PATH_MESSAGE },
    { "stale_handle", test_stale_handle, BLKTEST_PATH_MESSAGE },
    { "handle_lifetimes", test_handle_lifetimes, BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "message_path", test_message_path, BLKTEST_PATH_MESSAGE },
    { "buffer_path", test_buffer_path, BLKTEST_PATH_BUFFER },
    { "simple_calls", test_simple_calls, BLKTEST_PATH_MESSAGE | BLKTEST_PATH_BUFFER },
    { "window_path", test_window_path, BLKTEST_PATH_MESSAGE },
    { "ring_path", test_ring_path, BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "invalid_message", test_invalid_message, BLKTEST_PATH_MESSAGE },
    { "invalid_buffer", test_invalid_buffer, BLKTEST_PATH_BUFFER },
    { "invalid_ring", test_invalid_ring, BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "read_only", test_read_only, BLKTEST_PATH_MESSAGE | BLKTEST_NEEDS_READ_ONLY },
    { "read_only_paths", test_read_only_paths,
      BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING | BLKTEST_NEEDS_READ_ONLY },
    { "ring_full", test_ring_full, BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "out_of_order", test_out_of_order, BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "ring_enter", test_ring_enter, BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "two_clients", test_two_clients, BLKTEST_PATH_MESSAGE },
    { "ring_workers", test_ring_workers, BLKTEST_PATH_MESSAGE | BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
    { "simple_waits", test_simple_waits, BLKTEST_PATH_MESSAGE | BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING },
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
    if (r < 0)
        return r;
    /* Clients open through a door, as init's name service hands out. */
    long door = ipc_slot_alloc();
    if (door < 0)
        return door;
    long minted = mica_sys_cap_mint(0, door, ep, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT,
                                    (long)MICA_SCHEME_DOOR_BADGE);
    return minted < 0 ? minted : door;
}

static int start_in_process(struct blktest *t)
{
    t->rw_ep = start_disk(&rw_disk, &(struct ramdisk_config){ .name = "ram0", .size_bytes = BLKTEST_RW_BYTES,
                                                            .ring_workers = true,
                                                            .worker_priority = BLKTEST_HELPER_PRIORITY });
    t->ro_ep = start_disk(&ro_disk, &(struct ramdisk_config){ .name = "ram1", .size_bytes = BLKTEST_RO_BYTES,
                                                            .read_only = true });
    if (t->rw_ep < 0 || t->ro_ep < 0) {
        long err = t->rw_ep < 0 ? t->rw_ep : t->ro_ep;
        ipc_log_error("setup: %s", mica_errno_name((int)err));
        return -1;
    }
    t->rw_blocks = BLKTEST_RW_BLOCKS;
    t->ro_bytes = BLKTEST_RO_BYTES;
    t->max_transfer = RAMDISK_MAX_TRANSFER;
    t->queue_depth = RAMDISK_QUEUE_DEPTH;
    t->flush_flag = t->target->flush_flag;
    return 0;
}

/* The target's paths, and whether it has a read-only disk and a whole
 * read-write disk. */
static unsigned served(const struct blktest *t)
{
    const char *rw = t->target->rw_scheme;
    bool whole = blktest_in_process(t) || rw[strlen(rw) - 1] == ':';
    bool read_only = blktest_in_process(t) || t->target->ro_scheme;
    return t->target->paths | (read_only ? BLKTEST_NEEDS_READ_ONLY : 0u) |
           (whole ? BLKTEST_NEEDS_WHOLE_DISK : 0u);
}

static const char *missing_path(unsigned paths)
{
    if (paths & BLKTEST_NEEDS_READ_ONLY)
        return "no read-only disk named; it is";
    if (paths & BLKTEST_NEEDS_WHOLE_DISK)
        return "a partition, not a whole disk: partition tables are";
    if (paths & BLKTEST_PATH_BUFFER)
        return "the zero-copy path";
    if (paths & BLKTEST_PATH_RING)
        return "the queued path";
    return "the message path";
}

struct tally {
    unsigned run, failed;
};

/* Every test that the target's paths allow, against one target. */
static struct tally run_target(struct blktest *t)
{
    struct tally n = { 0, 0 };
    for (unsigned i = 0; i < TEST_COUNT; i++) {
        blktest_current = tests[i].name;
        unsigned missing = tests[i].paths & ~served(t);
        if (missing) {
            ipc_log_info("%s not run: %s: %s not served", tests[i].name, t->target->label,
                         missing_path(missing));
            continue;
        }
        n.run++;
        if (tests[i].run(t) == 0)
            ipc_log_info("%s ok", tests[i].name);
        else
            n.failed++;
    }
    return n;
}

/* What all targets came to. */
struct totals {
    unsigned run, failed, not_run, targets;
};

/* One target: set up, every test it allows, added to the totals.
 * Negative: setup failed. */
static int run_one(const struct blktest_target *target, struct totals *all)
{
    struct blktest t = { .target = target };
    blktest_current = "setup";
    if ((blktest_in_process(&t) ? start_in_process(&t) : blktest_connect(&t)) < 0) {
        ipc_log_result("FAIL setup of %s", target->label);
        return -1;
    }
    ipc_log_info("target %s: %llu blocks, max transfer %u, queue depth %u", target->label,
                 (unsigned long long)t.rw_blocks, t.max_transfer, t.queue_depth);
    struct tally n = run_target(&t);
    ipc_log_info("%s: %u tests ok, %u failed, %u not run", target->label, n.run - n.failed,
                 n.failed, (unsigned)TEST_COUNT - n.run);
    all->run += n.run;
    all->failed += n.failed;
    all->not_run += (unsigned)TEST_COUNT - n.run;
    all->targets++;
    return 0;
}

/* The command line's target; or by arg: 0 the in-process ramdisks,
 * otherwise bit i selects targets[i + 1], run one after the other
 * (targets.c). */
int mica_main(uintptr_t arg)
{
    struct totals all = { 0, 0, 0, 0 };
    const char *args = mica_args();
    bool by_name = args && args[strspn(args, " ")];
    if (by_name) {
        const struct blktest_target *named = blktest_target_from_args(args);
        if (!named || arg) {
            ipc_log_result("FAIL setup: %s", named ? "targets both by arg and by command line"
                                                   : "the command line names no target");
            return 1;
        }
        if (run_one(named, &all) < 0)
            return 1;
    }
    if (arg >> BLKTEST_TARGET_BITS) {
        ipc_log_result("FAIL setup: arg 0x%llx selects targets that do not exist",
                       (unsigned long long)arg);
        return 1;
    }
    for (unsigned i = 0; !by_name && i <= BLKTEST_TARGET_BITS; i++) {
        if (arg ? i == 0 || !(arg >> (i - 1) & 1u) : i > 0)
            continue;
        if (run_one(blktest_target(i), &all) < 0)
            return 1;
    }
    if (all.failed) {
        ipc_log_result("FAIL %u of %u tests on %u targets", all.failed, all.run, all.targets);
        return 1;
    }
    ipc_log_result("PASS %u tests on %u target%s, %u not run", all.run, all.targets,
                   all.targets == 1 ? "" : "s", all.not_run);
    return 0;
}
