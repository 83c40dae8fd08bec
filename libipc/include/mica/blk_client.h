/* The client side of the block protocol (docs/block-protocol.md): one open
 * handle on a block server, used through messages, a registered zero-copy
 * buffer, or the queued ring pair. Every call returns 0, a byte count or a
 * capacity (>= 0), or a negative MICA_E* code; docs/userspace.md has the list. */
#ifndef MICA_BLK_CLIENT_H
#define MICA_BLK_CLIENT_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_protocol.h>
#include <mica/blk_request.h>
#include <mica/blk_ring.h>
#include <mica/abi/ipc_abi.h>
#include <mica/scheme.h>
#include <mica/spsc_ring.h>

/* The queued path's private state: this side's ends of the two rings, the
 * notifications each side signals the other through, and what was pushed
 * and not yet reaped, so that a recovery can push it again. A request goes
 * on the wire with its push position as request_id; `sent` keeps it at
 * position & mask (its request_id then names that index; a reaped entry's
 * is the complement, which names another) and `ids` the caller's id, given
 * back in the completion. A request still out when its position comes
 * round again is parked. */
#define IPC_BLK_PARKED_MAX 16u
struct ipc_blk_queue {
    bool ready;
    struct spsc_producer submissions;
    struct spsc_consumer completions;
    void *regions[2];     /* submission, completion: mapped here */
    long frames[2];
    uint64_t pages[2];
    uint32_t capacities[2];
    long wakeup;          /* ours: the server signals it; we wait on it */
    long doorbell;        /* the server's: we signal it */
    bool gone;            /* the server's death was seen (IPC_BLK_WAKEUP_GONE) */
    bool no_enter;        /* RING_ENTER serves nothing inside the call here: use the doorbell */
    struct blk_submission *sent;
    uint64_t *ids;
    uint64_t mask;
    uint64_t position;    /* of the next push */
    struct blk_submission parked[IPC_BLK_PARKED_MAX];
    uint64_t parked_ids[IPC_BLK_PARKED_MAX];
    unsigned parked_count;
    void *table_region;   /* sent and ids */
    long table_frame;
    uint64_t table_pages;
};

/* The bit of the wakeup word the kernel sets when the handle's capability
 * is deleted (cap_watch): the server closed it or died and init revoked its
 * endpoint. The server's own signals set bit 0. */
#define IPC_BLK_WAKEUP_GONE (1ull << 62)

/* "scheme:path" with its NUL. */
#define IPC_BLK_NAME_MAX (MICA_SCHEME_NAME_MAX + 1u + BLK_PATH_MAX + 1u)

/* What it takes to open a handle again on a restarted server
 * (docs/recovery.md): the name and flags it was opened with, the frames
 * registered on it (the library's or the caller's; the caller keeps its
 * own), and the door the name service gave, a cap to the server's endpoint
 * watched by `watch`: the revoke that ends a dead server's endpoint deletes
 * it and the kernel signals, while a server that closed the handle on
 * purpose leaves it (and a closed handle's copy has no watch to ask). */
struct ipc_blk_reopen {
    char name[IPC_BLK_NAME_MAX]; /* "" when opened on a bare endpoint: no recovery */
    unsigned flags;
    bool off;                    /* ipc_blk_recovery_off */
    bool gave_up;                /* the last recovery found no server: each call tries again */
    long door;
    long watch;                  /* notification, signalled when the door goes */
    long frames[MICA_MSG_MAX_CAPS];
    unsigned frame_count;
    uint64_t recoveries;         /* times the handle came back */
};

/* What the simple calls (ipc_blk_read, ipc_blk_write) keep per handle
 * (libipc/blk_simple.c): the device's facts, asked with one FSTAT by the
 * first call (window_max among them; a call of several requests is checked
 * whole before its first one goes; requests are cut at max_transfer or
 * window_max), whether
 * the registered buffer is the library's own bounce buffer, which they copy
 * through, or making it failed (they use messages then), and how often a
 * request found the server busy and waited. */
struct ipc_blk_simple {
    struct blk_device_limits device;
    bool known;          /* device holds FSTAT's answer */
    bool writable;       /* opened with BLK_OPEN_WRITE */
    bool bounce;         /* the registered buffer is the library's bounce buffer */
    bool bounce_refused; /* making it failed: not tried again on this handle */
    uint64_t busy_waits; /* requests answered -MICA_EAGAIN that waited and went again */
    uint64_t busy_sleeps; /* timer ticks those waits slept past IPC_BLK_BUSY_SPIN_MS */
};

/* One open handle. Owned by one thread at a time; two threads use two handles. */
struct ipc_blk_handle {
    long ep;              /* badged endpoint cap from OPEN; 0 when closed */
    uint64_t handle_id;
    /* Zero-copy buffer: mapped at `buffer` when the library made it (NULL
     * when the caller registered frames of its own). */
    uint8_t *buffer;
    uint64_t buffer_pages; /* of the library's address reservation */
    uint64_t buffer_bytes;
    long buffer_frames[MICA_MSG_MAX_CAPS];
    unsigned buffer_frame_count; /* frames the library made and drops on close */
    struct ipc_blk_queue queue;
    struct ipc_blk_reopen reopen;
    struct ipc_blk_simple simple;
};

/* OPEN on a server endpoint the caller holds: path "" is the whole
 * device, flags BLK_OPEN_READ | BLK_OPEN_WRITE. */
int ipc_blk_open(struct ipc_blk_handle *h, long server_ep, const char *path, unsigned flags);
/* The same by name, "disk.ram0:" (scheme, ':', path): init's name service
 * hands over the scheme's endpoint for this one OPEN. -MICA_EINVAL without
 * a ':' or with a malformed scheme, -MICA_ENOENT for an unknown one,
 * -MICA_EAGAIN while it is unknown but a server that may register it is
 * still starting. */
int ipc_scheme_open(struct ipc_blk_handle *h, const char *name, unsigned flags);
/* The door of the scheme "scheme:path" names, into the empty slot `door`:
 * 0 and *path (what follows the ':'), -MICA_EINVAL without a ':', or the
 * name service's answer (as for ipc_scheme_open). */
long ipc_scheme_door(const char *name, long door, const char **path);
/* ipc_scheme_open, retried while it says -MICA_EAGAIN (a server registers
 * after its device bring-up) for at most wait_ms milliseconds
 * (mica/timebase.h), yielding between tries; then its last answer. */
int ipc_scheme_open_waiting(struct ipc_blk_handle *h, const char *name, unsigned flags,
                            uint64_t wait_ms);
/* Recovery (docs/recovery.md): a handle opened by name that finds its
 * server dead (the kernel's -EPIPE or -EBADF, and the watch on its door says
 * the revoke that ends a dead server took the door too) opens
 * the name again, waiting up to IPC_BLK_RECOVER_WAIT_MS for the restarted
 * server, registers its buffer and rings again, pushes every queued request
 * not yet reaped again in push order, and repeats the call that failed: the
 * caller sees latency. A server that does not come back (stopped, past its
 * restart limit, or not registered within the wait), or dies on each of
 * IPC_BLK_RECOVER_ATTEMPTS reopenings in a row, gives the call's error and
 * one warn line; each later call tries the name once more, and goes on once
 * it is served again. The queued path notices a death in its waits, not in
 * poll, push or kick. */
#define IPC_BLK_RECOVER_WAIT_MS 20000u
#define IPC_BLK_RECOVER_ATTEMPTS 8u
/* For callers that want the server's death as an error (tests of it). */
void ipc_blk_recovery_off(struct ipc_blk_handle *h);

/* CLOSE, then releases everything the handle holds here, whatever the
 * server answered; the server's status is returned. */
int ipc_blk_close(struct ipc_blk_handle *h);
int ipc_blk_fstat(struct ipc_blk_handle *h, struct blk_stat *stat);
/* The disk's index-th partition (0 first; any handle of the disk):
 * 0, -MICA_ENOENT past the last (none on a disk without a table or with a
 * damaged one), or another negative code. */
int ipc_blk_partition(struct ipc_blk_handle *h, unsigned index, struct blk_partition *out);
int ipc_blk_fsync(struct ipc_blk_handle *h);

/* The simple calls: `length` bytes at a byte offset, any length up to 4 GiB
 * less a block, into or out of any memory; the bytes moved (all of them) or
 * the first error. They pick the way themselves (docs/block-protocol.md,
 * "The simple calls"):
 *  - data inside the handle's mapped buffer (ipc_blk_buffer_create): buffer
 *    requests on it in place, no copy;
 *  - a server whose windows (FSTAT's window_max) are as long as its
 *    requests, or a call one window holds: READ_WINDOW/WRITE_WINDOW on the
 *    caller's memory itself, offered to the server for that request alone;
 *    the kernel's copy is the only one on a memory disk;
 *  - the handle holds the library's bounce buffer: buffer requests on it,
 *    the data copied in or out;
 *  - up to BLK_MSG_DATA_MAX bytes: one READ or WRITE message;
 *  - longer, on a handle with no registered buffer: the library registers
 *    its bounce buffer (IPC_BLK_BOUNCE_MAX bytes at most, from this
 *    process's quota, released by ipc_blk_close; a later buffer_create or
 *    buffer_register on the handle is then -MICA_EBUSY) and uses it; if
 *    that fails, or the caller registered frames of its own, as many
 *    messages as it takes: the same results, slower.
 * A call of several requests is first checked whole with the server's own
 * checks (decode_blk_request) against the device's facts, so one that the
 * server would refuse part way fails before any request goes and changes
 * nothing; an I/O error part way leaves the requests before it done.
 * A request the server answers -MICA_EAGAIN (this client or the handle
 * holds its limit of requests in flight, or every request slot is taken:
 * an asynchronous driver, docs/block-protocol.md, "Fairness") is sent
 * again, the thread yielding between tries for IPC_BLK_BUSY_SPIN_MS and
 * then sleeping a timer tick between them (so threads below its priority
 * run meanwhile), for up to IPC_BLK_BUSY_WAIT_MS; only then is
 * -MICA_EAGAIN returned.
 * Making the bounce buffer, and the notification of such a sleep,
 * allocates slots: like every allocation of libipc, not while another
 * thread of the process allocates. */
long ipc_blk_read(struct ipc_blk_handle *h, uint64_t offset, void *data, uint64_t length);
long ipc_blk_write(struct ipc_blk_handle *h, uint64_t offset, const void *data, uint64_t length);
/* How long a simple call's request keeps going again while the server
 * answers -MICA_EAGAIN: in-flight requests drain as the device completes
 * them, so the wait ends unless the device stops answering. */
#define IPC_BLK_BUSY_WAIT_MS 5000u
/* How long of that the thread only yields between tries: a wait about as
 * long as a quick device takes costs no timer tick. */
#define IPC_BLK_BUSY_SPIN_MS 1u
/* One READ or WRITE message, whatever the simple calls would choose: at
 * most BLK_MSG_DATA_MAX bytes; the bytes moved or the first error. */
long ipc_blk_read_message(struct ipc_blk_handle *h, uint64_t offset, void *data, uint64_t length);
long ipc_blk_write_message(struct ipc_blk_handle *h, uint64_t offset, const void *data,
                           uint64_t length);
/* The largest bounce buffer the simple calls register (max_transfer, when
 * smaller, sets its size). */
#define IPC_BLK_BOUNCE_MAX (256u * 1024u)

/* Zero-copy path. buffer_create makes `pages` of RAM as `frames` frames
 * (1..MICA_MSG_MAX_CAPS, pages divisible by frames), maps them contiguously
 * at h->buffer and registers them; buffer_register sends frames the caller
 * made and maps itself. Both return the registered bytes. */
long ipc_blk_buffer_create(struct ipc_blk_handle *h, uint64_t pages, unsigned frames);
long ipc_blk_buffer_register(struct ipc_blk_handle *h, const long *frames, unsigned count);
long ipc_blk_read_buffer(struct ipc_blk_handle *h, uint64_t offset, uint64_t length,
                         uint64_t buffer_offset);
long ipc_blk_write_buffer(struct ipc_blk_handle *h, uint64_t offset, uint64_t length,
                          uint64_t buffer_offset);

/* Queued path: makes and formats the two rings (capacities are powers of
 * two; give completions at least as many), a wakeup notification, and sends
 * RING_SETUP. Data moves through the registered buffer. */
int ipc_blk_ring_setup(struct ipc_blk_handle *h, uint32_t submission_capacity,
                       uint32_t completion_capacity);
/* Pushes one submission and rings the server's doorbell if it asked.
 * -MICA_EAGAIN: the submission ring is full, nothing was queued. */
int ipc_blk_submit(struct ipc_blk_handle *h, const struct blk_submission *submission);
/* Batching: queue_push pushes without ringing (same results as submit);
 * queue_kick then rings the doorbell once if the server asked, for every
 * submission pushed since. A client that pushes a batch must kick before
 * it waits for anything, or the server may sleep on work it never saw. */
int ipc_blk_queue_push(struct ipc_blk_handle *h, const struct blk_submission *submission);
void ipc_blk_queue_kick(struct ipc_blk_handle *h);
/* queue_push for `count` submissions at once, published together: returns
 * how many fit (the first ones; 0 when the ring is full). */
int ipc_blk_queue_push_batch(struct ipc_blk_handle *h, const struct blk_submission *submissions,
                             unsigned count);
/* One completion, in whatever order the server finished; -MICA_EAGAIN when
 * none is ready (poll) or after waiting (wait: never). Every wait (these and
 * wait_space) ends with -MICA_EPIPE once the server is gone and the ring
 * holds nothing more: completions it posted before dying are still reaped. */
int ipc_blk_poll_completion(struct ipc_blk_handle *h, struct blk_completion *completion);
int ipc_blk_wait_completion(struct ipc_blk_handle *h, struct blk_completion *completion);
/* Batches of the same: up to `max` completions into completions[], their
 * slots freed together. poll returns how many (0 when none is ready); wait
 * sleeps until at least one is (max 0: -MICA_EINVAL). Before it sleeps,
 * wait tells the server about what was pushed: with RING_ENTER, a call in
 * which a synchronous server runs them (then nothing sleeps), or else with
 * the doorbell (rung in the same system call as the sleep), so no kick is
 * needed before it. */
int ipc_blk_poll_completions(struct ipc_blk_handle *h, struct blk_completion *completions,
                             unsigned max);
int ipc_blk_wait_completions(struct ipc_blk_handle *h, struct blk_completion *completions,
                             unsigned max);
/* Sleeps until the submission ring has a free slot; returns the free count.
 * The server takes a submission only when a completion slot is free, so a
 * client must keep reaping completions or this never returns. */
int ipc_blk_wait_space(struct ipc_blk_handle *h);


#endif
