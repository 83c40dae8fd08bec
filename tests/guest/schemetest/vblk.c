/* schemetest against virtio-blk's serve mode: disk.vblk0: by name, fstat,
 * write/read/verify, refused requests, fsync (the host then finds the blocks
 * in the disk file), and on a read-only disk the refusals of writes. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>

#include "schemetest.h"

/* The server registers after its device bring-up, which may end after we
 * start: scheme_open_waiting retries while it is starting (EAGAIN). */
const char *vblk_scheme = "disk.vblk0:";

int vblk_open0(struct ipc_blk_handle *h, unsigned flags)
{
    return scheme_open_waiting(h, vblk_scheme, flags);
}

static void vblk_fstat(struct ipc_blk_handle *h, struct blk_stat *st, int read_only)
{
    int r = ipc_blk_fstat(h, st);
    check(r == 0 && st->block_size == BLK_BLOCK_SIZE_MIN &&
              ((st->flags & BLK_STAT_READ_ONLY) != 0) == read_only &&
              strcmp(st->model, "virtio-blk") == 0,
          "vblk_fstat", "fstat failed or wrong block size, flags or model", r);
    ipc_log_info("disk.vblk0: %llu bytes, block %u, flags 0x%x, serial '%s'",
                 (unsigned long long)st->size_bytes, st->block_size, st->flags, st->serial);
}

/* Each refused request must leave the disk as it was: the host compares. */
static void refused(struct ipc_blk_handle *h, unsigned block_size)
{
    static uint8_t junk[BLK_BLOCK_SIZE_MIN];
    memset(junk, 0xee, sizeof junk);
    long r = ipc_blk_write(h, 1, junk, block_size);
    check(r == -MICA_EINVAL, "vblk_unaligned_write", "not EINVAL", r);
    r = ipc_blk_write(h, 0, junk, block_size / 2);
    check(r == -MICA_EINVAL, "vblk_partial_block", "not EINVAL", r);
    r = ipc_blk_read(h, 1ull << 40, junk, block_size);
    check(r == -MICA_ENXIO, "vblk_read_past_end", "not ENXIO", r);
}

void vblk_read_write(void)
{
    struct ipc_blk_handle h;
    struct blk_stat st;
    int r = vblk_open0(&h, BLK_OPEN_READ | BLK_OPEN_WRITE);
    check(r == 0, "vblk_open", "opening disk.vblk0: failed", r);
    if (r < 0)
        return;
    vblk_fstat(&h, &st, 0);
    check((st.flags & BLK_STAT_FLUSH) != 0, "vblk_fstat_cache", "no volatile cache flag", st.flags);
    /* By messages: their bounce copies are what the server's close line counts. */
    r = write_read_verify(&h, BLK_BLOCK_SIZE_MIN, true);
    check(r == 0, "vblk_write_read_verify", "blocks did not come back", r);
    refused(&h, BLK_BLOCK_SIZE_MIN);
    r = ipc_blk_fsync(&h);
    check(r == 0, "vblk_fsync", "fsync failed", r);
    struct ipc_blk_handle stale = h;
    r = ipc_blk_close(&h);
    check(r == 0, "vblk_close", "close failed", r);
    struct blk_stat ignored;
    r = ipc_blk_fstat(&stale, &ignored);
    check(r == -MICA_EBADF, "vblk_stale_handle", "a closed handle was not EBADF", r);
}

void vblk_read_only(void)
{
    struct ipc_blk_handle h;
    struct blk_stat st;
    int r = vblk_open0(&h, BLK_OPEN_READ | BLK_OPEN_WRITE);
    check(r == -MICA_EACCES, "vblk_ro_open_write", "opening for WRITE was not EACCES", r);
    r = vblk_open0(&h, BLK_OPEN_READ);
    check(r == 0, "vblk_ro_open", "opening for READ failed", r);
    if (r < 0)
        return;
    vblk_fstat(&h, &st, 1);
    static uint8_t block[BLK_BLOCK_SIZE_MIN];
    long n = ipc_blk_read(&h, 0, block, sizeof block);
    /* The host filled the disk with bytes 0..255 repeating. */
    int same = n == (long)sizeof block;
    for (unsigned i = 0; same && i < sizeof block; i++)
        same = block[i] == (uint8_t)i;
    check(same, "vblk_ro_read", "read failed or brought other bytes", n);
    memset(block, 0xee, sizeof block);
    n = ipc_blk_write(&h, 0, block, sizeof block);
    check(n == -MICA_EBADF, "vblk_ro_write", "write was not EBADF", n);
    r = ipc_blk_fsync(&h);
    check(r == -MICA_EBADF, "vblk_ro_fsync", "fsync was not EBADF", r);
    ipc_blk_close(&h);
}
