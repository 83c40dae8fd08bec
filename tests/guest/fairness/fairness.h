/* fairness: a hostile heavy client (arg 1) and a light client (arg 2) of
 * one block scheme, named by the command line (args="disk.ram0:"). They
 * talk through block 0 of the disk: the heavy one marks it when it holds
 * all it may and floods; the light one, after measuring its own reads
 * next to it, marks it to stop, and the heavy one exits without CLOSE
 * (tests/system/test_fairness.py, make bench). */
#ifndef FAIRNESS_H
#define FAIRNESS_H
#include <stdint.h>

#include <mica/blk_client.h>

#define FAIR_BLOCK 512u
#define FAIR_MAGIC_FLOODING 0x474e49444f4f4c46ull /* "FLOODING" */
#define FAIR_MAGIC_STOP 0x504f545352494146ull     /* "FAIRSTOP" */
/* The heavy client's share: each handle one buffer of this many pages and
 * a ring; requests of FAIR_HEAVY_BYTES, as many as the rings take. */
#define FAIR_HEAVY_PAGES 256u
#define FAIR_HEAVY_RING 32u
#define FAIR_HEAVY_BYTES (4u * 1024u)
#define FAIR_HEAVY_MAX_HANDLES 16u
/* The light client's reads (message path, FAIR_BLOCK bytes each). */
#define FAIR_LIGHT_READS 500u

int fair_heavy(const char *scheme);
int fair_light(const char *scheme);
/* Waits (yielding) until block 0 holds magic, up to `ms`; 0 or a negative code. */
int fair_wait_mark(struct ipc_blk_handle *h, uint64_t magic, uint64_t ms);
int fair_put_mark(struct ipc_blk_handle *h, uint64_t magic);

#endif
