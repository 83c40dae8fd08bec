/* The trusted side of the fuzzer: sessions opened through the ordinary
 * client library, the seeded pattern written before fuzzing, and the final
 * read-back that compares every byte with the shadow copy. Nothing here is
 * random except the data the seed chooses. */
#include <string.h>

#include <mica/blkpattern.h>
#include <mica/abi/caps.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/scheme.h>

#include "protofuzz.h"

/* How long a scheme may take to appear (rdtime ticks: 10 s on QEMU's 10 MHz). */
#define PF_WAIT_TICKS 100000000ull
#define CHUNK BLK_MSG_DATA_MAX

static unsigned open_flags(const struct pf_disk *d)
{
    return d->read_only ? BLK_OPEN_READ : BLK_OPEN_READ | BLK_OPEN_WRITE;
}

int pf_session_open(struct pf_disk *d)
{
    int r = ipc_scheme_open_waiting(&d->h, d->scheme, open_flags(d), PF_WAIT_TICKS);
    if (r < 0)
        return pf_fail("%s open: %s", d->scheme, mica_errno_name(r));
    long bytes = ipc_blk_buffer_create(&d->h, PF_BUFFER_PAGES, PF_BUFFER_FRAMES);
    if (bytes != PF_BUFFER_BYTES)
        return pf_fail("%s register buffer: %ld", d->scheme, bytes);
    r = ipc_blk_ring_setup(&d->h, PF_RING_CAPACITY, PF_RING_CAPACITY);
    if (r < 0)
        return pf_fail("%s ring setup: %s", d->scheme, mica_errno_name(r));
    pf_fill_random(d->h.buffer, PF_BUFFER_BYTES);
    memcpy(d->buffer_shadow, d->h.buffer, PF_BUFFER_BYTES);
    d->open = true;
    return 0;
}

void pf_session_close(struct pf_disk *d)
{
    if (d->open)
        ipc_blk_close(&d->h); /* the status does not matter: the library lets go either way */
    d->open = false;
}

int pf_session_check(struct pf_disk *d)
{
    struct ipc_msg m = ipc_call(d->h.ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSTAT), 0, 0), 0, 0, 0, 0);
    long status = m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
    if (status == 0) {
        uint64_t size = ipc_msg_word(&m, BLK_FSTAT_REPLY_W_STAT);
        if (size != d->stat.size_bytes)
            return pf_fail("%s fstat changed: %llu bytes, was %llu", d->scheme,
                           (unsigned long long)size, (unsigned long long)d->stat.size_bytes);
        return 0;
    }
    if (status != -MICA_EBADF) {
        /* The kernel says the server is gone (-EPIPE), or the server
         * refuses a well-formed FSTAT on a handle that is still open. */
        pf_stats.crashes++;
        return pf_fail("%s the server no longer answers FSTAT: %s%s", d->scheme,
                       mica_errno_name((int)status), m.badge < 0 ? " (from the kernel)" : "");
    }
    /* -EBADF: a fuzzed CLOSE (perhaps through a forged cap) ended the
     * session; the server says so, or the kernel does once the server has
     * revoked the handle's cap. A server that lets the fuzzer open again
     * is alive. */
    pf_stats.reopened++;
    pf_session_close(d);
    if (pf_session_open(d) < 0) {
        pf_stats.crashes++;
        return -1;
    }
    return 0;
}

int pf_shadow_compare(const struct pf_disk *d, uint64_t offset, const uint8_t *data,
                      uint64_t bytes, const char *what)
{
    const uint8_t *want = d->shadow + offset;
    for (uint64_t i = 0; i < bytes; i++)
        if (data[i] != want[i])
            return pf_fail("%s %s: byte 0x%llx is 0x%02x, the shadow has 0x%02x", d->scheme,
                           what, (unsigned long long)(offset + i), data[i], want[i]);
    return 0;
}

int pf_buffer_verify(struct pf_disk *d, const char *when)
{
    if (!d->open || memcmp(d->h.buffer, d->buffer_shadow, PF_BUFFER_BYTES) == 0)
        return 0;
    for (uint64_t i = 0; i < PF_BUFFER_BYTES; i++)
        if (d->h.buffer[i] != d->buffer_shadow[i])
            return pf_fail("%s the registered buffer changed %s: byte 0x%llx is 0x%02x, "
                           "expected 0x%02x", d->scheme, when, (unsigned long long)i,
                           d->h.buffer[i], d->buffer_shadow[i]);
    return 0;
}

int pf_disk_prepare(struct pf_disk *d, uint64_t seed)
{
    if (pf_session_open(d) < 0)
        return -1;
    int r = ipc_blk_fstat(&d->h, &d->stat);
    if (r < 0)
        return pf_fail("%s fstat: %s", d->scheme, mica_errno_name(r));
    if (d->stat.size_bytes % CHUNK || d->stat.size_bytes == 0 ||
        d->stat.block_size > CHUNK || ((d->stat.flags & BLK_STAT_READ_ONLY) != 0) != d->read_only)
        return pf_fail("%s a disk this fuzzer cannot shadow: %llu bytes, blocks of %u, flags 0x%x",
                       d->scheme, (unsigned long long)d->stat.size_bytes, d->stat.block_size,
                       d->stat.flags);
    if (pf_window_prepare(d) < 0)
        return -1;
    long slot, err = 0;
    d->shadow = ipc_frame_map_new(d->stat.size_bytes / 4096u, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                  &slot, &err);
    if (!d->shadow)
        return pf_fail("%s no memory for the shadow copy: %s", d->scheme, mica_errno_name((int)err));
    for (uint64_t off = 0; off < d->stat.size_bytes; off += CHUNK) {
        uint8_t *chunk = d->shadow + off;
        long n;
        if (d->read_only) {
            n = ipc_blk_read(&d->h, off, chunk, CHUNK);
        } else {
            blkpattern_fill(chunk, CHUNK / BLKPATTERN_SECTOR_SIZE, off / BLKPATTERN_SECTOR_SIZE,
                            seed, 1);
            n = ipc_blk_write(&d->h, off, chunk, CHUNK);
        }
        if (n != CHUNK)
            return pf_fail("%s %s at 0x%llx: %ld", d->scheme, d->read_only ? "read" : "seed write",
                           (unsigned long long)off, n);
    }
    return 0;
}

int pf_disk_verify(struct pf_disk *d)
{
    static uint8_t chunk[CHUNK];
    /* A fresh handle: whatever the fuzzer did to the session, the disk is
     * read through a well-formed OPEN and well-formed READs. */
    pf_session_close(d);
    if (pf_session_open(d) < 0)
        return -1;
    if (!d->read_only) {
        int r = ipc_blk_fsync(&d->h);
        if (r < 0)
            return pf_fail("%s fsync: %s", d->scheme, mica_errno_name(r));
    }
    uint64_t changed = 0;
    for (uint64_t off = 0; off < d->stat.size_bytes; off += CHUNK) {
        long n = ipc_blk_read(&d->h, off, chunk, CHUNK);
        if (n != CHUNK)
            return pf_fail("%s read back at 0x%llx: %ld", d->scheme, (unsigned long long)off, n);
        if (memcmp(chunk, d->shadow + off, CHUNK) == 0)
            continue;
        pf_shadow_compare(d, off, chunk, CHUNK, "read back"); /* names the first */
        for (unsigned i = 0; i < CHUNK; i++)
            changed += chunk[i] != d->shadow[off + i];
    }
    pf_changed_bytes += changed;
    return changed ? -1 : 0;
}
