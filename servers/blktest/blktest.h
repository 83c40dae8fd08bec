/* blktest: the block protocol end to end inside one process, a ramdisk
 * served by a thread and clients in others. What the test files share: the
 * two disks, the checks, and the verify-pattern helpers. */
#ifndef BLKTEST_H
#define BLKTEST_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client.h>
#include <mica/blkpattern.h>
#include <mica/caps.h>

#include "ramdisk.h"

#define BLKTEST_BLOCK RAMDISK_BLOCK_SIZE
_Static_assert(BLKTEST_BLOCK == BLKPATTERN_SECTOR_SIZE, "one pattern sector per block");

#define BLKTEST_RW_BYTES (1024u * 1024u)
#define BLKTEST_RW_BLOCKS (BLKTEST_RW_BYTES / BLKTEST_BLOCK)
#define BLKTEST_RO_BYTES (64u * 1024u)
/* Zero-copy buffers: BUFFER_PAGES in BUFFER_FRAMES frames (the server sees
 * their concatenation, so transfers may cross a frame boundary). */
#define BLKTEST_BUFFER_PAGES 16u
#define BLKTEST_BUFFER_FRAMES 2u
#define BLKTEST_BUFFER_BYTES (BLKTEST_BUFFER_PAGES * MICA_PAGE_SIZE)

/* Server and helper threads run below the main thread (init's default
 * priority), so while main runs nothing else does: full rings and batch
 * sizes are exact. */
#define BLKTEST_HELPER_PRIORITY 50u
#define BLKTEST_STACK_PAGES 8u

struct blktest {
    long rw_ep; /* the read-write ramdisk "ram0" */
    long ro_ep; /* the read-only ramdisk "ram1" */
};

/* Logs `blktest|error: <test>: <text>` and returns -1. */
int blktest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* got must equal want (both a count or a MICA_E* code); names them if not. */
int blktest_expect(long got, long want, const char *what);
#define EXPECT(got, want, what)                              \
    do {                                                     \
        if (blktest_expect((long)(got), (long)(want), what)) \
            return -1;                                       \
    } while (0)

/* An open read-write handle on ram0 with a BLKTEST_BUFFER_BYTES buffer. */
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
int test_open_errors(struct blktest *t);
int test_handle_table_full(struct blktest *t);
int test_stale_handle(struct blktest *t);
int test_handle_lifetimes(struct blktest *t);
int test_message_path(struct blktest *t);
int test_buffer_path(struct blktest *t);
int test_ring_path(struct blktest *t);
int test_invalid_message(struct blktest *t);
int test_invalid_buffer(struct blktest *t);
int test_invalid_ring(struct blktest *t);
int test_read_only(struct blktest *t);
int test_ring_full(struct blktest *t);
int test_out_of_order(struct blktest *t);
int test_two_clients(struct blktest *t);

#endif
