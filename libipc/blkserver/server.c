/* The framework's receive loop and label dispatch. One receive waits for
 * client messages on the endpoint and for the notification bound to the
 * serving thread, whose word carries every ring's doorbell (bit i: handle
 * i), every handle's gone bit (its client died) and the driver's interrupt
 * (BLK_SERVER_IRQ_BADGE), and init's supervisor signal
 * (BLK_SERVER_SUPERVISOR_BADGE, supervision.c). */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>

#include "blk_server_private.h"
#include "call_sync.h"
#include "windows.h"

int blk_server_init(struct blk_server *s, const struct blk_server_config *config, long endpoint,
                    long notification)
{
    memset(s, 0, sizeof *s);
    s->c = *config;
    if (s->c.tags == 0 || s->c.tags > BLK_SERVER_MAX_TAGS)
        s->c.tags = BLK_SERVER_MAX_TAGS;
    const struct blk_driver_ops *ops = s->c.ops;
    /* run alone (it needs the data mapped), or start with poll and arm. */
    bool sync_ok = ops && ops->run && !ops->start && !ops->poll && !s->c.dma;
    bool async_ok = ops && !ops->run && ops->start && ops->poll && ops->arm;
    if (!(sync_ok || async_ok) || (s->c.dma && !s->c.bounce_va) || s->c.queue_depth == 0)
        return -MICA_EINVAL;
    int err = blk_server_clients_init(s);
    if (err)
        return err;
    s->endpoint = endpoint;
    s->c.limits.window_max = blk_server_window_max(&s->c);
    for (unsigned i = 0; i < BLK_SERVER_MAX_HANDLES; i++)
        s->handles[i].view = s->c.limits;
    for (unsigned i = 0; i < s->c.tags; i++)
        s->free_tags[i] = s->c.tags - 1u - i;
    s->free_count = s->c.tags;
    /* Saved replies wait in these slots: made now, the loop allocates nothing. */
    for (unsigned i = 0; !blk_server_sync(s) && i < s->c.tags; i++) {
        s->tags[i].reply = ipc_slot_alloc();
        if (s->tags[i].reply < 0)
            return (int)s->tags[i].reply;
    }
    if (!notification) {
        notification = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
        if (notification < 0)
            return (int)notification;
    }
    s->notification = notification;
    s->rings_later_signal = ipc_slot_alloc();
    if (s->rings_later_signal < 0)
        return (int)s->rings_later_signal;
    long err_mint = mica_sys_cap_mint(0, s->rings_later_signal, notification, MICA_RIGHT_WRITE,
                                      (long)BLK_SERVER_RINGS_LATER_BADGE);
    if (err_mint < 0)
        return (int)err_mint;
    blk_handle_table_init(&s->table, s->handles, sizeof s->handles[0], BLK_SERVER_MAX_HANDLES,
                          endpoint, &blk_handle_ipc_caps);
    for (unsigned i = 0; !blk_server_sync(s) && i < BLK_SERVER_MAX_HANDLES; i++) {
        s->enter_replies[i] = ipc_slot_alloc();
        if (s->enter_replies[i] < 0)
            return (int)s->enter_replies[i];
    }
    err = blk_inbox_init(&s->inbox);
    if (err)
        return err;
    /* Here, on the thread that sets the server up: the workers' slots and
     * frames come from allocators no other thread may be using. */
    int started = blk_server_workers_start(s);
    if (started < 0)
        ipc_log_warn("%s: no ring workers (%s): the main thread serves every ring", s->c.name,
                     mica_errno_name(started));
    return 0;
}

int blk_server_bind(struct blk_server *s, long thread)
{
    return (int)mica_sys_ntfn_bind(s->notification, thread);
}

/* The one place that decides who may OPEN: only a door the name service
 * hands out (MICA_SCHEME_DOOR_MARKER, mica/scheme.h), whose low bits name
 * the client the handle is charged to. A handle's cap is for its own
 * handle, and badge 0 (the unbadged endpoint) is never handed to a client. */
_Static_assert(!((MICA_SCHEME_DOOR_MARKER | MICA_SCHEME_DOOR_CLIENT_MASK) & BLK_BADGE_HANDLE),
               "a door never names a handle");

static bool may_open(long badge)
{
    return ipc_scheme_is_door((uint64_t)badge);
}

/* True when the caller's reply was saved, to be answered at completion. */
static bool dispatch(struct blk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    if (blk_server_worker_fault(m))
        blk_server_worker_faulted(s, m);
    if (label == BLK_LABEL(BLK_MSG_OPEN)) {
        if (may_open(m->badge))
            blk_server_open(s, m, r);
        else
            blk_reply_error(r, -MICA_EBADF);
        return false;
    }
    struct blk_handle *found = blk_handle_lookup(&s->table, (uint64_t)m->badge);
    if (!found) {
        blk_reply_error(r, -MICA_EBADF);
        return false;
    }
    struct blk_server_handle *h = blk_server_handle_of(found);
    /* The zero-copy call first, one test for its two labels: the switch's
     * search of fourteen took ten instructions to reach it. */
    _Static_assert(BLK_MSG_WRITE_BUFFER == BLK_MSG_READ_BUFFER + 1, "the buffer labels are adjacent");
    if (label - BLK_LABEL(BLK_MSG_READ_BUFFER) < 2) {
        if (!blk_server_sync(s))
            return blk_server_buffer_call_io(s, h, m, r);
        blk_server_buffer_call_sync(s, h, m, r);
        return false;
    }
    switch (label) {
    case BLK_LABEL(BLK_MSG_CLOSE): /* cannot fail: status 0 */
        blk_server_close(s, h);
        return false;
    case BLK_LABEL(BLK_MSG_FSTAT):
        blk_server_fstat(s, h, r);
        return false;
    case BLK_LABEL(BLK_MSG_PARTITION):
        blk_server_partition(s, m, r);
        return false;
    case BLK_LABEL(BLK_MSG_REGISTER_BUFFER):
        blk_server_register_buffer(s, h, m, r);
        return false;
    case BLK_LABEL(BLK_MSG_RING_SETUP):
        blk_server_ring_setup(s, h, m, r);
        return false;
    case BLK_LABEL(BLK_MSG_RING_ENTER):
        return blk_server_ring_enter(s, h, r);
    default: /* reads, writes, flushes, and labels decode_blk_request refuses */
        return blk_server_call_io(s, h, m, r);
    }
}

/* The client's wakeup settle owed, sent now (see receive). */
static void send_owed_wake(struct blk_server *s)
{
    if (s->wake_at_receive) {
        ntfn_signal(s->wake_at_receive);
        s->wake_at_receive = 0;
    }
}

/* An asynchronous driver: its completions answered, every ring served, until
 * it is idle or has armed its interrupt, so the next receive ends at the
 * next completion. */
static int settle(struct blk_server *s)
{
    for (;;) {
        int err = s->c.ops->poll(s->c.driver);
        if (err < 0)
            return err;
        /* Tags came free: rings that stopped for want of one go on. */
        blk_server_ring_serve_all(s);
        if (s->c.ops->arm(s->c.driver))
            return 0;
        /* More came back meanwhile: a client owed a wakeup gets it now,
         * not after this round too. */
        send_owed_wake(s);
    }
}

/* The next message: bits a partition read took from the notification
 * (partitions.c) first, as the notification they came in. A client's
 * ring wakeup owed by settle goes with the receive, in one system call;
 * refused (nothing signalled: its handle closed meanwhile took the cap),
 * the receive is made alone. */
static struct ipc_msg receive(struct blk_server *s)
{
    if (s->deferred_word) {
        send_owed_wake(s);
        struct ipc_msg m = { .badge = (long)s->deferred_word,
                             .info = MICA_MSGINFO(MICA_LABEL_NOTIFICATION, 0, 0) };
        s->deferred_word = 0;
        return m;
    }
    long wake = s->wake_at_receive;
    if (wake) {
        s->wake_at_receive = 0;
        struct ipc_msg m = ipc_signal_recv(wake, s->endpoint);
        if (m.badge >= 0)
            return m;
    }
    return ipc_recv(s->endpoint);
}

/* A receive while the thread's pending reply waits for the device: the
 * reply stays the thread's own (ipc_recv_hold) while the bound
 * notification ends the wait, as the interrupt does, so that the loop
 * answers it after settle with the next receive, as if the device had been
 * quick: *held. Anything else (a client's message) comes after the kernel
 * saved the reply in `slot`, to be sent from there (a caller gone
 * meanwhile leaves nothing to save, and that send fails). */
static inline __attribute__((always_inline)) struct ipc_msg receive_holding(struct blk_server *s, long slot,
                                                                            bool *held)
{
    struct ipc_msg m;
    if (s->deferred_word) {
        m = receive(s); /* the bits taken before, as a notification: no system call */
    } else {
        send_owed_wake(s);
        m = ipc_recv_hold(s->endpoint, slot);
    }
    *held = m.badge >= 0 && MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION;
    return m;
}

/* The pending reply's answer `r`, and the next receive: one system call
 * when the receive has nothing else to do. */
static inline __attribute__((always_inline)) struct ipc_msg answer_and_receive(struct blk_server *s,
                                                                              const struct blk_reply *r)
{
    uint64_t info = MICA_MSGINFO(0, r->words, r->caps);
    if (s->deferred_word || s->wake_at_receive) {
        ipc_reply(info, r->w[0], r->w[1], r->w[2], r->w[3]);
        return receive(s);
    }
    return ipc_reply_recv(s->endpoint, info, r->w[0], r->w[1], r->w[2], r->w[3]);
}

/* The call dispatch left with its reply pending (requests.c, start_call),
 * after settle: ended meanwhile, it is answered in the receive's system
 * call; still on the device, the receive holds its reply, else saves it in
 * the tag's slot, sent as the request ends. */
static struct ipc_msg answer_pending(struct blk_server *s)
{
    struct blk_server_tag *t = s->pending_call;
    if (!t->done) {
        bool held;
        struct ipc_msg m = receive_holding(s, t->reply, &held);
        if (!held)
            s->pending_call = 0; /* saved in the tag's slot */
        return m;
    }
    struct blk_reply r = BLK_REPLY_OK;
    blk_server_pending_answer(s, t, &r);
    return answer_and_receive(s, &r);
}

/* A RING_ENTER on an asynchronous driver (rings.c), after settle served its
 * ring: answered (served) with the receive once the ring holds a
 * completion or nothing of it is in flight; until then the receive holds
 * its reply, else saves it in the handle's slot of enter_replies, answered
 * after a later settle (answer_saved_enters). The client, blocked in the call,
 * sleeps on no wakeup: the call and its answer are two fastpath switches
 * where the doorbell, the wakeup and their waits are four slow system
 * calls. */
static struct ipc_msg answer_enter(struct blk_server *s)
{
    struct blk_server_handle *h = s->pending_enter;
    if (!blk_server_enter_answerable(h)) {
        bool held;
        unsigned i = blk_server_handle_index(s, h);
        struct ipc_msg m = receive_holding(s, s->enter_replies[i], &held);
        if (!held) {
            s->pending_enter = 0; /* saved in the handle's slot */
            s->enters_saved |= 1ull << i;
        }
        return m;
    }
    s->pending_enter = 0;
    struct blk_reply r = blk_server_enter_kept(s);
    return answer_and_receive(s, &r);
}

/* The RING_ENTER replies kept in their handles' slots whose rings now have
 * something to give. */
static void answer_saved_enters(struct blk_server *s)
{
    for (unsigned i = 0; s->enters_saved >> i; i++) /* up to the highest saved */
        if ((s->enters_saved >> i & 1u) && blk_server_enter_answerable(&s->handles[i]))
            blk_server_enter_send(s, &s->handles[i]);
}

/* The rings rung, and those left for later when this signal is the
 * server's own, in turns up to BLK_SERVER_TURN_REQUESTS; if rings have more, the server
 * signals itself and yields before its next receive. The yield lets a
 * caller its last reply woke run (the server would otherwise keep the hart
 * for every ring's batch), and the kernel gives a queued caller the turn
 * after a notification that passed it: a light caller next to clients that
 * keep their rings full waits a batch or two, not every ring's. */
static void serve_rings(struct blk_server *s, uint64_t word)
{
    /* A bit of a ring a worker serves now outlived the ring it was for. */
    uint64_t rings = word & BLK_SERVER_DOORBELLS & ~s->worker_handles;
    if (word & BLK_SERVER_RINGS_LATER_BADGE) {
        rings |= s->rings_later;
        s->rings_later = 0;
    }
    uint64_t later = blk_server_ring_serve_turn(s, rings);
    if (later) {
        s->rings_later = later;
        ntfn_signal(s->rings_later_signal);
        mica_sys_thread_yield();
    }
}

static int serve(struct blk_server *s)
{
    bool sync = blk_server_sync(s);
    struct ipc_msg m = receive(s);
    for (;;) {
        if (m.badge < 0)
            return (int)m.badge;
        bool saved = true; /* a notification: nobody to answer */
        struct blk_reply r; /* a message's answer: made only for one */
        if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION) {
            /* The word is the OR of the badges signalled. */
            uint64_t word = (uint64_t)m.badge;
            if (word & BLK_SERVER_SUPERVISOR_BADGE)
                blk_server_supervisor_ask(s);
            if ((word & BLK_SERVER_IRQ_BADGE) && s->c.ops->irq) {
                blk_server_fault_at(s, BLK_FAULT(PROC_FAULT_IRQ));
                s->c.ops->irq(s->c.driver);
            }
            if (word & BLK_SERVER_GONE_BITS)
                blk_server_gone(s, word >> BLK_SERVER_GONE_SHIFT);
            if (word & BLK_SERVER_WORKER_NEWS_BADGE)
                blk_server_worker_news(s);
            /* A synchronous driver serves the rings rung, in turns (a bit
             * that outlived its ring means nothing); an asynchronous
             * driver's settle serves every ring. */
            if (sync)
                serve_rings(s, word);
        } else {
            r = BLK_REPLY_OK;
            saved = dispatch(s, &m, &r);
            /* Only a message with caps changes the inbox (the kernel only
             * reads the slots it names): most messages skip this. */
            if (MICA_MSGINFO_CAPS(m.info))
                blk_inbox_reset(&s->inbox, s->ipc, MICA_MSGINFO_CAPS(m.info));
        }
        if (sync) {
            m = saved ? ipc_recv(s->endpoint)
                      : ipc_reply_recv(s->endpoint, MICA_MSGINFO(0, r.words, r.caps), r.w[0],
                                       r.w[1], r.w[2], r.w[3]);
            continue;
        }
        /* The reply goes first (it may carry a read's data in the IPC buffer). */
        if (!saved)
            ipc_reply(MICA_MSGINFO(0, r.words, r.caps), r.w[0], r.w[1], r.w[2], r.w[3]);
        int err = settle(s);
        if (err < 0) {
            ipc_log_error("%s: the device broke its protocol", s->c.name);
            return err;
        }
        if (s->enters_saved)
            answer_saved_enters(s);
        m = s->pending_call ? answer_pending(s) : s->pending_enter ? answer_enter(s) : receive(s);
    }
}

int blk_server_run(struct blk_server *s, struct mica_ipc_buffer *ipc)
{
    s->ipc = ipc;
    blk_server_supervised(s);
    blk_inbox_reset(&s->inbox, ipc, 0);
    /* Before the first OPEN: a partition path finds its table. */
    blk_server_parts_read(s);
    int err = serve(s);
    if (s->c.ops->quiesce)
        s->c.ops->quiesce(s->c.driver);
    return err;
}
