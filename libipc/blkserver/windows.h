/* READ_WINDOW/WRITE_WINDOW (docs/block-protocol.md, "Windows"): the data
 * moves between the caller's window and the server by ipc_window_copy, so
 * the only copy of a memory-backed disk's request is the kernel's. */
#ifndef BLK_SERVER_WINDOWS_H
#define BLK_SERVER_WINDOWS_H
#include <mica/blk_server.h>

/* Bytes one window request may move on this server: max_transfer when the
 * disk is in the server's memory (config.memory); otherwise what one
 * message's data area or one tag's bounce buffer holds, in whole blocks
 * (the bytes pass through it). 0: no windows (blocks larger than that). */
uint32_t blk_server_window_max(const struct blk_server_config *c);

/* The window of the caller waiting for `reply` (0: the pending call) to or
 * from `at`: a read's data into it, a write's out of it; all `length`
 * bytes or none. 0 or the kernel's refusal (-MICA_EFAULT for a window that
 * does not hold them or a page it may not touch). */
int blk_server_window_move(long reply, enum blk_opcode op, uint8_t *at, uint32_t length);

/* A checked window request on a synchronous driver, done: straight between
 * the window and the disk's memory, or through the message data area and
 * the driver's run. Its status. */
int blk_server_window_run(struct blk_server *s, struct blk_server_handle *h,
                          const struct blk_request *req, uint8_t *staging);

#endif
