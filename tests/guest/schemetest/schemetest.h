/* What schemetest's files share: the check that counts and logs a test,
 * and the block pattern written, read back and verified through a handle. */
#ifndef SCHEMETEST_H
#define SCHEMETEST_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client.h>

/* Blocks write_read_verify writes from offset 0; block b's byte i is
 * b * 31 + i * 7 + 1 (mod 256), which the host tests check in the disk file. */
#define BLOCKS 4u

void check(int ok, const char *test, const char *what, long got);
void fill(uint8_t *b, unsigned size, unsigned block);
/* by_message: READ/WRITE messages (ipc_blk_*_message); else the simple calls. */
int write_read_verify(struct ipc_blk_handle *h, unsigned block_size, bool by_message);
/* ipc_scheme_open, retrying -ENOENT for a bounded time: a server that
 * brings a device up first registers after we start. */
int scheme_open_waiting(struct ipc_blk_handle *h, const char *name, unsigned flags);


/* vblk.c: disk.vblk0: of virtio-blk's serve mode, writable or read-only.
 * vblk_open0 opens vblk_scheme (disk.vblk0: unless arg 8 chose disk.vblk1:),
 * waiting for the server to register it. */
extern const char *vblk_scheme;
int vblk_open0(struct ipc_blk_handle *h, unsigned flags);
void vblk_read_write(void);
void vblk_read_only(void);

/* vblk_paths.c: its zero-copy and queued paths. The verify pattern
 * (mica/blkpattern.h, this seed, generation 1) goes onto sectors
 * 0..VBLK_PATTERN_SECTORS-1, where the host checks it with blkverify. */
#define VBLK_PATTERN_SEED 77u
#define VBLK_PATTERN_SECTORS 512u
void vblk_paths(void);
void vblk_client_gone(void);
/* pin_probe.c: arg 12, memory taken after the arg 6 client left stays zero. */
void vblk_pin_probe(void);
void vblk_close_busy(void);
void vblk_close_many(void);
/* vblk_enter.c: in vblk_close_many's boot, before its closes, a RING_ENTER
 * virtio-blk keeps: saved by a FSTAT meanwhile, answered at a CLOSE. */
int vblk_kept_enter(void);
void vblk_server_stopped(void);
void vblk_paths_read_only(void);

/* abandon.c: arg 13 fills disk.ram0:'s and disk.vblk0:'s handle tables and
 * exits without CLOSE; arg 14 then opens each once more. */
void abandon_handles(void);
void open_after_abandon(void);
/* Arg 18: a ring on a disk.ram0: handle opened without a sentinel, left. */
void abandon_ring_without_sentinel(void);

/* direct.c: direct runs of the bench program vblkdirect (direct.vblk0),
 * every pattern, and its refusals. */
void direct_runs(void);

/* death.c: arg 17, every data path's wait ends when virtio-blk is killed. */
void waits_end_on_death(void);

#endif
