/* Verify mode: 64 KiB transfers, eight in flight, over the whole disk in
 * two passes (write + flush, then read + check), straight on the device
 * engine. A transfer's buffer is refilled or checked only once the device
 * has returned all of it. */
#include <mica/blkpattern.h>
#include <mica/abi/errno.h>
#include <mica/log.h>

#include "vblkdirect.h"

#define CHUNK_BYTES (64u * 1024u)
#define CHUNK_SECTORS (CHUNK_BYTES / VBLK_SECTOR_SIZE)
#define BUFFERS 8u

struct pass {
    struct vblk_dev *d;
    struct dma_region buf;
    uint32_t type;
    uint64_t seed;
    struct vblk_xfer x[BUFFERS];
    uint64_t lba[BUFFERS];
    uint64_t sectors[BUFFERS];
    int busy[BUFFERS];
    /* First failure: where and why; the pass stops starting new transfers. */
    int failed;
    uint64_t bad_lba;
};

static void fail(struct pass *p, uint64_t lba, const char *what, int code)
{
    if (p->failed)
        return;
    p->failed = 1;
    p->bad_lba = lba;
    if (code)
        ipc_log_error("%s at lba %llu: %s (%s)", what, (unsigned long long)lba,
                      mica_errno_text(code), mica_errno_name(code));
    else
        ipc_log_error("%s at lba %llu", what, (unsigned long long)lba);
}

static uint8_t *buffer(struct pass *p, unsigned b)
{
    return p->buf.va + (uint64_t)b * CHUNK_BYTES;
}

/* A transfer came back: check what a read brought. */
static void finished(struct pass *p, unsigned b)
{
    struct vblk_xfer *x = &p->x[b];
    p->busy[b] = 0;
    if (x->err) {
        fail(p, p->lba[b], p->type == VBLK_T_OUT ? "write failed" : "read failed", x->err);
        return;
    }
    if (p->type != VBLK_T_IN)
        return;
    struct blkpattern_mismatch bad;
    if (blkpattern_check(buffer(p, b), p->sectors[b], p->lba[b], p->seed,
                         BLKPATTERN_DEFAULT_GENERATION, &bad) != BLKPATTERN_OK) {
        ipc_log_error("pattern mismatch: %s at lba %llu byte %u",
                      blkpattern_result_name(bad.reason), (unsigned long long)bad.lba,
                      bad.offset);
        fail(p, bad.lba, "verify failed", 0);
    }
}

static void start(struct pass *p, unsigned b, uint64_t lba)
{
    uint64_t left = p->d->capacity - lba;
    uint64_t n = left < CHUNK_SECTORS ? left : CHUNK_SECTORS;
    p->lba[b] = lba;
    p->sectors[b] = n;
    if (p->type == VBLK_T_OUT)
        blkpattern_fill(buffer(p, b), n, lba, p->seed, BLKPATTERN_DEFAULT_GENERATION);
    int r = vblk_start_rw(p->d, &p->x[b], p->type, lba, p->buf.phys + (uint64_t)b * CHUNK_BYTES,
                          n * VBLK_SECTOR_SIZE);
    if (r == -MICA_EROFS) {
        ipc_log_error("device is read-only (RO negotiated): write to lba %llu refused",
                      (unsigned long long)lba);
        fail(p, lba, "write refused", 0);
    } else if (r < 0) {
        fail(p, lba, "cannot start a transfer", r);
    } else {
        p->busy[b] = 1;
    }
}

static void run(struct pass *p)
{
    uint64_t next = 0;
    for (;;) {
        unsigned busy = 0;
        for (unsigned b = 0; b < BUFFERS; b++) {
            if (p->busy[b] && !p->x[b].active)
                finished(p, b);
            if (!p->busy[b] && !p->failed && next < p->d->capacity) {
                start(p, b, next);
                next += p->sectors[b];
            }
            busy += (unsigned)p->busy[b];
        }
        if (!busy)
            return;
        int r = vblk_wait(p->d);
        if (r < 0) {
            fail(p, next, "the device broke the virtqueue protocol", r);
            return; /* nothing more will come back */
        }
    }
}

static int verdict(struct vblk_dev *d, struct pass *p)
{
    if (p->failed) {
        ipc_log_result("FAIL direct verify at lba %llu", (unsigned long long)p->bad_lba);
        return 1;
    }
    ipc_log_info("%llu requests, at most %u in flight", (unsigned long long)d->requests,
                 d->max_in_flight);
    ipc_log_result("PASS direct verify %llu sectors", (unsigned long long)d->capacity);
    return 0;
}

int direct_verify(struct vblk_dev *d, uint64_t seed)
{
    static struct pass p;
    const char *what;
    p = (struct pass){ .d = d, .seed = seed };
    long r = dma_alloc(&p.buf, (uint64_t)BUFFERS * CHUNK_BYTES, &what);
    if (r < 0) {
        ipc_log_error("%s: error %ld", what, r);
        ipc_log_result("FAIL direct verify: no DMA buffers");
        return 1;
    }
    p.type = VBLK_T_OUT;
    run(&p);
    if (p.failed)
        return verdict(d, &p);
    struct vblk_xfer flush;
    int err = vblk_start_flush(d, &flush);
    if (err == 0)
        err = vblk_finish(d, &flush);
    if (err < 0) {
        fail(&p, 0, "flush failed", err);
        return verdict(d, &p);
    }
    p.type = VBLK_T_IN;
    run(&p);
    return verdict(d, &p);
}
