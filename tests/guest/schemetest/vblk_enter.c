/* A RING_ENTER that virtio-blk keeps (its only ring) on a disk throttled to
 * 20 requests a second: another message coming meanwhile makes the kernel
 * save the kept reply, which the server then answers after the device
 * gives the read back; a second call on the handle meanwhile is answered
 * at once; and a CLOSE of the handle answers a saved one at once. The calls are sent by hand, from a thread of their own, so that
 * this thread can send the other messages while that one waits. */
#include <mica/abi/errno.h>
#include <mica/cap.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>

#include "schemetest.h"

#define ENTER_RING 8u
#define ENTER_STACK_PAGES 4u
#define YIELDS_MAX 100000u

struct enter_call {
    long ep;
    struct ipc_msg reply;
    int started, done;
};

static void enter_and_record(uintptr_t arg)
{
    struct enter_call *c = (struct enter_call *)arg;
    __atomic_store_n(&c->started, 1, __ATOMIC_RELEASE);
    c->reply = ipc_call(c->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_RING_ENTER), 0, 0), 0, 0, 0, 0);
    __atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
}

static bool call_done(struct enter_call *c)
{
    return __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) != 0;
}

/* Yields until the thread has sent its call (it runs until the call
 * blocks it), for at most YIELDS_MAX turns. */
static bool call_sent(struct enter_call *c)
{
    for (unsigned i = 0; i < YIELDS_MAX && !__atomic_load_n(&c->started, __ATOMIC_ACQUIRE); i++)
        mica_sys_thread_yield();
    return __atomic_load_n(&c->started, __ATOMIC_ACQUIRE) != 0;
}

/* Yields until the call returned, for at most `yields` turns. */
static bool wait_done(struct enter_call *c, unsigned yields)
{
    for (unsigned i = 0; i < yields && !call_done(c); i++)
        mica_sys_thread_yield();
    return call_done(c);
}

/* Reads enough to empty QEMU's throttle bucket (it lets a burst through
 * at once), so that the next request waits for the device. */
#define BURST_READS 4u

/* One read pushed (no doorbell) after the burst, and a thread sending
 * RING_ENTER for it. */
static long push_and_enter(struct ipc_blk_handle *h, struct enter_call *c)
{
    for (unsigned i = 0; i < BURST_READS; i++) {
        long n = ipc_blk_read(h, 0, h->buffer, BLK_BLOCK_SIZE_MIN);
        if (n != BLK_BLOCK_SIZE_MIN)
            return n < 0 ? n : -MICA_EIO;
    }
    struct blk_submission s = { .request_id = 1, .opcode = BLK_OP_READ, .length = BLK_BLOCK_SIZE_MIN,
                                .lba = 0, .buffer_offset = 0 };
    int r = ipc_blk_queue_push(h, &s);
    if (r)
        return r;
    *c = (struct enter_call){ .ep = h->ep };
    return ipc_thread_spawn(enter_and_record, (uintptr_t)c, 50, 0, ENTER_STACK_PAGES);
}

/* The kept call's answer: status 0, BLK_RING_ENTER_KEPT. */
static int kept_answer(const struct enter_call *c)
{
    if (c->reply.badge < 0)
        return (int)c->reply.badge;
    if (c->reply.w[BLK_REPLY_W_STATUS] != 0)
        return (int)c->reply.w[BLK_REPLY_W_STATUS];
    return MICA_MSGINFO_WORDS(c->reply.info) > BLK_RING_ENTER_REPLY_W_SERVED &&
                   c->reply.w[BLK_RING_ENTER_REPLY_W_SERVED] == BLK_RING_ENTER_KEPT
               ? 0
               : -MICA_EPROTO;
}

/* push_and_enter, and once the thread's call is sent, a message of
 * `label` sent by hand on the same handle, its status in *status: the
 * thread's slot, or the error that sent nothing. */
static long enter_then_send(struct ipc_blk_handle *h, struct enter_call *c, uint64_t label, int *status)
{
    long thread = push_and_enter(h, c);
    if (thread < 0)
        return thread;
    if (!call_sent(c)) {
        ipc_cap_drop(thread);
        return -MICA_ETIMEDOUT;
    }
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(label), 0, 0), 0, 0, 0, 0);
    *status = m.badge < 0 ? (int)m.badge : (int)m.w[BLK_REPLY_W_STATUS];
    return thread;
}

/* An FSTAT message while the call is kept (sent by hand: the library may
 * answer FSTAT from what it learnt before): answered at once, the call
 * still waiting; then the call's answer after the read, and the read in
 * the ring. */
static int saved_then_answered(struct ipc_blk_handle *h)
{
    struct enter_call c;
    int r;
    long thread = enter_then_send(h, &c, BLK_MSG_FSTAT, &r);
    if (thread < 0)
        return (int)thread;
    bool waited = !call_done(&c);
    if (!r && !wait_done(&c, YIELDS_MAX))
        r = -MICA_ETIMEDOUT;
    if (!r)
        r = kept_answer(&c);
    struct blk_completion done;
    if (!r && ipc_blk_poll_completion(h, &done) != 0)
        r = -MICA_EPROTO; /* the read is in the ring when the answer comes */
    ipc_log_info("vblk kept RING_ENTER: still waiting after a FSTAT: %s; answered %s",
                 waited ? "yes" : "no", r ? mica_errno_name(r) : "kept");
    if (!r && !waited)
        r = -MICA_EPROTO;
    ipc_cap_drop(thread);
    return r;
}

/* Two threads' RING_ENTER on the one handle: the second comes while the
 * first is kept, which the kernel saves in the handle's slot; the second
 * has no slot to wait in and is answered at once (started), the first
 * after its read. The server serves on (a FSTAT after). */
static int two_calls_one_handle(struct ipc_blk_handle *h)
{
    struct enter_call first, second;
    long threads[2];
    threads[0] = push_and_enter(h, &first);
    if (threads[0] < 0)
        return (int)threads[0];
    int r = call_sent(&first) ? 0 : -MICA_ETIMEDOUT;
    second = (struct enter_call){ .ep = h->ep };
    threads[1] = r ? -1 : ipc_thread_spawn(enter_and_record, (uintptr_t)&second, 50, 0, ENTER_STACK_PAGES);
    if (!r && threads[1] < 0)
        r = (int)threads[1];
    if (!r && !(call_sent(&second) && wait_done(&second, YIELDS_MAX) && wait_done(&first, YIELDS_MAX)))
        r = -MICA_ETIMEDOUT;
    if (!r && (second.reply.badge < 0 || second.reply.w[BLK_REPLY_W_STATUS] != 0 ||
               second.reply.w[BLK_RING_ENTER_REPLY_W_SERVED] != BLK_RING_ENTER_STARTED))
        r = -MICA_EPROTO;
    if (!r)
        r = kept_answer(&first);
    struct blk_completion done;
    if (!r && ipc_blk_poll_completion(h, &done) != 0)
        r = -MICA_EPROTO;
    struct blk_stat st;
    if (!r)
        r = ipc_blk_fstat(h, &st);
    ipc_log_info("vblk two RING_ENTERs on one handle: %s", r ? mica_errno_name(r) : "the second answered at once, the first kept");
    for (unsigned i = 0; i < 2; i++)
        if (threads[i] >= 0)
            ipc_cap_drop(threads[i]);
    return r;
}

/* A CLOSE sent by hand while the call waits saved: the server answers it
 * as it closes, before the device gives the read back. */
static int answered_at_close(struct ipc_blk_handle *h)
{
    struct enter_call c;
    int r;
    long thread = enter_then_send(h, &c, BLK_MSG_CLOSE, &r);
    if (thread < 0)
        return (int)thread;
    if (!r && !wait_done(&c, 100))
        r = -MICA_ETIMEDOUT;
    if (!r)
        r = kept_answer(&c);
    ipc_log_info("vblk kept RING_ENTER at CLOSE: %s", r ? mica_errno_name(r) : "answered");
    ipc_cap_drop(thread);
    return r;
}

int vblk_kept_enter(void)
{
    struct ipc_blk_handle h;
    int r = vblk_open0(&h, BLK_OPEN_READ);
    if (r)
        return r;
    long n = ipc_blk_buffer_create(&h, 1, 1);
    r = n < 0 ? (int)n : ipc_blk_ring_setup(&h, ENTER_RING, ENTER_RING);
    if (!r)
        r = saved_then_answered(&h);
    if (!r)
        r = two_calls_one_handle(&h);
    if (!r)
        r = answered_at_close(&h);
    ipc_blk_close(&h); /* -EBADF after the CLOSE by hand: it releases our side */
    return r;
}
