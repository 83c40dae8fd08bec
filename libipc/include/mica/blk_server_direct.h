/* DIRECT_RUN in a block server (code in libipc/blkserver/direct_run.c):
 * everything but the device work, which each server brings as an engine.
 * The shared part checks the message (decode_blk_direct_mix), lends the
 * engine storage for one latency sample per request, summarises them
 * (min/median/p99/max, blk/bench_stats.c) and builds the reply. The serving
 * thread runs the whole mix before it receives again: the server answers
 * nobody else meanwhile. */
#ifndef MICA_BLK_SERVER_DIRECT_H
#define MICA_BLK_SERVER_DIRECT_H
#include <stdint.h>

#include <mica/bench_stats.h>
#include <mica/blk_direct.h>
#include <mica/blk_reply.h>
#include <mica/ipc.h>

/* Runs mix on the device behind `device`: each request's latency in counter
 * ticks (rdcycle) into *latencies, *ticks = the whole run, from the first
 * start to the last completion. 0, or a negative MICA_E* code (a buffer it
 * could not get, a failed request); it frees what it allocated either way. */
typedef int (*blk_direct_engine)(void *device, const struct blk_direct_mix *mix,
                                 struct bench_samples *latencies, uint64_t *ticks);

/* Serves one DIRECT_RUN message m (received by the calling thread, whose
 * IPC buffer is ipc) for a handle in state `handle` on a device with
 * `limits`: the reply (status, and the result words on success) goes in r. */
void blk_serve_direct_run(const struct blk_device_limits *limits,
                          const struct blk_handle_state *handle, const struct ipc_msg *m,
                          struct mica_ipc_buffer *ipc, struct blk_reply *r,
                          blk_direct_engine engine, void *device);

#endif
