/* The simple calls' decisions, with no system call in them (host-tested):
 * which way a call goes, how long its requests are, the whole-call check,
 * and the size of the bounce buffer. blk_simple.c acts on them. */
#ifndef LIBIPC_BLK_SIMPLE_PLAN_H
#define LIBIPC_BLK_SIMPLE_PLAN_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client.h>

enum blk_simple_way {
    BLK_SIMPLE_WINDOWS,    /* READ_WINDOW/WRITE_WINDOW on the caller's data: the kernel's one copy */
    BLK_SIMPLE_MESSAGES,   /* READ/WRITE messages, the data in the IPC buffer */
    BLK_SIMPLE_IN_PLACE,   /* buffer requests on the caller's data, which lies in the buffer */
    BLK_SIMPLE_BOUNCE,     /* buffer requests on the library's bounce buffer, plus a copy */
    BLK_SIMPLE_MAKE_BOUNCE /* register the bounce buffer first, then as BOUNCE */
};

/* The shortest call that goes by window: below it one message's three
 * copies cost less than the window's system call (make bench on the
 * ramdisk: 512 bytes 1,425 instructions by message, 1,507 by window;
 * 4 KiB 4,739 against 2,569). */
#define BLK_SIMPLE_WINDOW_MIN 1024u

/* What a call finds: whether its data lies inside the handle's mapped
 * buffer, and whether the handle has a registered buffer at all. */
enum blk_simple_way blk_simple_choose(const struct ipc_blk_simple *s, bool data_in_buffer,
                                      bool buffer_registered, uint64_t length);

/* Bytes one request of that way carries: max_transfer (the bounce buffer's
 * size when smaller; BLK_MSG_DATA_MAX for messages; window_max for
 * windows), whole blocks. 0 when not even one block fits (a message and
 * blocks above 4 KiB). */
uint64_t blk_simple_piece(const struct blk_device_limits *device, enum blk_simple_way way,
                          uint64_t bounce_bytes);

/* The server's checks (decode_blk_request) on the whole call as one
 * request of unbounded size: 0, or the code the server would give one of
 * its requests, so nothing moves when any of them would be refused. */
int decode_blk_simple(const struct ipc_blk_simple *s, bool write, uint64_t offset, uint64_t length);

/* Pages of the bounce buffer: max_transfer, at most IPC_BLK_BOUNCE_MAX,
 * rounded up to whole pages. */
uint64_t blk_simple_bounce_pages(const struct blk_device_limits *device);

/* The device's facts from FSTAT's answer (and the bytes one window request
 * may move, 0 for none): 0, or -MICA_EPROTO for a block size, max_transfer
 * or window_max the protocol does not allow (nothing learnt). */
int blk_simple_learn(struct ipc_blk_simple *s, const struct blk_stat *stat, uint64_t window_max);

#endif
