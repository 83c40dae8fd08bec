/* Block client, the simple calls (mica/blk_client.h): a read or write of any
 * length into or out of any memory, moved the cheapest way the handle has
 * (blk_simple_plan.c decides; docs/block-protocol.md, "The simple calls").
 * Each request goes through the path's own call, so a server's death in the
 * middle is recovered from as there (a window request is simply repeated;
 * the bounce buffer is registered again with the restarted server like any
 * other). A request the server refuses for now (-EAGAIN) waits and goes
 * again, so a simple call does not fail because a queue is full. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include "blk_client_private.h"
#include "blk_simple_plan.h"

/* FSTAT once per handle: the facts the whole-call check and the pieces need. */
static long know_device(struct ipc_blk_handle *h)
{
    if (h->simple.known)
        return 0;
    struct blk_stat stat;
    uint64_t window_max;
    int r = blk_fstat_window(h, &stat, &window_max);
    return r < 0 ? r : blk_simple_learn(&h->simple, &stat, window_max);
}

static bool in_buffer(const struct ipc_blk_handle *h, const void *data, uint64_t length)
{
    uintptr_t at = (uintptr_t)data, base = (uintptr_t)h->buffer;
    return h->buffer && at >= base && at - base <= h->buffer_bytes &&
           length <= h->buffer_bytes - (at - base);
}

/* The library's bounce buffer, registered now; false when it could not be
 * (quota, the server's limit, a server without buffers): the call goes by
 * messages then, and so does every later one that would have made it. */
static bool make_bounce(struct ipc_blk_handle *h)
{
    long r = ipc_blk_buffer_create(h, blk_simple_bounce_pages(&h->simple.device), 1);
    if (r < 0) {
        h->simple.bounce_refused = true;
        return false;
    }
    h->simple.bounce = true;
    return true;
}

/* One request of `length` bytes: by window or message, or on the buffer at
 * buffer_at. Inline in the simple call's loop, as a call of its own costs
 * the common request a frame (the wait's copy is out of line). */
static inline __attribute__((always_inline)) long
move_piece(struct ipc_blk_handle *h, enum blk_simple_way way, bool write,
           uint64_t offset, uint8_t *data, uint64_t length, uint64_t buffer_at)
{
    if (way == BLK_SIMPLE_WINDOWS)
        return blk_window_io(h, write, offset, data, length);
    if (way == BLK_SIMPLE_MESSAGES)
        return write ? ipc_blk_write_message(h, offset, data, length)
                     : ipc_blk_read_message(h, offset, data, length);
    if (way == BLK_SIMPLE_IN_PLACE)
        return write ? ipc_blk_write_buffer(h, offset, length, buffer_at)
                     : ipc_blk_read_buffer(h, offset, length, buffer_at);
    if (write)
        memcpy(h->buffer, data, length);
    long r = write ? ipc_blk_write_buffer(h, offset, length, 0)
                   : ipc_blk_read_buffer(h, offset, length, 0);
    if (!write && r > 0)
        memcpy(data, h->buffer, (uint64_t)r);
    return r;
}

/* Asleep until the next timer tick on `*timer`, a notification made at
 * the first sleep (0 until then, negative when it could not be made): a
 * yield lets only threads of the caller's priority run, a sleep every
 * thread. False when there is no timer, for the caller to yield instead. */
static bool sleep_a_tick(long *timer)
{
    if (*timer == 0) {
        long made = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
        *timer = made < 0 ? -1 : made;
    }
    return *timer > 0 && mica_sys_ntfn_timer(*timer, 1) >= 0 && ntfn_wait(*timer) >= 0;
}

/* A request the server refused for now (-EAGAIN: this client's or the
 * handle's requests in flight at their limit, or no request slot free):
 * they drain as the device answers, so it goes again, after a yield for
 * the first IPC_BLK_BUSY_SPIN_MS and after a timer tick's sleep from then
 * on (so that lower priorities run too), until IPC_BLK_BUSY_WAIT_MS have
 * passed. Out of line: the common request pays one comparison. */
static BLK_COLD long wait_while_busy(struct ipc_blk_handle *h, enum blk_simple_way way, bool write,
                                     uint64_t offset, uint8_t *data, uint64_t length,
                                     uint64_t buffer_at)
{
    h->simple.busy_waits++;
    uint64_t start = arch_rdtime(), spin = timebase_ticks_ms(IPC_BLK_BUSY_SPIN_MS),
             limit = timebase_ticks_ms(IPC_BLK_BUSY_WAIT_MS);
    long timer = 0, r;
    do {
        if (arch_rdtime() - start < spin || !sleep_a_tick(&timer))
            mica_sys_thread_yield();
        else
            h->simple.busy_sleeps++;
        r = move_piece(h, way, write, offset, data, length, buffer_at);
    } while (r == -MICA_EAGAIN && arch_rdtime() - start < limit);
    if (timer > 0)
        ipc_cap_drop(timer);
    return r;
}

static inline __attribute__((always_inline)) long
one_request(struct ipc_blk_handle *h, enum blk_simple_way way, bool write,
            uint64_t offset, uint8_t *data, uint64_t length, uint64_t buffer_at)
{
    long r = move_piece(h, way, write, offset, data, length, buffer_at);
    if (__builtin_expect(r == -MICA_EAGAIN, 0))
        return wait_while_busy(h, way, write, offset, data, length, buffer_at);
    return r;
}

static long simple_io(struct ipc_blk_handle *h, bool write, uint64_t offset, uint8_t *data,
                      uint64_t length)
{
    /* FSTAT on the first call, which says whether the server takes windows;
     * a server that does not answer it is still called by messages. */
    long known = know_device(h);
    bool placed = in_buffer(h, data, length);
    /* The common call, one window request: the server checks it. */
    if (!placed && length <= h->simple.device.window_max && length >= BLK_SIMPLE_WINDOW_MIN)
        return one_request(h, BLK_SIMPLE_WINDOWS, write, offset, data, length, 0);
    /* A small call on a handle without a buffer: one message. */
    if (h->buffer_bytes == 0 && length <= BLK_MSG_DATA_MAX)
        return one_request(h, BLK_SIMPLE_MESSAGES, write, offset, data, length, 0);
    enum blk_simple_way way = blk_simple_choose(&h->simple, placed, h->buffer_bytes != 0, length);
    /* One message beside the caller's buffer needs nothing of the device. */
    if (way == BLK_SIMPLE_MESSAGES && length <= BLK_MSG_DATA_MAX)
        return one_request(h, BLK_SIMPLE_MESSAGES, write, offset, data, length, 0);
    long r = known;
    if (r < 0)
        return r;
    /* Perhaps several requests: refused whole, before anything is made or
     * moved, or not at all. */
    r = decode_blk_simple(&h->simple, write, offset, length);
    if (r < 0)
        return r;
    if (way == BLK_SIMPLE_MAKE_BOUNCE)
        way = make_bounce(h) ? BLK_SIMPLE_BOUNCE : BLK_SIMPLE_MESSAGES;
    uint64_t piece = blk_simple_piece(&h->simple.device, way, h->buffer_bytes);
    if (piece == 0)
        piece = length; /* no whole block fits: one request, which the server refuses */
    uint64_t buffer_at = placed ? (uint64_t)(data - h->buffer) : 0;
    for (uint64_t done = 0; done < length;) {
        uint64_t n = length - done < piece ? length - done : piece;
        r = one_request(h, way, write, offset + done, data + done, n, buffer_at + done);
        if (r < 0)
            return r;
        done += (uint64_t)r;
        if ((uint64_t)r != n)
            return (long)done; /* the server moved less than asked: say how much */
    }
    return (long)length;
}

long ipc_blk_read(struct ipc_blk_handle *h, uint64_t offset, void *data, uint64_t length)
{
    return simple_io(h, false, offset, data, length);
}

long ipc_blk_write(struct ipc_blk_handle *h, uint64_t offset, const void *data, uint64_t length)
{
    /* Written data is only read here; the cast lets one loop serve both. */
    return simple_io(h, true, offset, (uint8_t *)(uintptr_t)data, length);
}
