/* ramdisk: a RAM-backed block device serving the block protocol's message,
 * zero-copy and queued paths (docs/block-protocol.md). A library: blktest
 * runs it in a thread, main.c packages it as the ramdisk.srv image. */
#ifndef RAMDISK_H
#define RAMDISK_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_handle_table.h>
#include <mica/blk_protocol.h>
#include <mica/blk_request.h>
#include <mica/blk_server_frames.h>
#include <mica/ipc_abi.h>
#include <mica/spsc_ring.h>

#define RAMDISK_BLOCK_SIZE 512u
#define RAMDISK_MAX_HANDLES 16u
/* Bytes one request may move on the buffer and ring paths. */
#define RAMDISK_MAX_TRANSFER (64u * 1024u)
/* Submissions taken per batch; a batch completes last-first (queue.c). */
#define RAMDISK_QUEUE_DEPTH 32u
/* Mapping limits for client frames: a registered buffer, one ring. */
#define RAMDISK_BUFFER_MAX_BYTES (16u * 1024u * 1024u)
#define RAMDISK_RING_MAX_BYTES (1024u * 1024u)

_Static_assert(RAMDISK_MAX_TRANSFER % RAMDISK_BLOCK_SIZE == 0, "whole blocks per request");
_Static_assert(RAMDISK_MAX_HANDLES <= 64, "one doorbell bit per handle in a notification word");

struct ramdisk_config {
    const char *name;    /* "ram0": the serial in fstat and the log lines */
    uint64_t size_bytes; /* a non-zero multiple of the page size */
    bool read_only;
};

struct ramdisk_buffer {
    uint8_t *base;
    uint64_t bytes;
    long frames[MICA_MSG_MAX_CAPS];
    unsigned frame_count;
};

struct ramdisk_handle {
    struct blk_handle common; /* open, writable, generation, endpoint */
    struct ramdisk_buffer buffer;
    struct blk_ring_pair queue; /* the queued path */
};

struct ramdisk {
    char name[BLK_SERIAL_MAX];
    struct blk_device_limits limits;
    uint8_t *storage;
    long storage_frame;
    long endpoint;  /* unbadged: receive, and the source of handle mints */
    long doorbells; /* notification bound to the serving thread */
    struct mica_ipc_buffer *ipc; /* the serving thread's IPC buffer */
    struct blk_inbox inbox;
    struct blk_handle_table table; /* over handles[] */
    struct ramdisk_handle handles[RAMDISK_MAX_HANDLES];
};

/* Allocates the storage (zeroed), the doorbell notification and the inbox
 * slots from the caller's process; `endpoint` is an unbadged endpoint cap
 * with READ, WRITE and GRANT. 0 or a negative MICA_E* code. */
int ramdisk_init(struct ramdisk *rd, const struct ramdisk_config *config, long endpoint);
/* Binds the doorbell notification to the thread that will serve. */
int ramdisk_bind(struct ramdisk *rd, long thread);
/* Serves requests until receiving fails; returns that error. `ipc` is the
 * calling thread's IPC buffer (a loaded server reads it at a fixed address). */
int ramdisk_serve(struct ramdisk *rd, struct mica_ipc_buffer *ipc);

#endif
