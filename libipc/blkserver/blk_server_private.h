/* What the framework's files share (libipc/blkserver/): each concept's
 * entry points for the loop in server.c. */
#ifndef BLK_SERVER_PRIVATE_H
#define BLK_SERVER_PRIVATE_H
#include <mica/blk_handle_badge.h>
#include <mica/blk_server.h>
#include <mica/proc_ctl.h>

_Static_assert(BLK_SERVER_MAX_HANDLES <= (1u << BLK_BADGE_INDEX_BITS), "index fits the badge");

static inline struct blk_server_handle *blk_server_handle_of(struct blk_handle *h)
{
    return (struct blk_server_handle *)(void *)h;
}

static inline unsigned blk_server_handle_index(const struct blk_server *s,
                                               const struct blk_server_handle *h)
{
    return blk_handle_index(&s->table, &h->common);
}

/* A synchronous driver (run): no tags, no saved replies. */
static inline bool blk_server_sync(const struct blk_server *s)
{
    return s->c.ops->run != 0;
}

/* partitions.c: on an asynchronous driver, a write starting at device
 * block lba reaches the blocks the partition table was read from
 * (0..table_end-1) when lba is below table_end; then the table is stale:
 * read again before a partition path is opened or listed. (A synchronous
 * driver's table is read at each of those, so its requests check nothing.) */
static inline void blk_server_parts_note(struct blk_server *s, enum blk_opcode op, uint64_t lba)
{
    if (op == BLK_OP_WRITE && lba < s->table_end)
        s->table_stale = true;
}

/* A checked request on a synchronous driver: its status. */
static inline int blk_server_run_now(struct blk_server *s, struct blk_server_handle *h,
                                     const struct blk_request *req, uint8_t *data)
{
    return s->c.ops->run(s->c.driver, req->op, req->lba + h->first_block, req->length, data);
}

/* supervision.c: init's side channel (mica/server_supervision.h). */
/* Offers init the supervisor notification and the fault points this
 * server has; a program that is not a server image is refused, and serves
 * unsupervised. */
void blk_server_supervised(struct blk_server *s);
/* The supervisor's signal: asks init what it wants (and so answers its
 * heartbeat), arming a fault point if it says so. */
void blk_server_supervisor_ask(struct blk_server *s);
/* workers.c: at a heartbeat, whether a ring worker has been busy in one
 * turn for several heartbeats in a row (then it logs which). */
bool blk_server_workers_stuck(struct blk_server *s);
/* Passing the armed point: faults (or hangs) when its count runs out. */
void blk_server_fault_pass(struct blk_server *s);
/* The main thread heard that a ring worker faulted at address stval: it
 * faults too, at the same injected point if it was one. */
__attribute__((noreturn)) void blk_server_fault_again(struct blk_server *s, uint64_t stval);

#define BLK_FAULT(point) (1u << (point))
/* A request about to be decoded: where DECODE faults and HANG hangs. */
#define BLK_FAULT_REQUEST (BLK_FAULT(PROC_FAULT_DECODE) | BLK_FAULT(PROC_FAULT_HANG))

/* Passing the points in `points` (BLK_FAULT bits): one test of one word
 * while nothing is armed. */
static inline void blk_server_fault_at(struct blk_server *s, uint32_t points)
{
    if (__builtin_expect((s->fault_armed & points) != 0, 0))
        blk_server_fault_pass(s);
}

/* Reads the partition table through the driver and logs what it found
 * (nothing for a disk without one, one line for a damaged one). */
void blk_server_parts_read(struct blk_server *s);
/* OPEN's path: "" the whole device, p<n> partition n. 0 and the view, or
 * -MICA_ENOENT. */
int blk_server_parts_view(struct blk_server *s, const char *path, size_t length,
                          struct blk_device_limits *view, uint64_t *first_block);
/* PARTITION: the disk's index-th partition. */
void blk_server_partition(struct blk_server *s, const struct ipc_msg *m, struct blk_reply *r);

/* clients.c: who holds what. Limits from the config and the command line. */
int blk_server_clients_init(struct blk_server *s);
/* Whether client id may take one more handle. */
bool blk_server_client_may_open(struct blk_server *s, uint64_t id);
/* Charges a handle just taken from the table to client id: its entry, or
 * NULL if there were none (the table and the entries disagree). */
struct blk_server_client *blk_server_client_join(struct blk_server *s, uint64_t id);
void blk_server_client_leave(struct blk_server_client *c);
/* Whether the client may pin `bytes` more of buffers. */
bool blk_server_client_may_pin(const struct blk_server *s, const struct blk_server_client *c,
                               uint64_t bytes);

/* handles.c: OPEN, CLOSE, FSTAT; a closed handle's frames go once drained. */
void blk_server_open(struct blk_server *s, const struct ipc_msg *m, struct blk_reply *r);
void blk_server_close(struct blk_server *s, struct blk_server_handle *h);
void blk_server_fstat(struct blk_server *s, const struct blk_server_handle *h, struct blk_reply *r);
void blk_server_drained(struct blk_server *s, struct blk_server_handle *h);
/* The notification's gone bits (BLK_SERVER_GONE_SHIFT): each handle whose
 * client died is closed now, its pins going as soon as nothing is in flight. */
void blk_server_gone(struct blk_server *s, uint64_t bits);
/* Closes h, whose client died, with the one line that says so. */
void blk_server_close_dead(struct blk_server *s, struct blk_server_handle *h);

/* buffer.c: REGISTER_BUFFER, and where a request's bytes are. */
void blk_server_register_buffer(struct blk_server *s, struct blk_server_handle *h,
                                const struct ipc_msg *m, struct blk_reply *r);
void blk_server_buffer_release(struct blk_server_buffer *b);
/* The physical pieces of the buffer's bytes [offset, offset + length),
 * one per frame they touch (decode checked the range against the buffer). */
static inline unsigned blk_server_buffer_extents(const struct blk_server_buffer *b, uint64_t offset,
                                                 uint64_t length, struct blk_extent out[MICA_MSG_MAX_CAPS])
{
    if (b->frame_count == 1) {
        /* One frame (the usual buffer): no walk. */
        out[0] = (struct blk_extent){ b->extents[0].phys + offset, length };
        return 1;
    }
    unsigned n = 0;
    for (unsigned i = 0; i < b->frame_count && length; i++) {
        const struct blk_extent *e = &b->extents[i];
        if (offset >= e->len) {
            offset -= e->len;
            continue;
        }
        uint64_t take = e->len - offset < length ? e->len - offset : length;
        out[n++] = (struct blk_extent){ e->phys + offset, take };
        length -= take;
        offset = 0;
    }
    return n;
}

/* Fills tag->io's data or extents for a buffer-path or ring request;
 * inline, as every request of those paths passes here. */
static inline void blk_server_buffer_locate(const struct blk_server_buffer *b, bool dma,
                                            struct blk_server_tag *tag)
{
    if (dma)
        tag->io.extent_count = blk_server_buffer_extents(b, tag->req.buffer_offset, tag->req.length,
                                                         tag->extents);
    else
        tag->io.data = b->base + tag->req.buffer_offset;
}

/* requests.c: tags, starting a checked request (tag_start.h), the call
 * paths' answers. */
void blk_server_tag_release(struct blk_server *s, unsigned tag);
/* READ, WRITE, FSYNC, READ_BUFFER, WRITE_BUFFER: true when the reply was
 * saved, to be sent at completion. */
bool blk_server_call_io(struct blk_server *s, struct blk_server_handle *h, const struct ipc_msg *m,
                        struct blk_reply *r);
/* READ_BUFFER and WRITE_BUFFER on an asynchronous driver: the same, with
 * the zero-copy path's decode inline (no other path's branches). */
bool blk_server_buffer_call_io(struct blk_server *s, struct blk_server_handle *h,
                               const struct ipc_msg *m, struct blk_reply *r);
/* The answer of a finished call-path request, into r. */
void blk_server_call_answer(struct blk_server *s, struct blk_server_tag *tag, struct blk_reply *r);
/* requests.c: the answer of a call whose reply stayed pending and which
 * ended during settle, into r; its tag is free again. */
void blk_server_pending_answer(struct blk_server *s, struct blk_server_tag *t, struct blk_reply *r);

/* rings.c: RING_SETUP and the queued path. */
void blk_server_ring_setup(struct blk_server *s, struct blk_server_handle *h,
                           const struct ipc_msg *m, struct blk_reply *r);
/* RING_ENTER: h's submissions taken as a doorbell would; true when its
 * answer waits (an asynchronous driver's only ring: for a completion in the
 * ring, server.c), false when *r holds it (whether they ran inside the
 * call). */
bool blk_server_ring_enter(struct blk_server *s, struct blk_server_handle *h, struct blk_reply *r);
/* Whether h's RING_ENTER may be answered: its ring holds a completion, has
 * nothing in flight, or is gone. */
bool blk_server_enter_answerable(struct blk_server_handle *h);
/* The answer of a kept RING_ENTER: status 0, BLK_RING_ENTER_KEPT. */
static inline struct blk_reply blk_server_enter_kept(struct blk_server *s)
{
    struct blk_reply r = BLK_REPLY_OK;
    blk_reply_word(s->ipc, &r, BLK_RING_ENTER_REPLY_W_SERVED, BLK_RING_ENTER_KEPT);
    return r;
}
/* Answers h's RING_ENTER kept in its slot of enter_replies. */
void blk_server_enter_send(struct blk_server *s, struct blk_server_handle *h);
/* One turn of h's ring, counted in `turn`: at most one batch. True when
 * the ring may hold more for another turn. */
bool blk_server_ring_serve(struct blk_server *s, struct blk_server_handle *h,
                           struct blk_server_turn *turn);
/* Closes h, whose ring broke the protocol, with the line that says so. */
void blk_server_ring_broken(struct blk_server *s, struct blk_server_handle *h);
/* The rings whose bits are in `rings` (bit i: handle i), one batch each a
 * turn, the first a handle further on each time, until none has more or
 * BLK_SERVER_TURN_REQUESTS were taken; returns the rings still to serve. A
 * server that goes back to its receive then lets a caller in after a couple
 * of batches, not after every ring's. The main thread's rings. */
uint64_t blk_server_ring_serve_turn(struct blk_server *s, uint64_t rings);
/* The same for worker w's rings, each under its handle's lock. */
uint64_t blk_server_worker_turn(struct blk_server_worker *w, uint64_t rings);
/* Every ring (the handles in ring_handles), in turns, until none has more. */
void blk_server_ring_serve_all(struct blk_server *s);

/* workers.c: rings served on their clients' harts (config ring_workers). */
/* Starts a worker on every hart that runs threads but the caller's (the
 * thread that will serve), when the config asks and there is more than
 * one. 0 or a negative code. */
int blk_server_workers_start(struct blk_server *s);
/* RING_SETUP's hart word: the worker on that hart, or NULL (the main
 * thread serves the ring). */
struct blk_server_worker *blk_server_worker_for(struct blk_server *s, const struct ipc_msg *m);
/* BLK_SERVER_WORKER_NEWS_BADGE: closes the handles whose rings a worker
 * found broken. */
void blk_server_worker_news(struct blk_server *s);
/* A fault message from a worker: the whole server ends with a fault of
 * the main thread, as if it had faulted itself. */
__attribute__((noreturn)) void blk_server_worker_faulted(struct blk_server *s, const struct ipc_msg *m);
/* Whether m is a worker's fault (its badge, which no client holds). */
static inline bool blk_server_worker_fault(const struct ipc_msg *m)
{
    return MICA_MSGINFO_LABEL(m->info) == MICA_LABEL_FAULT &&
           ((uint64_t)m->badge & ~(uint64_t)(BLK_SERVER_MAX_WORKERS)) == BLK_SERVER_WORKER_FAULT_BADGE;
}

/* A handle's lock between the main thread and the worker serving its ring:
 * a spin that yields (the holder is on another hart, inside one batch). */
static inline void blk_server_handle_lock(struct blk_server_handle *h)
{
    while (__atomic_exchange_n(&h->lock, 1, __ATOMIC_ACQUIRE))
        mica_sys_thread_yield();
}

static inline void blk_server_handle_unlock(struct blk_server_handle *h)
{
    __atomic_store_n(&h->lock, 0, __ATOMIC_RELEASE);
}

#endif
