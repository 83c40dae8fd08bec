/* Block client: opening and closing a handle, fstat, fsync, and one
 * message of the message path, whose data travels in the calling thread's
 * IPC buffer from word BLK_MSG_DATA_WORD (docs/block-protocol.md,
 * "Messages"); the simple calls built on it are blk_simple.c. A call the kernel
 * fails (the server died) is made again once blk_recover has the handle back. */
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>

#include "blk_client_private.h"

#define DATA_WORDS(bytes) (((bytes) + 7u) / 8u)

long blk_open_call(long server_ep, const char *path, unsigned flags, long *ep, uint64_t *id)
{
    size_t length = strlen(path);
    if (length > BLK_PATH_MAX)
        return -MICA_EINVAL;
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    /* The sentinel: a notification our quota pays for, so it dies with us
     * and the server, which watches its copy, frees what the handle pins at
     * once (docs/block-protocol.md, "Fairness"). Ours goes after the call;
     * the server's copy keeps the object. */
    long sentinel = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (sentinel < 0) {
        ipc_slot_free(slot);
        return sentinel;
    }
    memcpy(&ipc_buffer()->msg[BLK_MSG_DATA_WORD], path, length);
    uint64_t recv = (uint64_t)slot;
    ipc_set_recv_slots(&recv, 1);
    ipc_buffer()->send_caps[0] = (uint64_t)sentinel;
    unsigned words = BLK_MSG_DATA_WORD + (unsigned)DATA_WORDS(length);
    struct ipc_msg m = ipc_call(server_ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_OPEN), words, 1), flags,
                                length, 0, 0);
    ipc_set_recv_slots(0, 0);
    ipc_cap_drop(sentinel);
    long status = blk_reply_take_cap(&m, slot);
    if (status < 0)
        return status;
    *ep = slot;
    *id = m.w[BLK_OPEN_REPLY_W_HANDLE];
    return 0;
}

int ipc_blk_open(struct ipc_blk_handle *h, long server_ep, const char *path, unsigned flags)
{
    memset(h, 0, sizeof *h);
    h->simple.writable = (flags & BLK_OPEN_WRITE) != 0;
    return (int)blk_open_call(server_ep, path, flags, &h->ep, &h->handle_id);
}

int ipc_blk_close(struct ipc_blk_handle *h)
{
    if (!h->ep)
        return -MICA_EBADF;
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_CLOSE), 0, 0), 0, 0, 0, 0);
    blk_queue_release(&h->queue);
    blk_buffer_release(h);
    /* The server revokes the handle's capability on close; the slot may
     * already be empty, so it is freed whatever the delete says. */
    ipc_slot_forget(h->ep);
    h->ep = 0;
    /* The watch first, so that dropping the door signals nobody. */
    if (h->reopen.watch)
        ipc_cap_drop(h->reopen.watch);
    ipc_slot_forget(h->reopen.door);
    memset(&h->reopen, 0, sizeof h->reopen);
    memset(&h->simple, 0, sizeof h->simple);
    return (int)blk_reply_status(&m);
}

/* The calls' slow paths: out of line and reached by a tail call, so that a
 * call that succeeds pays one branch and no stack frame. Each repeats its
 * call once blk_recover has the handle back, else gives the kernel's error. */
static BLK_COLD int fstat_again(struct ipc_blk_handle *h, long error, struct blk_stat *stat,
                                uint64_t *window_max)
{
    return blk_recover(h, error) == 0 ? blk_fstat_window(h, stat, window_max) : (int)error;
}

static BLK_COLD int fsync_again(struct ipc_blk_handle *h, long error)
{
    return blk_recover(h, error) == 0 ? ipc_blk_fsync(h) : (int)error;
}

static BLK_COLD long read_again(struct ipc_blk_handle *h, long error, uint64_t offset, void *data,
                                uint64_t length)
{
    return blk_recover(h, error) == 0 ? ipc_blk_read_message(h, offset, data, length) : error;
}

static BLK_COLD long write_again(struct ipc_blk_handle *h, long error, uint64_t offset,
                                 const void *data, uint64_t length)
{
    /* The data goes into the IPC buffer again: a recovery's messages used it. */
    return blk_recover(h, error) == 0 ? ipc_blk_write_message(h, offset, data, length) : error;
}

int ipc_blk_fstat(struct ipc_blk_handle *h, struct blk_stat *stat)
{
    uint64_t window_max;
    return blk_fstat_window(h, stat, &window_max);
}

int blk_fstat_window(struct ipc_blk_handle *h, struct blk_stat *stat, uint64_t *window_max)
{
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSTAT), 0, 0), 0, 0, 0, 0);
    if (m.badge < 0)
        return fstat_again(h, m.badge, stat, window_max);
    long status = blk_reply_status(&m);
    if (status < 0)
        return (int)status;
    if (MICA_MSGINFO_WORDS(m.info) < BLK_FSTAT_REPLY_W_STAT + BLK_STAT_WORDS)
        return -MICA_EPROTO;
    uint64_t words[BLK_STAT_WORDS];
    for (unsigned i = 0; i < BLK_STAT_WORDS; i++)
        words[i] = ipc_msg_word(&m, BLK_FSTAT_REPLY_W_STAT + i);
    memcpy(stat, words, sizeof *stat);
    /* A server from before windows sends no such word: it takes none. */
    bool told = MICA_MSGINFO_WORDS(m.info) > BLK_FSTAT_REPLY_W_WINDOW_MAX;
    *window_max = told ? ipc_msg_word(&m, BLK_FSTAT_REPLY_W_WINDOW_MAX) : 0;
    return 0;
}

int ipc_blk_fsync(struct ipc_blk_handle *h)
{
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSYNC), 0, 0), 0, 0, 0, 0);
    if (m.badge < 0)
        return fsync_again(h, m.badge);
    return (int)blk_reply_status(&m);
}

static BLK_COLD long window_again(struct ipc_blk_handle *h, long error, bool write,
                                  uint64_t offset, uint8_t *data, uint64_t length)
{
    return blk_recover(h, error) == 0 ? blk_window_io(h, write, offset, data, length) : error;
}

long blk_window_io(struct ipc_blk_handle *h, bool write, uint64_t offset, uint8_t *data,
                   uint64_t length)
{
    /* Offered for this call alone, in the one direction it needs. */
    ipc_window_offer(data, length, write ? MICA_WINDOW_FROM_CALLER : MICA_WINDOW_TO_CALLER);
    uint64_t label = BLK_LABEL(write ? BLK_MSG_WRITE_WINDOW : BLK_MSG_READ_WINDOW);
    struct ipc_msg m = ipc_call(h->ep, MICA_MSGINFO(label, BLK_RW_W_LENGTH + 1, 0), offset, length, 0, 0);
    ipc_window_withdraw();
    if (m.badge < 0)
        return window_again(h, m.badge, write, offset, data, length);
    long status = blk_reply_status(&m);
    if (status < 0)
        return status;
    uint64_t moved = m.w[BLK_RW_REPLY_W_BYTES];
    return moved <= length ? (long)moved : -MICA_EPROTO;
}

long ipc_blk_read_message(struct ipc_blk_handle *h, uint64_t offset, void *data, uint64_t length)
{
    uint64_t info = MICA_MSGINFO(BLK_LABEL(BLK_MSG_READ), BLK_RW_W_LENGTH + 1, 0);
    struct ipc_msg m = ipc_call(h->ep, info, offset, length, 0, 0);
    if (m.badge < 0)
        return read_again(h, m.badge, offset, data, length);
    long status = blk_reply_status(&m);
    if (status < 0)
        return status;
    /* Copy no more than asked for and no more than the reply carried. */
    return ipc_msg_data(&m, BLK_MSG_DATA_WORD, m.w[BLK_RW_REPLY_W_BYTES], length, data);
}

long ipc_blk_write_message(struct ipc_blk_handle *h, uint64_t offset, const void *data,
                           uint64_t length)
{
    if (length > BLK_MSG_DATA_MAX)
        return -MICA_E2BIG; /* more than the IPC buffer carries; the server's code */
    memcpy(&ipc_buffer()->msg[BLK_MSG_DATA_WORD], data, length);
    unsigned words = BLK_MSG_DATA_WORD + (unsigned)DATA_WORDS(length);
    struct ipc_msg m =
        ipc_call(h->ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_WRITE), words, 0), offset, length, 0, 0);
    if (m.badge < 0)
        return write_again(h, m.badge, offset, data, length);
    long status = blk_reply_status(&m);
    return status < 0 ? status : (long)m.w[BLK_RW_REPLY_W_BYTES];
}
