/* ramdisk: a RAM-backed block device on the block-server framework
 * (mica/blk_server.h), serving the message, zero-copy and queued paths
 * (docs/block-protocol.md). A library: blktest runs it in a thread,
 * main.c packages it as the ramdisk.srv image. */
#ifndef RAMDISK_H
#define RAMDISK_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_server.h>

#include "engine.h"

#define RAMDISK_MAX_HANDLES BLK_SERVER_MAX_HANDLES
/* Bytes one request may move on the buffer and ring paths. */
#define RAMDISK_MAX_TRANSFER (64u * 1024u)
/* fstat's queue depth: a ring batch takes up to this many submissions. */
#define RAMDISK_QUEUE_DEPTH BLK_SERVER_BATCH
/* Mapping limit for a registered buffer. */
#define RAMDISK_BUFFER_MAX_BYTES (16u * 1024u * 1024u)

_Static_assert(RAMDISK_MAX_TRANSFER % RAMDISK_BLOCK_SIZE == 0, "whole blocks per request");

struct ramdisk_config {
    const char *name;    /* "ram0": the serial in fstat and the log lines */
    uint64_t size_bytes; /* a non-zero multiple of the page size */
    bool read_only;
    /* A frame of size_bytes to keep the blocks in (READ|WRITE), e.g. the
     * memory init holds across the server's restarts; 0: a new, zeroed one. */
    long storage;
    /* Rings served on their clients' harts, by threads at worker_priority
     * (blk_server_config.ring_workers): a request is one copy, so requests
     * may run on several harts at once. */
    bool ring_workers;
    unsigned worker_priority;
};

struct ramdisk {
    char name[BLK_SERIAL_MAX];
    uint8_t *storage;
    long storage_frame;
    struct blk_server server;
};

/* Maps the storage (config->storage, or a new zeroed frame) and sets up the framework on `endpoint`,
 * an unbadged endpoint cap with READ, WRITE and GRANT. 0 or a negative
 * MICA_E* code. */
int ramdisk_init(struct ramdisk *rd, const struct ramdisk_config *config, long endpoint);
/* Binds the doorbell notification to the thread that will serve. */
int ramdisk_bind(struct ramdisk *rd, long thread);
/* Serves requests until receiving fails; returns that error. `ipc` is the
 * calling thread's IPC buffer (a loaded server reads it at a fixed address). */
int ramdisk_serve(struct ramdisk *rd, struct mica_ipc_buffer *ipc);

#endif
