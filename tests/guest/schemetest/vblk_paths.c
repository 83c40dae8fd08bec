/* schemetest against virtio-blk's zero-copy and queued paths on
 * disk.vblk0: the verify pattern (mica/blkpattern.h, seed VBLK_PATTERN_SEED)
 * written through both onto sectors 0..VBLK_PATTERN_SECTORS, read back and
 * checked; many requests in flight on two handles at once, completions in
 * the device's order, a small completion ring holding the server back, a
 * close with requests in flight; fsync last, so the host finds the pattern
 * in the disk file after power-off. On a read-only disk, every path's write
 * is refused. */
#include <string.h>

#include <mica/blkpattern.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/timebase.h>
#include <mica/syscall.h>

#include "schemetest.h"

#define SECTOR BLKPATTERN_SECTOR_SIZE
#define PAGE 4096u
/* 64 KiB in two frames, so requests cross a frame boundary. */
#define BUFFER_PAGES 16u
#define BUFFER_FRAMES 2u
#define BUFFER_BYTES (BUFFER_PAGES * PAGE)
#define BUFFER_SECTORS (BUFFER_BYTES / SECTOR)
/* The zero-copy path writes the first half of the pattern, the ring the second. */
#define ZC_SECTORS (VBLK_PATTERN_SECTORS / 2u)
#define RING_REQUEST_BYTES 4096u
#define RING_REQUEST_SECTORS (RING_REQUEST_BYTES / SECTOR)
#define RING_REQUESTS (BUFFER_BYTES / RING_REQUEST_BYTES) /* one buffer's worth per round */
#define RING_CAPACITY 16u
#define VBLK_QUEUE_DEPTH 8u /* virtio-blk's requests in flight per handle (fstat) */
#define VBLK_MAX_TRANSFER (1024u * 1024u) /* what one of its requests may move (fstat) */
_Static_assert(ZC_SECTORS % BUFFER_SECTORS == 0, "whole buffers on the zero-copy path");
_Static_assert((VBLK_PATTERN_SECTORS - ZC_SECTORS) % (RING_REQUESTS * RING_REQUEST_SECTORS) == 0,
               "whole rounds on the queued path");
_Static_assert(RING_REQUESTS <= RING_CAPACITY, "a round fits the ring");

static int check_pattern(const uint8_t *data, uint64_t sectors, uint64_t lba)
{
    struct blkpattern_mismatch bad;
    if (blkpattern_check(data, sectors, lba, VBLK_PATTERN_SEED, BLKPATTERN_DEFAULT_GENERATION,
                         &bad) == BLKPATTERN_OK)
        return 0;
    ipc_log_error("pattern: %s at lba %llu byte %u", blkpattern_result_name(bad.reason),
                  (unsigned long long)bad.lba, bad.offset);
    return -MICA_EIO;
}

/* Zero-copy: whole-buffer writes, then reads into a cleared buffer; and a
 * request whose buffer range starts mid-sector and crosses the frame
 * boundary (the device gets pieces that are not whole sectors). */
static int zero_copy(struct ipc_blk_handle *h)
{
    for (uint64_t lba = 0; lba < ZC_SECTORS; lba += BUFFER_SECTORS) {
        blkpattern_fill(h->buffer, BUFFER_SECTORS, lba, VBLK_PATTERN_SEED,
                        BLKPATTERN_DEFAULT_GENERATION);
        long n = ipc_blk_write_buffer(h, lba * SECTOR, BUFFER_BYTES, 0);
        if (n != (long)BUFFER_BYTES)
            return n < 0 ? (int)n : -MICA_EIO;
    }
    for (uint64_t lba = 0; lba < ZC_SECTORS; lba += BUFFER_SECTORS) {
        memset(h->buffer, 0, BUFFER_BYTES);
        long n = ipc_blk_read_buffer(h, lba * SECTOR, BUFFER_BYTES, 0);
        if (n != (long)BUFFER_BYTES)
            return n < 0 ? (int)n : -MICA_EIO;
        int r = check_pattern(h->buffer, BUFFER_SECTORS, lba);
        if (r)
            return r;
    }
    uint64_t odd = BUFFER_BYTES / BUFFER_FRAMES - SECTOR - 100u;
    memset(h->buffer, 0, BUFFER_BYTES);
    long n = ipc_blk_read_buffer(h, 8 * SECTOR, 4 * SECTOR, odd);
    if (n != 4 * SECTOR)
        return n < 0 ? (int)n : -MICA_EIO;
    return check_pattern(h->buffer + odd, 4, 8);
}

/* Pushes without ringing the doorbell: a batch (docs/rings.md) is rung once. */
static int push_quietly(struct ipc_blk_handle *h, const struct blk_submission *sub)
{
    return ipc_blk_queue_push(h, sub);
}

static void ring_doorbell(struct ipc_blk_handle *h)
{
    ipc_blk_queue_kick(h);
}

struct round {
    uint64_t first_lba;
    unsigned out_of_order; /* completions that overtook an earlier submission */
};

static struct blk_submission ring_request(uint8_t op, uint64_t id, uint64_t lba)
{
    return (struct blk_submission){ .request_id = id, .opcode = op, .length = RING_REQUEST_BYTES,
                                    .lba = lba, .buffer_offset = id * RING_REQUEST_BYTES };
}

/* One buffer's worth of requests pushed as one batch before the first is
 * reaped; id i moves piece i * 5 mod 16 of the buffer, so neighbouring ids
 * are not neighbours on the disk and the device has no reason to finish
 * them in id order. Completions are checked against the ids. */
static int ring_round(struct ipc_blk_handle *h, uint8_t op, struct round *round)
{
    for (unsigned i = 0; i < RING_REQUESTS; i++) {
        unsigned piece = i * 5u % RING_REQUESTS;
        struct blk_submission sub =
            ring_request(op, piece, round->first_lba + (uint64_t)piece * RING_REQUEST_SECTORS);
        sub.request_id = i;
        int r = push_quietly(h, &sub);
        if (r)
            return r;
    }
    ring_doorbell(h);
    uint32_t seen = 0;
    unsigned highest = 0;
    for (unsigned i = 0; i < RING_REQUESTS; i++) {
        struct blk_completion c;
        int r = ipc_blk_wait_completion(h, &c);
        if (r)
            return r;
        if (c.request_id >= RING_REQUESTS || (seen >> c.request_id & 1u) || c.status != 0 ||
            c.bytes != RING_REQUEST_BYTES) {
            ipc_log_error("completion id %llu status %d bytes %u", (unsigned long long)c.request_id,
                          c.status, c.bytes);
            return c.status ? c.status : -MICA_EPROTO;
        }
        seen |= 1u << c.request_id;
        if (c.request_id < highest)
            round->out_of_order++;
        if (c.request_id > highest)
            highest = (unsigned)c.request_id;
    }
    return 0;
}

static int queued(struct ipc_blk_handle *h, unsigned *out_of_order)
{
    const uint64_t round_sectors = RING_REQUESTS * RING_REQUEST_SECTORS;
    for (uint64_t lba = ZC_SECTORS; lba < VBLK_PATTERN_SECTORS; lba += round_sectors) {
        struct round round = { .first_lba = lba };
        blkpattern_fill(h->buffer, round_sectors, lba, VBLK_PATTERN_SEED,
                        BLKPATTERN_DEFAULT_GENERATION);
        int r = ring_round(h, BLK_OP_WRITE, &round);
        memset(h->buffer, 0, BUFFER_BYTES);
        if (!r)
            r = ring_round(h, BLK_OP_READ, &round);
        if (!r)
            r = check_pattern(h->buffer, round_sectors, lba);
        if (r)
            return r;
        *out_of_order += round.out_of_order;
    }
    return 0;
}

static int open_with_buffer(struct ipc_blk_handle *h, unsigned flags)
{
    int r = vblk_open0(h, flags);
    if (r)
        return r;
    long n = ipc_blk_buffer_create(h, BUFFER_PAGES, BUFFER_FRAMES);
    if (n != (long)BUFFER_BYTES) {
        ipc_blk_close(h);
        return n < 0 ? (int)n : -MICA_EIO;
    }
    return 0;
}

/* Two handles, a full round each in their rings before the server hears
 * of either: it takes both handles' requests up to their depth at once
 * (its close lines report the most it had in flight). */
static int two_clients(void)
{
    struct ipc_blk_handle a, b;
    int r = open_with_buffer(&a, BLK_OPEN_READ);
    if (r)
        return r;
    r = open_with_buffer(&b, BLK_OPEN_READ);
    if (!r)
        r = ipc_blk_ring_setup(&a, RING_CAPACITY, RING_CAPACITY);
    if (!r)
        r = ipc_blk_ring_setup(&b, RING_CAPACITY, RING_CAPACITY);
    for (unsigned i = 0; !r && i < RING_REQUESTS; i++) {
        struct blk_submission sub = ring_request(BLK_OP_READ, i, (uint64_t)i * RING_REQUEST_SECTORS);
        r = push_quietly(&a, &sub);
        sub.lba += ZC_SECTORS;
        if (!r)
            r = push_quietly(&b, &sub);
    }
    if (!r) {
        ring_doorbell(&a);
        ring_doorbell(&b);
    }
    for (unsigned i = 0; !r && i < 2 * RING_REQUESTS; i++) {
        struct blk_completion c;
        r = ipc_blk_wait_completion(i % 2 ? &b : &a, &c);
        if (!r && c.status)
            r = c.status;
    }
    if (!r)
        r = check_pattern(a.buffer, RING_REQUESTS * RING_REQUEST_SECTORS, 0);
    if (!r)
        r = check_pattern(b.buffer, RING_REQUESTS * RING_REQUEST_SECTORS, ZC_SECTORS);
    ipc_blk_close(&b);
    ipc_blk_close(&a);
    return r;
}

/* A completion ring of 2 and 16 submissions: the server may take only what
 * it can complete, and goes on as we reap. */
static int small_completion_ring(void)
{
    struct ipc_blk_handle h;
    int r = open_with_buffer(&h, BLK_OPEN_READ);
    if (r)
        return r;
    r = ipc_blk_ring_setup(&h, RING_CAPACITY, 2);
    for (unsigned i = 0; !r && i < RING_REQUESTS; i++) {
        struct blk_submission sub = ring_request(BLK_OP_READ, i, (uint64_t)i * RING_REQUEST_SECTORS);
        r = ipc_blk_submit(&h, &sub);
    }
    for (unsigned i = 0; !r && i < RING_REQUESTS; i++) {
        struct blk_completion c;
        r = ipc_blk_wait_completion(&h, &c);
        if (!r && c.status)
            r = c.status;
    }
    if (!r)
        r = check_pattern(h.buffer, RING_REQUESTS * RING_REQUEST_SECTORS, 0);
    ipc_blk_close(&h);
    return r;
}

/* Closing with requests in flight (whole-buffer reads, rung as one
 * batch, then CLOSE at once; on an unthrottled disk the device may be
 * quicker than the CLOSE, so vblk_paths tries CLOSE_TRIES times, and
 * vblk_close_busy runs once on a throttled disk): the server drains them
 * before it lets the frames go, and serves the next handle as usual. */
#define CLOSE_TRIES 8u

/* A new read handle with a full ring of whole-buffer reads, rung once. */
static int open_busy_handle(struct ipc_blk_handle *h)
{
    int r = open_with_buffer(h, BLK_OPEN_READ);
    if (r)
        return r;
    r = ipc_blk_ring_setup(h, RING_CAPACITY, RING_CAPACITY);
    for (unsigned i = 0; !r && i < RING_CAPACITY; i++) {
        struct blk_submission sub = { .request_id = i, .opcode = BLK_OP_READ,
                                      .length = BUFFER_BYTES, .lba = i * BUFFER_SECTORS };
        r = push_quietly(h, &sub);
    }
    if (!r)
        ring_doorbell(h);
    else
        ipc_blk_close(h);
    return r;
}

static int close_busy_handle(void)
{
    struct ipc_blk_handle h;
    int r = open_busy_handle(&h);
    return r ? r : ipc_blk_close(&h);
}

/* The handle after the busy ones. Until the device answers their
 * requests, those count against this client's limits, and their handles
 * too while they drain (docs/block-protocol.md, "Fairness"): on a device
 * slower than our tries (throttled, or QEMU on a loaded host) four closed
 * handles hold the client's 32 requests, and a few more could hold its 8
 * handles. So the OPEN waits out -EMFILE, and the read is the simple call,
 * which waits out the server's -EAGAIN (READ_BUFFER by name returns it at
 * once). The waits are bounded as the simple call's is. */
static int open_after_busy(struct ipc_blk_handle *h)
{
    uint64_t start = arch_rdtime(), wait = timebase_ticks_ms(IPC_BLK_BUSY_WAIT_MS);
    int r;
    while ((r = open_with_buffer(h, BLK_OPEN_READ)) == -MICA_EMFILE && arch_rdtime() - start < wait)
        mica_sys_thread_yield();
    return r;
}

static int close_in_flight(unsigned tries)
{
    struct ipc_blk_handle h;
    int r = 0;
    for (unsigned i = 0; !r && i < tries; i++)
        r = close_busy_handle();
    if (r)
        return r;
    r = open_after_busy(&h);
    if (r)
        return r;
    long n = ipc_blk_read(&h, 0, h.buffer, BUFFER_BYTES); /* in place: one READ_BUFFER */
    r = n == (long)BUFFER_BYTES ? check_pattern(h.buffer, BUFFER_SECTORS, 0) : -MICA_EIO;
    ipc_log_info("vblk close in flight: requests that waited for the drain: %llu",
                 (unsigned long long)h.simple.busy_waits);
    ipc_blk_close(&h);
    return r;
}

/* A ring whose producer index runs further ahead than its capacity: the
 * server closes the handle (one warn line) and the handle's cap is gone. */
static int broken_ring(void)
{
    struct ipc_blk_handle h;
    int r = open_with_buffer(&h, BLK_OPEN_READ);
    if (r)
        return r;
    r = ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY);
    if (!r) {
        volatile uint32_t *producer_index = h.queue.regions[0]; /* offset 0, docs/rings.md */
        *producer_index += 4u * RING_CAPACITY;
        ntfn_signal(h.queue.doorbell);
        struct blk_stat st;
        r = ipc_blk_fstat(&h, &st) == -MICA_EBADF ? 0 : -MICA_EPROTO;
    }
    ipc_blk_close(&h);
    return r;
}

/* REGISTER_BUFFER wants frames whose physical address we may learn: a copy
 * without the DMA right is -EFAULT; the frame itself is taken. */
static int buffer_needs_dma(void)
{
    struct ipc_blk_handle h;
    int r = vblk_open0(&h, BLK_OPEN_READ);
    if (r)
        return r;
    long frame = ipc_obj_create(MICA_CAP_FRAME, 1);
    long copy = ipc_slot_alloc();
    if (frame < 0 || copy < 0 ||
        mica_sys_cap_copy(0, copy, frame, MICA_RIGHT_READ | MICA_RIGHT_WRITE) < 0)
        r = -MICA_ENOMEM;
    if (!r && ipc_blk_buffer_register(&h, &copy, 1) != -MICA_EFAULT)
        r = -MICA_EPROTO;
    if (!r && ipc_blk_buffer_register(&h, &frame, 1) != PAGE)
        r = -MICA_EPROTO;
    ipc_blk_close(&h);
    ipc_cap_drop(copy);
    ipc_cap_drop(frame);
    return r;
}

void vblk_paths(void)
{
    struct ipc_blk_handle h;
    int r = open_with_buffer(&h, BLK_OPEN_READ | BLK_OPEN_WRITE);
    check(r == 0, "vblk_buffer_register", "open or REGISTER_BUFFER failed", r);
    if (r)
        return;
    struct blk_stat st;
    r = ipc_blk_fstat(&h, &st);
    check(r == 0 && st.queue_depth == VBLK_QUEUE_DEPTH && st.max_transfer == VBLK_MAX_TRANSFER,
          "vblk_fstat_depth", "fstat failed or queue depth / max transfer not 8 / 1 MiB", r);
    r = zero_copy(&h);
    check(r == 0, "vblk_zero_copy_verify", "zero-copy pattern did not come back", r);
    r = ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY);
    check(r == 0, "vblk_ring_setup", "RING_SETUP failed", r);
    unsigned out_of_order = 0;
    if (r == 0) {
        r = queued(&h, &out_of_order);
        check(r == 0, "vblk_queued_verify", "queued pattern did not come back", r);
    }
    ipc_log_info("vblk queued: %u completions overtook an earlier submission", out_of_order);
    r = ipc_blk_fsync(&h);
    check(r == 0, "vblk_paths_fsync", "fsync failed", r);
    r = ipc_blk_close(&h);
    check(r == 0, "vblk_paths_close", "close failed", r);
    r = two_clients();
    check(r == 0, "vblk_two_clients", "two handles' rounds failed", r);
    r = small_completion_ring();
    check(r == 0, "vblk_small_completion_ring", "requests lost or failed", r);
    r = close_in_flight(CLOSE_TRIES);
    check(r == 0, "vblk_close_in_flight", "close with requests in flight broke the server", r);
    r = broken_ring();
    check(r == 0, "vblk_broken_ring", "a ring breaking the protocol did not end its handle", r);
    r = buffer_needs_dma();
    check(r == 0, "vblk_buffer_needs_dma", "a frame without DMA was not EFAULT", r);
}

void vblk_close_busy(void)
{
    int r = close_in_flight(1);
    check(r == 0, "vblk_close_in_flight", "close with requests in flight broke the server", r);
}

/* The closes again, and a simple read that waits for their drain, one
 * device answer at 20 a second: past its first millisecond the wait sleeps
 * a timer tick between tries (blocked, so that threads below this one's
 * priority run), where it only yielded before. */
static int busy_wait_sleeps(void)
{
    int r = 0;
    for (unsigned i = 0; !r && i < CLOSE_TRIES; i++)
        r = close_busy_handle();
    struct ipc_blk_handle h;
    if (r || (r = open_after_busy(&h)))
        return r;
    long n = ipc_blk_read(&h, 0, h.buffer, BUFFER_BYTES);
    r = n == (long)BUFFER_BYTES ? check_pattern(h.buffer, BUFFER_SECTORS, 0) : n < 0 ? (int)n : -MICA_EIO;
    ipc_log_info("vblk busy wait: %llu requests waited, %llu timer ticks asleep",
                 (unsigned long long)h.simple.busy_waits, (unsigned long long)h.simple.busy_sleeps);
    if (!r && (h.simple.busy_waits == 0 || h.simple.busy_sleeps == 0))
        r = -MICA_EPROTO;
    ipc_blk_close(&h);
    return r;
}

/* vblk_paths' CLOSE_TRIES on a throttled disk: the closed handles' requests
 * are still in flight when the read comes, and hold this client's limit. */
void vblk_close_many(void)
{
    /* First, while nothing of this client is in flight: the kept call's
     * read must be taken at once. */
    int r = vblk_kept_enter();
    check(r == 0, "vblk_kept_ring_enter", "a kept RING_ENTER was not answered as it should", r);
    r = close_in_flight(CLOSE_TRIES);
    check(r == 0, "vblk_close_many_in_flight", "the read after the closes failed", r);
    /* Again, and a broken ring while the closed handles still hold every
     * request this client may have in flight: no tag is free for its ring,
     * and the server must end its handle all the same. */
    for (unsigned i = 0; !r && i < CLOSE_TRIES; i++)
        r = close_busy_handle();
    if (!r)
        r = broken_ring();
    check(r == 0, "vblk_broken_ring_at_limit", "a broken ring without a free tag was not ended", r);
    r = busy_wait_sleeps();
    check(r == 0, "vblk_busy_wait_sleeps", "the wait for the drain did not sleep", r);
}

/* A client that goes away with requests in flight: whole-buffer reads
 * pushed and rung, then exit without CLOSE. init revokes what its quota
 * made, the server's copies of its frames included; the server must notice
 * before it touches the rings again. */
void vblk_client_gone(void)
{
    struct ipc_blk_handle h;
    int r = open_busy_handle(&h);
    check(r == 0, "vblk_client_gone_submit", "could not submit before going", r);
    ipc_log_info("vblk client leaving with requests submitted");
}

/* Bounds on waiting for the shell's stop and load. */
#define SERVER_STOP_WAIT_MS 60000u

/* The server stopped with this client's requests in flight (on a throttled
 * disk, from the shell): the handle fails rather than hangs; init resets the
 * device before the server's memory goes. Then, once the server is loaded
 * again, a new handle reads the pattern the host wrote. */
void vblk_server_stopped(void)
{
    struct ipc_blk_handle h;
    int r = open_busy_handle(&h);
    check(r == 0, "vblk_busy_before_stop", "could not submit before the stop", r);
    if (r)
        return;
    ipc_log_info("holding disk.vblk0: with requests in flight, waiting for its server to stop");
    struct blk_stat st;
    uint64_t start = arch_rdtime(), wait = timebase_ticks_ms(SERVER_STOP_WAIT_MS);
    while ((r = ipc_blk_fstat(&h, &st)) == 0 && arch_rdtime() - start < wait)
        mica_sys_thread_yield();
    check(r == -MICA_EBADF || r == -MICA_EPIPE, "vblk_handle_after_stop",
          "the handle still worked or failed oddly", r);
    ipc_blk_close(&h); /* frees what is left here */
    /* Nobody is starting the server until the shell loads it: the name is
     * plainly unknown (ENOENT) until then, so the wait is this client's. */
    start = arch_rdtime();
    while ((r = open_with_buffer(&h, BLK_OPEN_READ)) == -MICA_ENOENT &&
           arch_rdtime() - start < wait)
        mica_sys_thread_yield();
    long n = r ? r : ipc_blk_read_buffer(&h, 0, BUFFER_BYTES, 0);
    r = n == (long)BUFFER_BYTES ? check_pattern(h.buffer, BUFFER_SECTORS, 0) : (int)n;
    check(r == 0, "vblk_after_restart", "the server loaded again did not read the pattern", r);
    if (n >= 0)
        ipc_blk_close(&h);
}

/* On a read-only disk (a READ handle: OPEN refuses WRITE) every path's
 * write and flush is refused and the host finds the file unchanged. */
void vblk_paths_read_only(void)
{
    struct ipc_blk_handle h;
    int r = open_with_buffer(&h, BLK_OPEN_READ);
    check(r == 0, "vblk_ro_buffer_register", "open or REGISTER_BUFFER failed", r);
    if (r)
        return;
    memset(h.buffer, 0xee, BUFFER_BYTES);
    long n = ipc_blk_write_buffer(&h, 0, BUFFER_BYTES, 0);
    check(n == -MICA_EBADF, "vblk_ro_write_buffer", "zero-copy write was not EBADF", n);
    r = ipc_blk_ring_setup(&h, RING_CAPACITY, RING_CAPACITY);
    struct blk_completion c = { 0 };
    if (!r) {
        struct blk_submission sub = ring_request(BLK_OP_WRITE, 3, 0);
        r = ipc_blk_submit(&h, &sub);
    }
    if (!r)
        r = ipc_blk_wait_completion(&h, &c);
    check(r == 0 && c.request_id == 3 && c.status == -MICA_EBADF && c.bytes == 0,
          "vblk_ro_ring_write", "ring write was not completed with EBADF", r ? r : c.status);
    n = ipc_blk_read_buffer(&h, 0, SECTOR, 0);
    int same = n == SECTOR;
    for (unsigned i = 0; same && i < SECTOR; i++)
        same = h.buffer[i] == (uint8_t)i;
    check(same, "vblk_ro_read_buffer", "zero-copy read failed or brought other bytes", n);
    ipc_blk_close(&h);
}
