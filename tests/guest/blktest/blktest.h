/* blktest: the block protocol's conformance tests. They run against two
 * disks, one read-write and one read-only, either ramdisks served by threads
 * of this process (arg 0) or schemes of separate server processes opened by
 * name (targets.c). What the test files share: the disks, the checks, and
 * the verify-pattern helpers. */
#ifndef BLKTEST_H
#define BLKTEST_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client.h>
#include <mica/blkpattern.h>
#include <mica/abi/caps.h>

#include "ramdisk.h"

#define BLKTEST_BLOCK RAMDISK_BLOCK_SIZE
_Static_assert(BLKTEST_BLOCK == BLKPATTERN_SECTOR_SIZE, "one pattern sector per block");

/* The in-process disks' sizes; a server's read-write disk must be at least
 * BLKTEST_RW_BYTES (the tests' block layouts fit in it). */
#define BLKTEST_RW_BYTES (1024u * 1024u)
#define BLKTEST_RW_BLOCKS (BLKTEST_RW_BYTES / BLKTEST_BLOCK)
#define BLKTEST_RO_BYTES (64u * 1024u)
#define BLKTEST_RO_MIN_BYTES (8u * BLKTEST_BLOCK) /* test_read_only reads 8 blocks */
/* Zero-copy buffers: BUFFER_PAGES in BUFFER_FRAMES frames (the server sees
 * their concatenation, so transfers may cross a frame boundary). */
#define BLKTEST_BUFFER_PAGES 16u
#define BLKTEST_BUFFER_FRAMES 2u
#define BLKTEST_BUFFER_BYTES (BLKTEST_BUFFER_PAGES * MICA_PAGE_SIZE)

/* In-process mode: server and helper threads run below the main thread
 * (init's default priority), so while main runs nothing else does: full
 * rings and batch sizes are exact. A separate server gives no such
 * guarantee; the tests say where they check less then. */
#define BLKTEST_HELPER_PRIORITY 50u
#define BLKTEST_STACK_PAGES 8u

/* The data paths a target serves (a test needs some of them). */
#define BLKTEST_PATH_MESSAGE 1u
#define BLKTEST_PATH_BUFFER 2u
#define BLKTEST_PATH_RING 4u
#define BLKTEST_PATHS_ALL (BLKTEST_PATH_MESSAGE | BLKTEST_PATH_BUFFER | BLKTEST_PATH_RING)
/* Not a path: a test that needs the read-only disk, which a target named
 * on the command line may not have. */
#define BLKTEST_NEEDS_READ_ONLY 8u
/* A test that writes a partition table: the read-write target must be a
 * whole disk (path ""), not a partition. */
#define BLKTEST_NEEDS_WHOLE_DISK 16u

/* What a target's fstat must say and what it serves (targets.c). */
struct blktest_target {
    const char *label;           /* for log lines: "in-process ramdisks", "disk.ram0" */
    const char *rw_scheme;       /* "disk.ram0:", or 0: in-process */
    const char *ro_scheme;       /* 0: none (a command-line target without one) */
    const char *model;           /* 0: not known (a command-line target): not compared */
    const char *rw_serial, *ro_serial;
    uint32_t flush_flag;         /* BLK_STAT_FLUSH when the device has a volatile cache */
    unsigned max_handles;        /* the handles one client may hold */
    unsigned paths;
};

struct blktest {
    const struct blktest_target *target;
    long rw_ep; /* the read-write disk's door: minted by us, or the name service's */
    long ro_ep; /* the read-only disk's */
    /* From the read-write disk's fstat. */
    uint64_t rw_blocks;
    uint64_t ro_bytes;
    uint32_t max_transfer;
    uint32_t queue_depth;
    uint32_t flush_flag; /* the target's, or for a command-line target the read-write disk's */
};

/* targets.c: target i (0: in-process; 1..BLKTEST_TARGET_BITS: servers,
 * selected by bit i-1 of init.conf's arg), or 0 if there is none. */
#define BLKTEST_TARGET_BITS 3u
const struct blktest_target *blktest_target(unsigned i);
/* A separate server's disks: waits a bounded time for both names (the
 * read-only one if the target has it), takes their doors and geometry. */
int blktest_connect(struct blktest *t);
/* The target the command line names: "<scheme>:[path] [<read-only
 * scheme>:[path]]", e.g. "disk.vblk0:p1"; 0 (and a log line) if malformed. */
const struct blktest_target *blktest_target_from_args(const char *args);

/* True when the tests run against ramdisk threads of this process. */
static inline bool blktest_in_process(const struct blktest *t)
{
    return t->target->rw_scheme == 0;
}

/* Logs `blktest|error: <test>: <text>` and returns -1. */
int blktest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* got must equal want (both a count or a MICA_E* code); names them if not. */
int blktest_expect(long got, long want, const char *what);
#define EXPECT(got, want, what)                              \
    do {                                                     \
        if (blktest_expect((long)(got), (long)(want), what)) \
            return -1;                                       \
    } while (0)

/* OPEN of the read-write (read_only false) or read-only disk: by name for a
 * separate server, else on the in-process endpoint; path "" = whole disk. */
int blktest_open_path(const struct blktest *t, struct ipc_blk_handle *h, bool read_only_disk,
                      const char *path, unsigned flags);
static inline int blktest_open(const struct blktest *t, struct ipc_blk_handle *h,
                               bool read_only_disk, unsigned flags)
{
    return blktest_open_path(t, h, read_only_disk, "", flags);
}
/* An open read-write handle on the read-write disk with a BLKTEST_BUFFER_BYTES buffer. */
int blktest_open_with_buffer(const struct blktest *t, struct ipc_blk_handle *h);

/* Pattern checks (blkpattern_fill makes the data): `blocks` blocks from device block `lba`. */
int blktest_check(const void *data, uint64_t blocks, uint64_t lba, uint64_t seed,
                  uint64_t generation, const char *what);
/* Writes/reads blocks through the message path, one block per message. */
int blktest_write_blocks(struct ipc_blk_handle *h, uint64_t lba, uint64_t blocks, uint64_t seed,
                         uint64_t generation);
int blktest_verify_blocks(struct ipc_blk_handle *h, uint64_t lba, uint64_t blocks, uint64_t seed,
                          uint64_t generation, const char *what);

/* The tests, one file per theme. */
int test_fstat(struct blktest *t);
int test_fstat_read_only(struct blktest *t);
int test_open_errors(struct blktest *t);
int test_register_once(struct blktest *t);
int test_handle_table_full(struct blktest *t);
int test_stale_handle(struct blktest *t);
int test_handle_lifetimes(struct blktest *t);
int test_message_path(struct blktest *t);
int test_buffer_path(struct blktest *t);
int test_simple_calls(struct blktest *t);
int test_window_path(struct blktest *t);
/* t_workers.c: rings closed while a worker serves them (ramdisk ring_workers). */
int test_ring_workers(struct blktest *t);
int test_simple_waits(struct blktest *t);
int test_ring_path(struct blktest *t);
int test_invalid_message(struct blktest *t);
int test_invalid_buffer(struct blktest *t);
int test_invalid_ring(struct blktest *t);
int test_read_only(struct blktest *t);
int test_read_only_paths(struct blktest *t);
int test_ring_full(struct blktest *t);
int test_out_of_order(struct blktest *t);
int test_ring_enter(struct blktest *t);
int test_two_clients(struct blktest *t);
int test_partitions(struct blktest *t);

#endif
