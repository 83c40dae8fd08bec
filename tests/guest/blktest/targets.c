/* What blktest runs against, chosen by init.conf's arg: the ramdisks in
 * its own threads, or a read-write and a read-only scheme of separate
 * server processes, reached by name like any client would. */
#include <stdio.h>
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/timebase.h>
#include <mica/scheme.h>
#include <mica/syscall.h>

#include "blktest.h"

/* Every target is on the framework: one client (blktest) may hold its
 * default share of the handle table. */
#define CLIENT_HANDLES BLK_SERVER_CLIENT_HANDLES

static const struct blktest_target targets[] = {
    /* arg 0: blktest's own threads (main.c starts them). */
    { "in-process ramdisks", 0, 0, "ramdisk", "ram0", "ram1", 0, CLIENT_HANDLES,
      BLKTEST_PATHS_ALL },
    /* arg bit 0: ramdisk.srv twice (etc/blktest-srv.conf). */
    { "disk.ram0 and disk.ram1", "disk.ram0:", "disk.ram1:", "ramdisk", "ram0", "ram1", 0,
      CLIENT_HANDLES, BLKTEST_PATHS_ALL },
    /* arg bit 1: virtio-blk twice (etc/blktest-vblk.conf); the serials are the
     * ones tests/system/test_blktest_servers.py gives QEMU's drives, so
     * they also show which drive became which unit. */
    { "disk.vblk0 and disk.vblk1", "disk.vblk0:", "disk.vblk1:", "virtio-blk", "mica-vblk0",
      "mica-vblk1", BLK_STAT_FLUSH, CLIENT_HANDLES, BLKTEST_PATHS_ALL },
    /* arg bit 2: nullblk.srv twice as memory disks (etc/blktest-null.conf). */
    { "disk.null0 and disk.null1", "disk.null0:", "disk.null1:", "nullblk", "null0", "null1", 0,
      CLIENT_HANDLES, BLKTEST_PATHS_ALL },
};

_Static_assert(sizeof targets / sizeof targets[0] == BLKTEST_TARGET_BITS + 1, "one bit each");

const struct blktest_target *blktest_target(unsigned i)
{
    return i < sizeof targets / sizeof targets[0] ? &targets[i] : 0;
}

/* A server registers after its bring-up, which may end after we start:
 * while one is starting (EAGAIN) the lookup is retried, at most this long. */
#define REGISTER_WAIT_MS 30000u

/* The scheme's door (a badged copy of the server's endpoint), for the tests that
 * send OPEN by hand or call without a handle. */
static long door(const char *scheme)
{
    uint64_t length = (uint64_t)(strchr(scheme, ':') - scheme);
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    uint64_t start = arch_rdtime(), wait = timebase_ticks_ms(REGISTER_WAIT_MS);
    long r;
    while ((r = ipc_scheme_lookup(scheme, length, slot)) == -MICA_EAGAIN &&
           arch_rdtime() - start < wait)
        mica_sys_thread_yield();
    if (r < 0) {
        ipc_log_error("setup: %s: lookup: %s", scheme, mica_errno_name((int)r));
        ipc_slot_free(slot);
        return r;
    }
    return slot;
}

static int stat_by_name(const struct blktest *t, bool read_only_disk, struct blk_stat *st)
{
    struct ipc_blk_handle h;
    int r = blktest_open(t, &h, read_only_disk, BLK_OPEN_READ);
    if (r == 0) {
        r = ipc_blk_fstat(&h, st);
        int closed = ipc_blk_close(&h);
        r = r < 0 ? r : closed;
    }
    return r;
}

int blktest_connect(struct blktest *t)
{
    /* Without a read-only disk its checks pass vacuously: no test that
     * needs it runs (BLKTEST_NEEDS_READ_ONLY). */
    struct blk_stat rw, ro = { .size_bytes = BLKTEST_RO_MIN_BYTES, .block_size = BLKTEST_BLOCK };
    bool has_ro = t->target->ro_scheme != 0;
    if ((t->rw_ep = door(t->target->rw_scheme)) < 0 ||
        (has_ro && (t->ro_ep = door(t->target->ro_scheme)) < 0))
        return -1;
    int r = stat_by_name(t, false, &rw);
    if (r == 0 && has_ro)
        r = stat_by_name(t, true, &ro);
    if (r < 0) {
        ipc_log_error("setup: fstat: %s", mica_errno_name(r));
        return -1;
    }
    if (rw.block_size != BLKTEST_BLOCK || ro.block_size != BLKTEST_BLOCK ||
        rw.size_bytes < BLKTEST_RW_BYTES || rw.max_transfer < BLKTEST_BLOCK ||
        ro.size_bytes < BLKTEST_RO_MIN_BYTES) {
        ipc_log_error("setup: the disks need %u-byte blocks, %u and %u bytes (read-write: "
                      "%llu bytes, block %u; read-only: %llu bytes, block %u)",
                      BLKTEST_BLOCK, BLKTEST_RW_BYTES, BLKTEST_RO_MIN_BYTES, (unsigned long long)rw.size_bytes,
                      rw.block_size, (unsigned long long)ro.size_bytes, ro.block_size);
        return -1;
    }
    t->rw_blocks = rw.size_bytes / BLKTEST_BLOCK;
    t->ro_bytes = ro.size_bytes;
    t->max_transfer = rw.max_transfer;
    t->queue_depth = rw.queue_depth;
    t->flush_flag = t->target->model ? t->target->flush_flag : rw.flags & BLK_STAT_FLUSH;
    return 0;
}

/* A scheme and its path, as ipc_scheme_open takes them: a name, ':', and
 * at most BLK_PATH_MAX bytes. */
static bool scheme_word(const char *w, size_t n)
{
    const char *colon = memchr(w, ':', n);
    return colon && colon > w && (size_t)(colon - w) < MICA_SCHEME_NAME_MAX &&
           n - (size_t)(colon - w) - 1u <= BLK_PATH_MAX;
}

const struct blktest_target *blktest_target_from_args(const char *args)
{
    static char words[2][MICA_SCHEME_NAME_MAX + BLK_PATH_MAX + 1];
    static char label[sizeof words + 8];
    static struct blktest_target named = { .max_handles = CLIENT_HANDLES, .paths = BLKTEST_PATHS_ALL };
    unsigned count = 0;
    for (const char *p = args; *p;) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        if (count == 2 || n >= sizeof words[0] || !scheme_word(p, n)) {
            ipc_log_error("setup: command line \"%s\": want <scheme>:[path] [<read-only "
                          "scheme>:[path]]", args);
            return 0;
        }
        memcpy(words[count], p, n);
        words[count++][n] = 0;
        p += n;
    }
    if (count == 0)
        return 0;
    named.rw_scheme = words[0];
    named.ro_scheme = count == 2 ? words[1] : 0;
    snprintf(label, sizeof label, "%s%s%s", words[0], count == 2 ? " and " : "",
             count == 2 ? words[1] : "");
    named.label = label;
    return &named;
}
