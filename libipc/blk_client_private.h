/* What the block client's files share: how a reply's status is read, and
 * the release of a handle's buffer and rings when it closes. */
#ifndef LIBIPC_BLK_CLIENT_PRIVATE_H
#define LIBIPC_BLK_CLIENT_PRIVATE_H
#include <mica/blk_client.h>
#include <mica/cap.h>
#include <mica/ipc.h>

/* The kernel's error (server gone, bad cap) or the server's status word. */
static inline long blk_reply_status(const struct ipc_msg *m)
{
    return m->badge < 0 ? m->badge : (long)m->w[BLK_REPLY_W_STATUS];
}

/* A reply that must carry exactly one cap, received into `slot`: its status
 * (-MICA_EPROTO for a success without the cap). On failure the slot is
 * emptied and freed, so the caller only keeps it on 0. */
static inline long blk_reply_take_cap(const struct ipc_msg *m, long slot)
{
    long status = blk_reply_status(m);
    unsigned caps = m->badge < 0 ? 0 : MICA_MSGINFO_CAPS(m->info);
    if (status == 0 && caps != 1)
        status = -MICA_EPROTO;
    if (status < 0) {
        if (caps)
            mica_sys_cap_delete(0, slot);
        ipc_slot_free(slot);
    }
    return status;
}

/* Whether the table entry at index holds a request not yet reaped. */
static inline bool blk_sent_out(const struct ipc_blk_queue *q, uint64_t index)
{
    return (q->sent[index].request_id & q->mask) == index;
}

void blk_buffer_release(struct ipc_blk_handle *h);

/* One READ_WINDOW or WRITE_WINDOW request (blk_client.c) on `data`, at
 * most the server's window_max bytes; the bytes moved or the error. */
long blk_window_io(struct ipc_blk_handle *h, bool write, uint64_t offset, uint8_t *data,
                   uint64_t length);
/* FSTAT, and the bytes one window request may move (0: no windows). */
int blk_fstat_window(struct ipc_blk_handle *h, struct blk_stat *stat, uint64_t *window_max);
void blk_queue_release(struct ipc_blk_queue *q);

/* OPEN on server_ep (with a sentinel): on 0 *ep holds the handle's cap in
 * a fresh slot and *id its id. */
long blk_open_call(long server_ep, const char *path, unsigned flags, long *ep, uint64_t *id);
/* name "scheme:path": the lookup (kept by init up to wait_ms; 0: answered
 * at once), then OPEN on the door; on 0 the door, handle cap and id. */
long blk_open_by_name(const char *name, unsigned flags, uint64_t wait_ms, long *door, long *ep,
                      uint64_t *id);

/* After a call on h failed with the kernel's error: 0 when the server had
 * died and h serves again on its restarted instance (buffer registered,
 * rings set up, queued requests pushed again), so the call is repeated;
 * -1 when the error stands (recovery off, a bare-endpoint handle, a server
 * that closed the handle alive, or one that did not come back). */
int blk_recover(struct ipc_blk_handle *h, long cause);
/* A slow path: kept out of the callers' code and stack frames. */
#define BLK_COLD __attribute__((noinline, cold))

/* A notification in *watch (made when 0) signalled when `door` is deleted. */
long blk_watch_door(long door, long *watch);
/* Both rings formatted empty and attached (blk_queue.c). */
int blk_queue_format(struct ipc_blk_queue *q);
/* RING_SETUP on h->ep with the rings and a signal-only copy of the wakeup;
 * the doorbell it gets back, and the watch on the handle cap. */
int blk_queue_send_setup(struct ipc_blk_handle *h);
/* The queued part of a recovery: fresh rings on the new handle, then the
 * requests not yet reaped pushed again in push order. */
int blk_queue_restore(struct ipc_blk_handle *h);

#endif
