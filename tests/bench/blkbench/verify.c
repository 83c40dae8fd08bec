/* blkbench verify: writes the self-describing pattern of docs/blkbench.md
 * ("Verify pattern", libipc/lib/blkpattern.c) over a whole device and/or checks
 * every byte of it, through the block client. Data moves through a
 * registered zero-copy buffer, or the message path when the server has
 * none. A wrong sector is named (LBA, byte, field) and the check goes on
 * counting; an I/O error is named by its LBA and ends the pass. Nothing
 * here waits for anything but the server's replies. */
#include <string.h>

#include <mica/blk_client.h>
#include <mica/blkpattern.h>
#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>

#include "blkbench.h"
#include "counter.h"

/* A server registers its name after its device bring-up, which may end
 * after blkbench starts: while one is starting, the open is retried at most
 * this long. */
#define OPEN_WAIT_MS 30000u
/* Bytes one zero-copy request moves, at most (the server's max_transfer
 * may lower it). */
#define ZERO_COPY_CHUNK (64u * 1024u)
/* Sectors described one by one before the rest are only counted. */
#define REPORTED_SECTORS 16u

struct verify_run {
    const struct blkbench_opts *o;
    struct ipc_blk_handle h;
    struct blk_stat st;
    bool zero_copy;
    uint8_t *data;    /* the registered buffer, or msg_data */
    uint32_t chunk;   /* bytes per request: a multiple of the block size */
    uint64_t sectors; /* pattern sectors on the device */
    uint64_t bad, first_bad;
    uint64_t failed_lba; /* first LBA of the request an I/O error ended */
};

static uint8_t msg_data[BLK_MSG_DATA_MAX];

static int open_scheme(struct verify_run *v)
{
    unsigned flags = BLK_OPEN_READ | (v->o->verify == BLKBENCH_VERIFY_CHECK ? 0 : BLK_OPEN_WRITE);
    return ipc_scheme_open_waiting(&v->h, v->o->scheme, flags, OPEN_WAIT_MS);
}

static uint32_t round_down(uint32_t bytes, uint32_t unit)
{
    return bytes - bytes % unit;
}

/* The fastest path the server offers: a zero-copy buffer, else messages. */
static int choose_path(struct verify_run *v)
{
    uint32_t block = v->st.block_size;
    uint32_t limit = v->st.max_transfer >= block ? v->st.max_transfer : block;
    uint32_t chunk = round_down(limit < ZERO_COPY_CHUNK ? limit : ZERO_COPY_CHUNK, block);
    if (chunk == 0)
        chunk = block;
    uint64_t pages = (chunk + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
    long r = ipc_blk_buffer_create(&v->h, pages, 1);
    if (r >= 0) {
        v->zero_copy = true;
        v->data = v->h.buffer;
        v->chunk = chunk;
        return 0;
    }
    if (r != -MICA_ENOSYS) {
        ipc_log_error("verify %s registering a zero-copy buffer: %s", v->o->scheme,
                      mica_errno_name((int)r));
        return (int)r;
    }
    ipc_log_info("verify %s the server refuses REGISTER_BUFFER (ENOSYS): message path",
                 v->o->scheme);
    v->data = msg_data;
    v->chunk = round_down(chunk < BLK_MSG_DATA_MAX ? chunk : BLK_MSG_DATA_MAX, block);
    if (v->chunk == 0) {
        ipc_log_error("verify %s a %u-byte block does not fit a message (%u bytes)",
                      v->o->scheme, block, BLK_MSG_DATA_MAX);
        return -MICA_E2BIG;
    }
    return 0;
}

/* One request at byte offset `offset`; a short transfer counts as EIO. An
 * error is logged and leaves the request's first sector in failed_lba. */
static long transfer(struct verify_run *v, bool write, uint64_t offset, uint32_t bytes)
{
    const char *what = write ? "write" : "read";
    unsigned long long lba = offset / BLKPATTERN_SECTOR_SIZE;
    long r;
    if (v->zero_copy)
        r = write ? ipc_blk_write_buffer(&v->h, offset, bytes, 0)
                  : ipc_blk_read_buffer(&v->h, offset, bytes, 0);
    else
        r = write ? ipc_blk_write(&v->h, offset, v->data, bytes)
                  : ipc_blk_read(&v->h, offset, v->data, bytes);
    if (r >= 0 && (uint64_t)r != bytes) {
        ipc_log_error("verify %s %s at lba %llu: %ld of %u bytes moved", v->o->scheme, what, lba,
                      r, bytes);
        r = -MICA_EIO;
    } else if (r < 0) {
        ipc_log_error("verify %s %s at lba %llu (%u sectors): %s", v->o->scheme, what, lba,
                      bytes / BLKPATTERN_SECTOR_SIZE, mica_errno_name((int)r));
    }
    if (r < 0)
        v->failed_lba = lba;
    return r;
}

static uint32_t chunk_at(const struct verify_run *v, uint64_t lba)
{
    uint64_t left = (v->sectors - lba) * BLKPATTERN_SECTOR_SIZE;
    return left < v->chunk ? (uint32_t)left : v->chunk;
}

static int write_pass(struct verify_run *v)
{
    for (uint64_t lba = 0; lba < v->sectors;) {
        uint32_t bytes = chunk_at(v, lba);
        blkpattern_fill(v->data, bytes / BLKPATTERN_SECTOR_SIZE, lba, v->o->seed, v->o->gen);
        long r = transfer(v, true, lba * BLKPATTERN_SECTOR_SIZE, bytes);
        if (r < 0)
            return (int)r;
        lba += bytes / BLKPATTERN_SECTOR_SIZE;
    }
    return 0;
}

static uint64_t load_le64(const uint8_t *p)
{
    uint64_t value = 0;
    for (unsigned i = 0; i < 8; i++)
        value |= (uint64_t)p[i] << (8 * i);
    return value;
}

/* One line per bad sector: where its first wrong byte is, which field that
 * byte lies in, and for a header field the value found there. */
static void report_sector(const struct verify_run *v, const uint8_t *sector, uint64_t lba,
                          enum blkpattern_result why, uint32_t offset)
{
    uint64_t expected;
    switch (why) {
    case BLKPATTERN_WRONG_LBA:
        expected = lba;
        break;
    case BLKPATTERN_WRONG_SEED:
        expected = v->o->seed;
        break;
    case BLKPATTERN_WRONG_GENERATION:
        expected = v->o->gen;
        break;
    default:
        ipc_log_error("verify %s lba %llu offset %u: %s", v->o->scheme, (unsigned long long)lba,
                      offset, blkpattern_result_name(why));
        return;
    }
    ipc_log_error("verify %s lba %llu offset %u: %s (found %llu, expected %llu)", v->o->scheme,
                  (unsigned long long)lba, offset, blkpattern_result_name(why),
                  (unsigned long long)load_le64(sector + offset / 8 * 8),
                  (unsigned long long)expected);
}

static int check_pass(struct verify_run *v)
{
    for (uint64_t lba = 0; lba < v->sectors;) {
        uint32_t bytes = chunk_at(v, lba);
        long r = transfer(v, false, lba * BLKPATTERN_SECTOR_SIZE, bytes);
        if (r < 0)
            return (int)r;
        for (uint32_t i = 0; i < bytes / BLKPATTERN_SECTOR_SIZE; i++, lba++) {
            const uint8_t *sector = v->data + (size_t)i * BLKPATTERN_SECTOR_SIZE;
            uint32_t offset;
            enum blkpattern_result why =
                blkpattern_check_sector(sector, lba, v->o->seed, v->o->gen, &offset);
            if (why == BLKPATTERN_OK)
                continue;
            if (v->bad++ == 0)
                v->first_bad = lba;
            if (v->bad <= REPORTED_SECTORS)
                report_sector(v, sector, lba, why, offset);
        }
    }
    return 0;
}

static const char *pass_names(enum blkbench_verify which)
{
    switch (which) {
    case BLKBENCH_VERIFY_WRITE:
        return "write";
    case BLKBENCH_VERIFY_CHECK:
        return "check";
    default:
        return "write, check";
    }
}

/* Opened and sized: the passes asked for, and the verdict. */
static int run_passes(struct verify_run *v)
{
    const struct blkbench_opts *o = v->o;
    const char *unit = counter_unit();
    ipc_log_info("verify %s %llu sectors (block %u bytes), seed %llu gen %llu, %s, %s path, "
                 "%u bytes per request", o->scheme, (unsigned long long)v->sectors,
                 v->st.block_size, (unsigned long long)o->seed, (unsigned long long)o->gen,
                 pass_names(o->verify), v->zero_copy ? "zero-copy" : "message", v->chunk);
    int r = 0;
    uint64_t start = arch_rdcycle();
    if (o->verify != BLKBENCH_VERIFY_CHECK) {
        if ((r = write_pass(v)) < 0)
            return blkbench_verdict(false, "verify %s write at lba %llu: %s", o->scheme,
                                    (unsigned long long)v->failed_lba, mica_errno_name(r));
        if ((r = ipc_blk_fsync(&v->h)) < 0)
            return blkbench_verdict(false, "verify %s fsync after writing: %s", o->scheme,
                                    mica_errno_name(r));
        ipc_log_info("verify %s wrote %llu sectors and flushed in %llu %s", o->scheme,
                     (unsigned long long)v->sectors, (unsigned long long)(arch_rdcycle() - start),
                     unit);
    }
    start = arch_rdcycle();
    if (o->verify != BLKBENCH_VERIFY_WRITE) {
        if ((r = check_pass(v)) < 0)
            return blkbench_verdict(false, "verify %s read at lba %llu: %s", o->scheme,
                                    (unsigned long long)v->failed_lba, mica_errno_name(r));
        if (v->bad)
            return blkbench_verdict(false, "verify %s %llu of %llu sectors bad, first at lba %llu",
                                    o->scheme, (unsigned long long)v->bad,
                                    (unsigned long long)v->sectors,
                                    (unsigned long long)v->first_bad);
        ipc_log_info("verify %s checked %llu sectors in %llu %s", o->scheme,
                     (unsigned long long)v->sectors, (unsigned long long)(arch_rdcycle() - start),
                     unit);
    }
    return blkbench_verdict(true, "verify %s %llu sectors seed %llu gen %llu", o->scheme,
                            (unsigned long long)v->sectors, (unsigned long long)o->seed,
                            (unsigned long long)o->gen);
}

int blkbench_verify(const struct blkbench_opts *o)
{
    static struct verify_run v;
    v = (struct verify_run){ .o = o };
    int r = open_scheme(&v);
    if (r < 0) {
        ipc_log_error("verify %s cannot open: %s", o->scheme, mica_errno_name(r));
        return blkbench_verdict(false, "verify %s open: %s", o->scheme, mica_errno_name(r));
    }
    r = ipc_blk_fstat(&v.h, &v.st);
    if (r == 0 && v.st.size_bytes % BLKPATTERN_SECTOR_SIZE)
        r = -MICA_EINVAL;
    if (r == 0 && v.st.size_bytes == 0)
        r = -MICA_ENXIO;
    if (r == 0)
        r = choose_path(&v);
    int status;
    if (r < 0) {
        status = blkbench_verdict(false, "verify %s %s", o->scheme, mica_errno_name(r));
    } else {
        v.sectors = v.st.size_bytes / BLKPATTERN_SECTOR_SIZE;
        status = run_passes(&v);
    }
    ipc_blk_close(&v.h);
    return status;
}
