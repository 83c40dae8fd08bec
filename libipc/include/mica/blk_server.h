/* The block-server framework (code in libipc/blkserver/, built once as
 * libblkserver.a): it owns a block server's receive/reply loop, the label
 * dispatch, handles and their badges, OPEN/CLOSE/FSTAT, buffer registration,
 * ring serving and batching, the client-gone sweeps, and the disk's MBR or
 * GPT partitions as OPEN paths p<n> (docs/block-protocol.md, "Partitions").
 * A driver brings its limits and an ops table: a synchronous driver does
 * each request in one call (run); another is handed requests with a tag
 * (start) and reports each one's end with blk_server_complete
 * (docs/drivers.md). Clients (the
 * processes named by their doors' badges) are held to per-client limits and
 * served in turn (docs/block-protocol.md, "Fairness"). */
#ifndef MICA_BLK_SERVER_H
#define MICA_BLK_SERVER_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client_limits.h>
#include <mica/blk_extent.h>
#include <mica/blk_handle_table.h>
#include <mica/blk_part_table.h>
#include <mica/blk_protocol.h>
#include <mica/blk_reply.h>
#include <mica/blk_request.h>
#include <mica/blk_server_caps.h>
#include <mica/blk_server_frames.h>
#include <mica/ipc.h>
#include <mica/abi/ipc_abi.h>

#define BLK_SERVER_MAX_HANDLES 16u
/* Requests in flight across all handles (a driver may allow fewer). */
#define BLK_SERVER_MAX_TAGS 64u
/* Tags the queued path leaves for message and buffer calls, one per
 * handle, so rings that keep a device busy cannot starve a caller. */
#define BLK_SERVER_CALL_RESERVE BLK_SERVER_MAX_HANDLES
/* Ring submissions taken per batch. */
#define BLK_SERVER_BATCH 32u
/* One message-path transfer, rounded up to whole 512-byte sectors: the
 * size of each tag's bounce buffer for a driver that has them. */
#define BLK_SERVER_BOUNCE_BYTES ((BLK_MSG_DATA_MAX + 511u) / 512u * 512u)
/* The notification word's bits: one doorbell per handle from bit 0; from
 * bit BLK_SERVER_GONE_SHIFT one per handle whose client's watched cap (its
 * OPEN sentinel or ring wakeup) was deleted, i.e. the client died; a
 * driver's interrupt is signalled with BLK_SERVER_IRQ_BADGE. */
#define BLK_SERVER_GONE_SHIFT 16u
#define BLK_SERVER_DOORBELLS ((1ull << BLK_SERVER_MAX_HANDLES) - 1u)
#define BLK_SERVER_GONE_BITS (BLK_SERVER_DOORBELLS << BLK_SERVER_GONE_SHIFT)
#define BLK_SERVER_IRQ_BADGE (1ull << 62)
/* init's signal (mica/server_supervision.h): a heartbeat, or an order to
 * take (supervision.c). */
#define BLK_SERVER_SUPERVISOR_BADGE (1ull << 61)
/* The server's own signal: rings it left for later, to let a waiting
 * caller in between batches (blk_server.rings_later). */
#define BLK_SERVER_RINGS_LATER_BADGE (1ull << 60)
/* A ring worker's news: a ring it serves broke the protocol, and the main
 * thread closes its handle (workers.c). */
#define BLK_SERVER_WORKER_NEWS_BADGE (1ull << 59)
/* The badge of a ring worker's fault endpoint (a copy of the server's
 * endpoint), plus the worker's index: neither a door's nor a handle's. */
#define BLK_SERVER_WORKER_FAULT_BADGE (1ull << 60)
/* Ring workers at most: one per hart that runs threads, but the main
 * thread's. */
#define BLK_SERVER_MAX_WORKERS 7u
#define BLK_SERVER_RING_MAX_BYTES (1024u * 1024u)
/* Ring requests a synchronous driver serves, one batch of a ring at a time
 * in turns, before it lets a waiting caller in (server.c serve_rings): two
 * full batches, so a client at queue depth 64 or several at depth 1 are
 * served in one turn. */
#define BLK_SERVER_TURN_REQUESTS (2u * BLK_SERVER_BATCH)
/* Per-client defaults (blk_server_config.client_limits 0, and the
 * client-* words of the server's command line change them): half the
 * handles, half the tags, and 64 MiB of registered buffers, so one client
 * always leaves room for another. */
#define BLK_SERVER_CLIENT_HANDLES (BLK_SERVER_MAX_HANDLES / 2u)
#define BLK_SERVER_CLIENT_BUFFER_BYTES (64ull << 20)

_Static_assert(BLK_SERVER_MAX_HANDLES <= BLK_SERVER_GONE_SHIFT, "doorbells below the gone bits");
_Static_assert(BLK_SERVER_GONE_SHIFT + BLK_SERVER_MAX_HANDLES < 60,
               "gone bits stay below BLK_SERVER_RINGS_LATER_BADGE");
_Static_assert(BLK_SERVER_GONE_SHIFT + BLK_SERVER_MAX_HANDLES < 61,
               "gone bits stay below BLK_SERVER_SUPERVISOR_BADGE");
_Static_assert(BLK_SERVER_GONE_SHIFT + BLK_SERVER_MAX_HANDLES < 59,
               "gone bits stay below BLK_SERVER_WORKER_NEWS_BADGE");
_Static_assert(BLK_SERVER_MAX_TAGS > BLK_SERVER_CALL_RESERVE, "the queued path gets tags too");

/* The largest block the framework reads a partition table in (a dma
 * driver's reads go through one tag's bounce buffer). */
#define BLK_SERVER_PART_BLOCK_MAX BLK_SERVER_BOUNCE_BYTES

/* One request for the driver: checked by decode_blk_request already, and
 * translated to the device (lba in device blocks). For BLK_OP_FLUSH only
 * op is meaningful. `data` is where the bytes are in the server's address
 * space when the framework maps them (a driver without `dma`); `extents`
 * their physical pieces when the driver has `dma`. Both stay valid until
 * the request completes. */
struct blk_io {
    enum blk_opcode op;
    uint64_t lba;
    uint32_t length;
    uint8_t *data;
    const struct blk_extent *extents;
    unsigned extent_count;
};

struct blk_server;

/* What a driver does; every function gets the `driver` pointer of the
 * config. A driver gives either run (a synchronous driver, like the
 * ramdisk) or start (with poll and arm when requests finish later). */
struct blk_driver_ops {
    /* A synchronous driver's request, done before it returns: moves
     * `length` bytes between device block `lba` and `data` (where the
     * framework put them in the server's address space; nothing for
     * BLK_OP_FLUSH) and returns 0 or a negative MICA_E* code. The framework
     * calls it straight from its decode loops: no tag, no completion call,
     * and a ring batch's completions written as it goes. */
    int (*run)(void *driver, enum blk_opcode op, uint64_t lba, uint32_t length, uint8_t *data);
    /* Starts io under `tag`; the driver reports its end once, with
     * blk_server_complete, inside start or later from poll. A negative
     * MICA_E* code instead: nothing was started, and the framework answers
     * the request with it. */
    int (*start)(void *driver, unsigned tag, const struct blk_io *io);
    /* The notification word had BLK_SERVER_IRQ_BADGE: acknowledge it. */
    void (*irq)(void *driver);
    /* Takes the device's completions (blk_server_complete for each, in the
     * order the device finished them, or blk_server_complete_many for
     * several). 0, or a negative code when the device
     * broke its protocol: serving ends. */
    int (*poll)(void *driver);
    /* Before the loop sleeps: hands the device what start queued, then true
     * when nothing is in flight or an interrupt is armed for the next
     * completion; false when one came meanwhile (poll again). */
    bool (*arm)(void *driver);
    /* Serving ended: stop the device from touching memory that is about to
     * go (requests in flight included). */
    void (*quiesce)(void *driver);
};

/* A driver's facts and choices, fixed before serving. */
struct blk_server_config {
    const char *name;  /* "ram0": log lines; the serial when `serial` is NULL */
    const char *model; /* fstat's model */
    const char *serial; /* fstat's serial; NULL: `name`, "" for none */
    struct blk_device_limits limits;
    uint32_t stat_flags;  /* BLK_STAT_FLUSH when the device has a volatile cache */
    unsigned queue_depth; /* requests in flight per handle (fstat's queue_depth) */
    unsigned tags;        /* requests in flight in all, at most BLK_SERVER_MAX_TAGS */
    /* Registered buffers and message data by physical address (a device
     * DMAs them): buffers are pinned, never mapped, and message data goes
     * through bounce buffers (BLK_SERVER_BOUNCE_BYTES per tag at
     * bounce_va/bounce_phys). Without dma buffers are mapped (at most
     * buffer_max_bytes) and message data is read and written in place. */
    bool dma;
    uint64_t buffer_max_bytes;
    /* A disk held in the server's own memory (the ramdisk): block 0's
     * first byte. Window requests then move straight between it and the
     * caller's window, one copy by the kernel, and take max_transfer bytes
     * (docs/block-protocol.md, "Windows"); NULL: through run or start. */
    uint8_t *memory;
    uint8_t *bounce_va;
    uint64_t bounce_phys;
    /* What one client may hold; a 0 field takes its default
     * (BLK_SERVER_CLIENT_*, half the tags), then the client-* words of the
     * server's command line apply. */
    struct blk_client_limits client_limits;
    /* Log each CLOSE with the handle's counters (requests by path, most
     * in flight, bytes copied). */
    bool report_close;
    /* A synchronous driver whose run may run on several requests at once
     * (on different harts): rings are served on one worker thread per
     * hart that runs threads, each ring on its client's hart (RING_SETUP's
     * hart word), at worker_priority; the main thread keeps the rest. With
     * one hart there are no workers. */
    bool ring_workers;
    unsigned worker_priority;
    void *driver;
    const struct blk_driver_ops *ops;
};

/* The framework's state of a registered buffer. */
struct blk_server_buffer {
    long frames[MICA_MSG_MAX_CAPS];
    struct blk_extent extents[MICA_MSG_MAX_CAPS]; /* with dma: each frame's physical range */
    unsigned frame_count;
    uint64_t bytes;
    uint8_t *base; /* without dma: the frames mapped back to back */
};

/* One client: a process, by the pid in the badge of the door it opened
 * through. An entry lives while the client has a handle open or draining. */
struct blk_server_client {
    uint64_t id;         /* ipc_scheme_door_client of its door's badge */
    unsigned handles;    /* open or draining */
    unsigned requests;   /* tags its handles hold */
    uint64_t buffer_bytes; /* registered over its handles */
};

struct blk_server_handle {
    struct blk_handle common; /* open, draining, writable, generation, endpoint */
    struct blk_server_client *client; /* set at OPEN, until drained */
    /* A notification the client sent with OPEN (its quota pays for it), kept
     * and watched: its deletion, when the client dies, signals this
     * handle's gone bit. 0 when OPEN came without one. */
    long sentinel;
    struct blk_server_buffer buffer;
    struct blk_ring_pair queue;
    /* The part of the device this handle sees: the whole disk (path "") or
     * a partition (path p<n>), fixed at OPEN. Requests are checked against
     * it and their lba moved by first_block. */
    struct blk_device_limits view;
    uint64_t first_block;
    unsigned in_flight;      /* tags this handle holds */
    unsigned ring_in_flight; /* of them, ring submissions: completion slots they are owed */
    unsigned max_in_flight;
    bool pushed; /* completions pushed since the client was last considered for a wakeup */
    /* Served by ring worker `worker` - 1 (0: by the main thread). A worker
     * serves the ring holding `lock`; the main thread takes it to close the
     * handle or register its buffer, so neither happens inside a batch. */
    unsigned worker;
    int lock;
    bool ring_broken; /* a worker found the ring broken: the main thread closes it */
    uint64_t requests[BLK_VIA_COUNT]; /* started, by enum blk_data_path */
};

/* One thread's turns over its rings: its own counts, so the main thread
 * and the ring workers share no turn state. */
struct blk_server_turn {
    unsigned requests;   /* ring requests taken since the turn began */
    unsigned first_ring; /* where the next turn starts */
};

/* A thread on one hart serving the rings of the clients on that hart. */
struct blk_server_worker {
    struct blk_server *s;
    unsigned index; /* in blk_server.workers; handles name it index + 1 */
    unsigned hart;
    long notification; /* the doorbells of its rings */
    struct blk_server_turn turn;
    /* Written by the worker: its wake-ups served so far, and whether it
     * waits for a doorbell now. Read by the main thread at each heartbeat,
     * which keeps the last count it saw and how many heartbeats in a row
     * found the worker busy with that same count (a worker stuck in one
     * turn: blk_server_workers_stuck). */
    uint64_t turns;
    bool waiting;
    uint64_t turns_seen;
    unsigned busy_asks;
};

/* One request between start and blk_server_complete. */
struct blk_server_tag {
    struct blk_server_handle *h;
    struct blk_request req;
    struct blk_extent extents[MICA_MSG_MAX_CAPS];
    struct blk_io io;
    bool done;      /* blk_server_complete came */
    bool in_flight; /* start returned before it came */
    int status;
    long reply; /* the caller's saved reply (message and buffer paths, asynchronous drivers) */
};

/* The disk's partition table as last read (before serving, and again at
 * the OPEN of a partition path or a PARTITION: partitions.c). */
struct blk_server_parts {
    struct blk_part_table table;
    uint32_t logged; /* CRC-32 of the table last logged: a line only when it changes */
    uint8_t block[BLK_SERVER_PART_BLOCK_MAX];
};

struct blk_server {
    struct blk_server_config c;
    long endpoint;     /* unbadged: receive, and the source of handle mints */
    long notification; /* bound to the serving thread: doorbells and the interrupt */
    struct mica_ipc_buffer *ipc;
    /* An asynchronous driver's: the end of the blocks the partition table
     * was read from (the reader starts at block 0, so they are
     * 0..table_end-1) and whether a write reached them since. Every write
     * checks them, so they sit here, near the start, not beside the table. */
    uint64_t table_end;
    bool table_stale;
    /* Notification bits the server took while it waited for a partition
     * table read of its own (partitions.c): the interrupt goes to the
     * driver at once, the rest (doorbells, deaths, the supervisor) is
     * handled by the loop before its next receive. */
    uint64_t deferred_word;
    /* An asynchronous driver's: a client's ring wakeup owed since the last
     * receive, sent by the next one (ipc_signal_recv: one system call for
     * both; rings.c). 0: none. Its settle ends in that receive. */
    long wake_at_receive;
    /* An asynchronous driver's: the call whose reply is the serving
     * thread's pending one, not saved: dispatch started it last, and it
     * stays this until the loop answers it with a receive (after the settle
     * it ended in) or a message makes the kernel save the reply in its tag
     * (server.c, answer_pending). 0: none. */
    struct blk_server_tag *pending_call;
    /* An asynchronous driver's: the handle whose RING_ENTER reply is the
     * serving thread's pending one, until it is answered (its ring holds a
     * completion or has nothing in flight) or saved, like pending_call;
     * and the handles (bit i: handle i) whose RING_ENTER reply waits for
     * the same saved in enter_replies[i], slots made at init (server.c). A
     * reply is pending for a call or for a RING_ENTER, never both. */
    struct blk_server_handle *pending_enter;
    uint64_t enters_saved;
    /* The scalars every request reads or writes come before the arrays,
     * within reach of a load's 12-bit offset from the server's address (a
     * field past 2 KiB costs two more instructions per access). */
    unsigned free_tags[BLK_SERVER_MAX_TAGS]; /* a stack of the free ones */
    unsigned free_count;
    unsigned in_flight, max_in_flight;
    struct blk_server_turn turn; /* the main thread's; first_ring: the next sweep's start too */
    /* Bit i: handle i has its rings (RING_SETUP done, not closed since), so
     * a sweep over every ring looks at those handles and no others. */
    uint64_t ring_handles;
    /* Rings with more to serve after one batch: the server signals itself
     * (rings_later_signal, badged BLK_SERVER_RINGS_LATER_BADGE) and comes
     * back to them after its receive, which may take a caller first. */
    uint64_t rings_later;
    long rings_later_signal;
    /* The ring batch being served: completions of its requests gather here,
     * last-first, and are published together (rings.c). */
    struct blk_server_handle *batch_handle;
    struct blk_completion *batch_done;
    unsigned batch_next;
    /* Data bytes the server copied, by enum blk_data_path: only the message
     * path of a dma driver (its bounce buffers) has any. */
    uint64_t copied[BLK_VIA_COUNT];
    /* Fault injection (supervision.c): bit p armed for enum
     * proc_ctl_fault_point p (one at a time), that p, and the passes left
     * until it faults. */
    uint32_t fault_armed;
    unsigned fault_point;
    uint64_t fault_left;
    long enter_replies[BLK_SERVER_MAX_HANDLES];
    struct blk_inbox inbox;
    struct blk_handle_table table; /* over handles[] */
    struct blk_server_handle handles[BLK_SERVER_MAX_HANDLES];
    struct blk_server_tag tags[BLK_SERVER_MAX_TAGS];
    struct blk_server_client clients[BLK_SERVER_MAX_HANDLES]; /* at most one per handle */
    /* A ring worker was found stuck in one turn (blk_server_workers_stuck):
     * the main thread stops answering init's heartbeat too, so init finds
     * the server hung. */
    bool hung;
    /* Ring workers (config ring_workers); worker_handles: bit i, handle i
     * is served by one. worker_news: a badged copy of the notification the
     * workers signal with BLK_SERVER_WORKER_NEWS_BADGE. */
    struct blk_server_worker workers[BLK_SERVER_MAX_WORKERS];
    unsigned worker_count;
    uint64_t worker_handles;
    long worker_news;
    unsigned main_hart; /* where the main thread runs, when there are workers */
    struct blk_server_parts parts;
};

/* Sets the server up on `endpoint` (unbadged, with READ, WRITE and GRANT):
 * handle table, inbox slots, free tags, the saved-reply slots of a
 * driver with poll, and the ring workers the config asks for (started
 * here, waiting for rings; without them if that fails, with a log line). `notification`: the driver's notification, already
 * bound to the serving thread (its interrupt signals BLK_SERVER_IRQ_BADGE),
 * or 0 to have one made here (bind it with blk_server_bind). 0 or a
 * negative MICA_E* code. */
int blk_server_init(struct blk_server *s, const struct blk_server_config *config, long endpoint,
                    long notification);
/* Binds the notification made by blk_server_init to the serving thread. */
int blk_server_bind(struct blk_server *s, long thread);
/* Serves until receiving fails or the driver's poll reports a broken
 * device; quiesces the driver and returns that error. `ipc` is the calling
 * thread's IPC buffer. */
int blk_server_run(struct blk_server *s, struct mica_ipc_buffer *ipc);
/* The driver's report that the request under `tag` ended: 0 or a negative
 * MICA_E* code. Once per started request. */
void blk_server_complete(struct blk_server *s, unsigned tag, int status);

/* One ended request for blk_server_complete_many. */
struct blk_server_ended {
    unsigned tag;
    int status;
};
/* The same as blk_server_complete for each of the n in turn, for a poll
 * that found several: a run of ring requests of one handle lands in its
 * completion ring with one index publication and one update of each count. */
void blk_server_complete_many(struct blk_server *s, const struct blk_server_ended *ended, unsigned n);

#endif
