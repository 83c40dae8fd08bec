/* File client: OPEN through the name service's door, then STAT, READ and
 * READDIR on the handle (docs/files.md). */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/blk_client.h>
#include <mica/cap.h>
#include <mica/file_client.h>
#include <mica/ipc.h>
#include <mica/scheme.h>

static long status_of(const struct ipc_msg *m)
{
    return m->badge < 0 ? m->badge : (long)m->w[FILE_REPLY_W_STATUS];
}

/* OPEN on door, the handle's cap into the empty slot; the slot is empty
 * again on failure. */
static int open_on(long door, const char *path, long slot)
{
    size_t length = strlen(path);
    if (length == 0 || length > FILE_PATH_MAX)
        return -MICA_EINVAL;
    memcpy(&ipc_buffer()->msg[FILE_MSG_DATA_WORD], path, length);
    uint64_t recv = (uint64_t)slot;
    ipc_set_recv_slots(&recv, 1);
    unsigned words = FILE_MSG_DATA_WORD + (unsigned)((length + 7u) / 8u);
    struct ipc_msg m = ipc_call(door, MICA_MSGINFO(FILE_LABEL(FILE_MSG_OPEN), words, 0),
                                FILE_OPEN_READ, length, 0, 0);
    ipc_set_recv_slots(0, 0);
    long status = status_of(&m);
    unsigned caps = m.badge < 0 ? 0 : MICA_MSGINFO_CAPS(m.info);
    if (status == 0 && caps != 1)
        status = -MICA_EPROTO;
    if (status < 0 && caps)
        mica_sys_cap_delete(0, slot);
    return (int)status;
}

static int stat_of(struct ipc_file *f)
{
    struct ipc_msg m = ipc_call(f->ep, MICA_MSGINFO(FILE_LABEL(FILE_MSG_STAT), 0, 0), 0, 0, 0, 0);
    long status = status_of(&m);
    if (status < 0)
        return (int)status;
    f->size = m.w[FILE_STAT_REPLY_W_SIZE];
    f->kind = (unsigned)m.w[FILE_STAT_REPLY_W_KIND];
    return 0;
}

int ipc_file_open_on(struct ipc_file *f, long door, const char *path, long slot)
{
    memset(f, 0, sizeof *f);
    int r = open_on(door, path, slot);
    if (r < 0)
        return r;
    f->ep = slot;
    if ((r = stat_of(f)) < 0)
        ipc_file_end(f);
    return r;
}

int ipc_file_end(struct ipc_file *f)
{
    if (!f->ep)
        return -MICA_EBADF;
    struct ipc_msg m = ipc_call(f->ep, MICA_MSGINFO(FILE_LABEL(FILE_MSG_CLOSE), 0, 0), 0, 0, 0, 0);
    /* The server revokes the handle's cap on close: the slot may be empty. */
    mica_sys_cap_delete(0, f->ep);
    f->ep = 0;
    return (int)status_of(&m);
}

int ipc_file_open(struct ipc_file *f, const char *name)
{
    memset(f, 0, sizeof *f);
    long door = ipc_slot_alloc();
    if (door < 0)
        return (int)door;
    long slot = ipc_slot_alloc();
    const char *path;
    long r = slot < 0 ? slot : ipc_scheme_door(name, door, &path);
    if (r == 0) {
        r = ipc_file_open_on(f, door, path[0] ? path : "/", slot);
        mica_sys_cap_delete(0, door);
    }
    ipc_slot_free(door);
    if (r < 0 && slot >= 0)
        ipc_slot_free(slot);
    return (int)r;
}

int ipc_file_close(struct ipc_file *f)
{
    long slot = f->ep;
    int r = ipc_file_end(f);
    if (slot)
        ipc_slot_free(slot);
    return r;
}

long ipc_file_read(struct ipc_file *f, uint64_t offset, void *data, uint64_t length)
{
    uint8_t *out = data;
    uint64_t done = 0;
    while (done < length) {
        uint64_t want = length - done < FILE_MSG_DATA_MAX ? length - done : FILE_MSG_DATA_MAX;
        uint64_t info = MICA_MSGINFO(FILE_LABEL(FILE_MSG_READ), FILE_READ_W_LENGTH + 1, 0);
        struct ipc_msg m = ipc_call(f->ep, info, offset + done, want, 0, 0);
        long status = status_of(&m);
        if (status < 0)
            return status;
        long bytes = ipc_msg_data(&m, FILE_MSG_DATA_WORD, m.w[FILE_READ_REPLY_W_BYTES], want, out + done);
        if (bytes < 0)
            return bytes;
        done += (uint64_t)bytes;
        if ((uint64_t)bytes < want)
            break;
    }
    return (long)done;
}

int ipc_file_readdir(struct ipc_file *f, uint64_t *cookie, struct ipc_file_entry *entry)
{
    uint64_t info = MICA_MSGINFO(FILE_LABEL(FILE_MSG_READDIR), FILE_READDIR_W_COOKIE + 1, 0);
    struct ipc_msg m = ipc_call(f->ep, info, *cookie, 0, 0, 0);
    long status = status_of(&m);
    if (status < 0)
        return (int)status;
    uint64_t kind_word = m.w[FILE_READDIR_REPLY_W_KIND];
    entry->kind = (unsigned)(kind_word & ((1u << FILE_READDIR_NAME_SHIFT) - 1));
    if (entry->kind == 0)
        return 0;
    uint64_t length = kind_word >> FILE_READDIR_NAME_SHIFT;
    if (length == 0 ||
        ipc_msg_data(&m, FILE_MSG_DATA_WORD, length, FILE_NAME_MAX - 1, entry->name) < 0)
        return -MICA_EPROTO;
    entry->name[length] = 0;
    entry->size = m.w[FILE_READDIR_REPLY_W_SIZE];
    *cookie = m.w[FILE_READDIR_REPLY_W_NEXT];
    return 1;
}
