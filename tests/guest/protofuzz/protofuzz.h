/* protofuzz: a hostile client of every server (block servers, the name
 * service, the serial server). What its files share: the random source,
 * the targets with their shadow copies, the counters and the verdict. */
#ifndef PROTOFUZZ_H
#define PROTOFUZZ_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client.h>
#include <mica/ipc.h>

/* --- random source (rng.c): xorshift64, the only one, seeded once ------- */
void pf_rng_seed(uint64_t seed);
uint64_t pf_random(void);
uint64_t pf_below(uint64_t n); /* 0..n-1; n > 0 */
bool pf_chance(unsigned one_in);
void pf_fill_random(void *dst, uint64_t bytes);
/* Block-protocol-shaped numbers: byte positions and lengths around a space
 * of `size` bytes in units of `block`: aligned inside, the edges, past the
 * end, huge, negative, misaligned, or anything at all. */
uint64_t pf_position(uint64_t size, uint64_t block);
uint64_t pf_length(uint64_t block, uint64_t max_transfer);

/* --- a block device under test and the fuzzer's copy of it --------------- */
#define PF_BUFFER_PAGES 16u
#define PF_BUFFER_FRAMES 2u
#define PF_BUFFER_BYTES (PF_BUFFER_PAGES * 4096u)
#define PF_RING_CAPACITY 16u

struct pf_disk {
    const char *scheme;        /* "disk.ram0:" */
    bool read_only;            /* the device is; the session then opens READ only */
    struct blk_stat stat;      /* as the first OPEN's FSTAT said */
    uint64_t window_max;       /* FSTAT's bytes per window request (0: no windows) */
    uint8_t *shadow;           /* stat.size_bytes: what the disk must hold */
    /* The session: one handle with a registered buffer and a ring, opened
     * through the trusted client path and reopened when a fuzzed CLOSE ends it. */
    struct ipc_blk_handle h;
    bool open;
    uint8_t buffer_shadow[PF_BUFFER_BYTES]; /* what h.buffer must hold */
    long door;                 /* the name service's answer for this scheme */
};

/* --- counts and the first failure (main.c) -------------------------------- */
struct pf_stats {
    uint64_t messages;    /* fuzzed messages sent, to any server */
    uint64_t ring_entries; /* submissions offered: pushed or written into a ring */
    uint64_t acked;       /* requests a server acknowledged */
    uint64_t refused;     /* requests refused with an error */
    uint64_t reopened;    /* sessions a fuzzed CLOSE (or forged cap) ended */
    uint64_t crashes;     /* servers that stopped answering well-formed requests */
    uint64_t windows;     /* window requests sent (also counted in messages) */
    uint64_t windows_acked; /* of them acknowledged: the data path was judged */
    uint64_t seed;
};
extern struct pf_stats pf_stats;

/* Records the first failure (later ones are only counted) and returns -1. */
int pf_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool pf_failed(void);

/* --- caps to attach where none belong (caps.c) --------------------------- */
/* Made once: frames of several sizes and rights, ring-formatted frames with
 * good and broken headers, notifications, an endpoint, empty slots. */
int pf_caps_init(void);
/* A slot to attach: mostly one of the pool (or a door or session handle
 * the caller passes), sometimes an empty or impossible slot. */
uint64_t pf_caps_pick(const struct pf_disk *d);
/* Slots for caps a fuzzed reply may carry; after the call, pf_caps_collect
 * closes any block handle that arrived (well-formed CLOSE) and empties them. */
void pf_caps_expect(void);
void pf_caps_collect(void);
/* Ring frames from the pool, freshly formatted then broken in one random way:
 * for RING_SETUP on a scratch handle. */
void pf_caps_ring_frames(uint64_t *submission, uint64_t *completion);
uint64_t pf_caps_notification(void);

/* --- sessions (session.c) ------------------------------------------------- */
int pf_session_open(struct pf_disk *d);
void pf_session_close(struct pf_disk *d);
/* After a kernel-level error or a refused probe: is the session's server
 * still there? Reopens a session a fuzzed CLOSE ended; counts a crash and
 * fails when the server no longer answers a well-formed request. */
int pf_session_check(struct pf_disk *d);
/* The first part of every disk: seed a pattern (read-write) or read the
 * contents (read-only) through the trusted path into the shadow. */
int pf_disk_prepare(struct pf_disk *d, uint64_t seed);
/* The last: every byte read back through a fresh handle equals the shadow. */
int pf_disk_verify(struct pf_disk *d);
/* Bytes the final read-backs found different from the shadow, all disks. */
extern uint64_t pf_changed_bytes;
/* Compares `bytes` read from disk offset `offset` with the shadow. */
int pf_shadow_compare(const struct pf_disk *d, uint64_t offset, const uint8_t *data,
                      uint64_t bytes, const char *what);
int pf_buffer_verify(struct pf_disk *d, const char *when);

/* --- the oracle: what the protocol says must be refused (oracle.c) ------- */
struct pf_request {
    unsigned op;         /* BLK_OP_* (ring) or read/write/flush of a message */
    unsigned flags, reserved;
    uint64_t offset;     /* bytes (messages) */
    uint64_t length;
    uint64_t buffer_offset;
    bool uses_buffer;    /* zero-copy or ring: buffer range checked */
    bool message_path;   /* the 4096-byte limit applies */
    bool window_path;    /* FSTAT's window_max is the limit */
    bool writable_handle;
};
/* True when docs/block-protocol.md's validation refuses r on disk d. */
bool pf_must_refuse(const struct pf_disk *d, const struct pf_request *r);

/* --- the fuzzers ---------------------------------------------------------- */
/* One random message to a block server (blk_msg.c). */
int pf_blk_message(struct pf_disk *d);
/* A block server's reply to a fuzzed request, counted: PF_ACKED when it
 * acknowledged (status 0), else 0 (refused; after a kernel error the
 * session checked) or -1 (a failure recorded). */
#define PF_ACKED 1
int pf_blk_reply_verdict(struct pf_disk *d, const struct ipc_msg *m, uint64_t label);
/* One batch of random submissions on the session's ring; one round of
 * garbage written into a scratch handle's shared rings; one round of
 * REGISTER_BUFFER / RING_SETUP with wrong caps on a scratch handle
 * (blk_ring.c, blk_setup.c). */
int pf_ring_batch(struct pf_disk *d);
int pf_ring_garbage(struct pf_disk *d);
int pf_setup_round(struct pf_disk *d);
/* One READ_WINDOW or WRITE_WINDOW with a window good or bad (blk_window.c);
 * pf_window_prepare asks the disk's window_max once, at its preparation. */
int pf_blk_window(struct pf_disk *d);
int pf_window_prepare(struct pf_disk *d);
/* One random message to the name service or the serial server (others.c),
 * and the well-formed requests each must still answer afterwards. */
int pf_names_message(void);
int pf_serial_message(long serial_door);
int pf_names_still_answer(const char *scheme);
int pf_serial_still_answers(long serial_door, bool loud);

/* Well-formed calls whose kernel-level error means the server is gone. */
static inline bool pf_kernel_error(const struct ipc_msg *m)
{
    return m->badge < 0;
}

#endif
