/* schemetest: a client in its own process reaching ramdisk.srv by name
 * through init's name service: open "disk.ram0:", write, read back and
 * verify, then the refusals (unknown and malformed names, a stale handle).
 * With arg 1 it then holds a handle until the server is stopped (from the
 * shell) and checks the handle and the name both go. Args 2 and 3 test
 * virtio-blk's disk.vblk0: instead (vblk.c), args 4 and 5 its zero-copy
 * and queued paths (vblk_paths.c), 6 a client that exits with requests in
 * flight and 7 the paths' tests after it, 8 the paths' tests on disk.vblk1:,
 * 9 a CLOSE with requests in flight on a throttled disk (15 eight of them
 * in a row), 10 holds a disk.vblk0: handle until its server is stopped (as
 * arg 1 does for disk.ram0:), 11 virtio-blk stopped from the shell under
 * requests in flight, 12 watches memory freed by the arg 6 client stay zero
 * (pin_probe.c), 16 direct runs of the bench program vblkdirect (direct.c),
 * 13 fills the handle tables of both and exits without CLOSE, 14 opens
 * both after it, 18 leaves a ring on a handle opened without a sentinel
 * (abandon.c), 17 waits in all three paths while virtio-blk
 * is stopped and restarted (death.c). */
#include <stdint.h>
#include <string.h>

#include <mica/blk_client.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/timebase.h>
#include <mica/syscall.h>

#include "schemetest.h"

MICA_PROGRAM("schemetest");

static unsigned failures, tests;

void check(int ok, const char *test, const char *what, long got)
{
    tests++;
    if (ok) {
        ipc_log_info("%s ok", test);
    } else {
        failures++;
        ipc_log_error("%s: %s (got %ld)", test, what, got);
    }
}

/* Each block carries its number and a byte pattern, so a misplaced block shows. */
void fill(uint8_t *b, unsigned size, unsigned block)
{
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(block * 31u + i * 7u + 1u);
}

int write_read_verify(struct ipc_blk_handle *h, unsigned block_size, bool by_message)
{
    static uint8_t out[BLK_BLOCK_SIZE_MIN * 2], in[sizeof out];
    if (block_size > sizeof out)
        return -MICA_EINVAL;
    for (unsigned b = 0; b < BLOCKS; b++) {
        fill(out, block_size, b);
        uint64_t at = (uint64_t)b * block_size;
        long r = by_message ? ipc_blk_write_message(h, at, out, block_size)
                            : ipc_blk_write(h, at, out, block_size);
        if (r != (long)block_size)
            return r < 0 ? (int)r : -MICA_EIO;
    }
    for (unsigned b = 0; b < BLOCKS; b++) {
        fill(out, block_size, b);
        memset(in, 0, sizeof in);
        uint64_t at = (uint64_t)b * block_size;
        long r = by_message ? ipc_blk_read_message(h, at, in, block_size)
                            : ipc_blk_read(h, at, in, block_size);
        if (r != (long)block_size)
            return r < 0 ? (int)r : -MICA_EIO;
        if (memcmp(in, out, block_size) != 0)
            return -MICA_EIO;
    }
    return 0;
}

static void by_name(void)
{
    struct ipc_blk_handle h;
    int r = ipc_scheme_open(&h, "disk.ram0:", BLK_OPEN_READ | BLK_OPEN_WRITE);
    check(r == 0, "open_by_name", "opening disk.ram0: failed", r);
    if (r < 0)
        return;
    struct blk_stat st;
    r = ipc_blk_fstat(&h, &st);
    check(r == 0 && st.size_bytes == 256u * 1024u, "fstat", "fstat failed or wrong size", r);
    r = write_read_verify(&h, r == 0 ? st.block_size : BLK_BLOCK_SIZE_MIN, false);
    check(r == 0, "write_read_verify", "blocks did not come back", r);
    struct ipc_blk_handle stale = h; /* the same slot, after close */
    r = ipc_blk_close(&h);
    check(r == 0, "close", "close failed", r);
    r = ipc_blk_fstat(&stale, &st);
    check(r == -MICA_EBADF, "stale_handle", "a closed handle was not refused with EBADF", r);
}

static void refusals(void)
{
    struct ipc_blk_handle h;
    /* Once no server is starting, at once; until then EAGAIN. */
    int r = scheme_open_waiting(&h, "disk.nope:", BLK_OPEN_READ);
    check(r == -MICA_ENOENT, "unknown_scheme", "disk.nope: was not ENOENT", r);
    static const char *const malformed[] = { "disk.ram0", ":", "Disk.RAM0:", "disk ram0:",
                                             "disk.a-name-longer-than-the-limit-allows:" };
    for (unsigned i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        r = ipc_scheme_open(&h, malformed[i], BLK_OPEN_READ);
        if (r != -MICA_EINVAL) {
            check(0, "malformed_names", malformed[i], r);
            return;
        }
    }
    check(1, "malformed_names", "", 0);
}

/* Bounds on waits (they only keep a broken server from running us forever). */
#define STOP_WAIT_MS 30000u
#define REGISTER_WAIT_MS 30000u

int scheme_open_waiting(struct ipc_blk_handle *h, const char *name, unsigned flags)
{
    return ipc_scheme_open_waiting(h, name, flags, REGISTER_WAIT_MS);
}

/* fstat on a held handle until it fails: the server's stop revokes it, so
 * the answer is an error, never a hang. */
static void server_stopped(const char *scheme)
{
    struct ipc_blk_handle h;
    struct blk_stat st;
    int r = scheme_open_waiting(&h, scheme, BLK_OPEN_READ);
    check(r == 0, "open_before_stop", "opening the scheme failed", r);
    if (r < 0)
        return;
    ipc_log_info("holding %s, waiting for its server to stop", scheme);
    uint64_t start = arch_rdtime(), wait = timebase_ticks_ms(STOP_WAIT_MS);
    while ((r = ipc_blk_fstat(&h, &st)) == 0 && arch_rdtime() - start < wait)
        mica_sys_thread_yield();
    check(r == -MICA_EBADF || r == -MICA_EPIPE, "handle_after_stop",
          "the handle still worked or failed oddly", r);
    ipc_blk_close(&h); /* frees the emptied slot */
    r = ipc_scheme_open(&h, scheme, BLK_OPEN_READ);
    check(r == -MICA_ENOENT, "name_after_stop", "the scheme still opened", r);
}

/* Four seconds: far longer than the arg 6 client lives; the system test
 * checks its exit came first. */
#define AFTER_CLIENT_GONE_MS 4000u

static void wait_ms(uint64_t ms)
{
    uint64_t start = arch_rdtime(), ticks = timebase_ticks_ms(ms);
    while (arch_rdtime() - start < ticks)
        mica_sys_thread_yield();
}

int mica_main(uintptr_t arg)
{
    if (arg == 2) {
        vblk_read_write();
    } else if (arg == 3) {
        vblk_read_only();
    } else if (arg == 4) {
        vblk_paths();
    } else if (arg == 5) {
        vblk_paths_read_only();
    } else if (arg == 6) {
        vblk_client_gone();
    } else if (arg == 8) {
        vblk_scheme = "disk.vblk1:";
        vblk_paths();
    } else if (arg == 11) {
        vblk_server_stopped();
    } else if (arg == 9) {
        vblk_close_busy();
    } else if (arg == 15) {
        vblk_close_many();
    } else if (arg == 12) {
        vblk_pin_probe();
    } else if (arg == 13) {
        abandon_handles();
    } else if (arg == 14) {
        /* After the arg 13 client (higher priority, started first) is gone. */
        wait_ms(AFTER_CLIENT_GONE_MS);
        open_after_abandon();
    } else if (arg == 18) {
        abandon_ring_without_sentinel();
    } else if (arg == 16) {
        direct_runs();
    } else if (arg == 17) {
        waits_end_on_death();
    } else if (arg == 7) {
        /* After the arg 6 client (higher priority, started first) is gone. */
        wait_ms(AFTER_CLIENT_GONE_MS);
        vblk_paths();
    } else if (arg == 10) {
        server_stopped("disk.vblk0:");
    } else {
        by_name();
        refusals();
        if (arg == 1)
            server_stopped("disk.ram0:");
    }
    if (failures)
        ipc_log_result("FAIL %u of %u tests", failures, tests);
    else
        ipc_log_result("PASS %u tests", tests);
    return failures ? 1 : 0;
}
