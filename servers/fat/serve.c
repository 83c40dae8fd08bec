/* The file protocol over a mounted volume (docs/files.md): OPEN on a door
 * badge looks the path up and mints a handle; STAT, READ, READDIR and
 * CLOSE act on the handle the badge names. Damage the parser finds while
 * serving is answered with its code and logged as one line. */
#include <mica/abi/errno.h>
#include <mica/blk_server_caps.h>
#include <mica/file_protocol.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/rt_string.h>

#include "fat_server.h"

struct reply {
    uint64_t words[MICA_MSG_MAX_WORDS];
    unsigned count;
    uint64_t cap; /* a handle's endpoint to hand over, or 0 */
};

static void status(struct reply *r, long code)
{
    r->words[FILE_REPLY_W_STATUS] = (uint64_t)code;
    r->count = 1;
}

/* A parser failure: damage is worth a line (the client only sees a code). */
static void failed(struct fat_server *s, struct reply *r, long code)
{
    if (code == -MICA_EBADMSG || code == -MICA_EIO || code < -MICA_ECANCELED)
        ipc_log_warn("%s: %s", s->scheme, s->volume.why);
    status(r, code);
}

/* The path of an OPEN: its bytes, no control characters (UTF-8 passes). */
static int decode_open_path(const struct ipc_msg *m, char out[FILE_PATH_MAX + 1])
{
    uint64_t flags = m->w[FILE_OPEN_W_FLAGS], length = m->w[FILE_OPEN_W_PATH_LEN];
    if (flags & FILE_OPEN_WRITE)
        return -MICA_EROFS;
    if (flags != FILE_OPEN_READ || length == 0 || length > FILE_PATH_MAX ||
        MICA_MSGINFO_WORDS(m->info) < FILE_MSG_DATA_WORD + (length + 7u) / 8u)
        return -MICA_EINVAL;
    uint64_t words[(FILE_PATH_MAX + 8u) / 8u];
    for (unsigned i = 0; i < (length + 7u) / 8u; i++)
        words[i] = ipc_msg_word(m, FILE_MSG_DATA_WORD + i);
    memcpy(out, words, length);
    out[length] = 0;
    for (uint64_t i = 0; i < length; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
            return -MICA_EINVAL;
    return 0;
}

/* Handles whose every client copy is gone (the client exited or dropped
 * it without CLOSE) are closed before a new one is looked for. */
static void close_unheld(struct fat_server *s)
{
    unsigned from = 0;
    struct blk_handle *h;
    while ((h = blk_handle_next_unheld(&s->table, &from)))
        blk_handle_close(&s->table, h);
}

static void do_open(struct fat_server *s, const struct ipc_msg *m, struct reply *r)
{
    char path[FILE_PATH_MAX + 1];
    struct fat_node node;
    int e = decode_open_path(m, path);
    if (e < 0)
        return status(r, e);
    /* Each OPEN looks at the device as it is now: a file replaced since the
     * last one (its directory entry, its chain, its bytes) is never served
     * from lines cached before. Reads on an open handle keep the cache. */
    block_source_forget(&s->source);
    if ((e = fat_lookup(&s->volume, path, &node)) < 0)
        return failed(s, r, e);
    close_unheld(s);
    struct blk_handle *h;
    if ((e = blk_handle_open(&s->table, false, &h)) < 0)
        return status(r, e);
    struct fat_open *o = (struct fat_open *)h;
    o->node = node;
    status(r, 0);
    r->words[FILE_OPEN_REPLY_W_HANDLE] = blk_handle_badge_of(&s->table, h);
    r->count = FILE_OPEN_REPLY_W_HANDLE + 1;
    r->cap = (uint64_t)h->endpoint;
}

static void do_stat(struct fat_open *o, struct reply *r)
{
    status(r, 0);
    r->words[FILE_STAT_REPLY_W_SIZE] = o->node.size;
    r->words[FILE_STAT_REPLY_W_KIND] = o->node.is_dir ? FILE_KIND_DIRECTORY : FILE_KIND_FILE;
    r->words[FILE_STAT_REPLY_W_ATTRIBUTES] = o->node.attributes;
    r->count = FILE_STAT_REPLY_W_ATTRIBUTES + 1;
}

static void do_read(struct fat_server *s, struct fat_open *o, const struct ipc_msg *m,
                    struct reply *r)
{
    uint64_t offset = m->w[FILE_READ_W_OFFSET], length = m->w[FILE_READ_W_LENGTH];
    if (MICA_MSGINFO_WORDS(m->info) < FILE_READ_W_LENGTH + 1 || length == 0)
        return status(r, -MICA_EINVAL);
    if (length > FILE_MSG_DATA_MAX)
        return status(r, -MICA_E2BIG);
    long n = fat_read(&s->volume, &o->node, &o->cursor, offset,
                      &r->words[FILE_MSG_DATA_WORD], (uint32_t)length);
    if (n < 0)
        return failed(s, r, n);
    status(r, 0);
    r->words[FILE_READ_REPLY_W_BYTES] = (uint64_t)n;
    r->count = FILE_MSG_DATA_WORD + (unsigned)(((uint64_t)n + 7u) / 8u);
}

static void do_readdir(struct fat_server *s, struct fat_open *o, const struct ipc_msg *m,
                       struct reply *r)
{
    if (MICA_MSGINFO_WORDS(m->info) < FILE_READDIR_W_COOKIE + 1)
        return status(r, -MICA_EINVAL);
    uint64_t cookie = m->w[FILE_READDIR_W_COOKIE];
    static struct fat_node entry;
    int e = fat_readdir(&s->volume, &o->node, &cookie, &entry);
    if (e < 0)
        return failed(s, r, e);
    status(r, 0);
    r->words[FILE_READDIR_REPLY_W_NEXT] = cookie;
    r->count = FILE_READDIR_REPLY_W_KIND + 1;
    if (e == 0) {
        r->words[FILE_READDIR_REPLY_W_KIND] = 0;
        return;
    }
    size_t length = strlen(entry.name);
    r->words[FILE_READDIR_REPLY_W_SIZE] = entry.size;
    r->words[FILE_READDIR_REPLY_W_KIND] =
        (entry.is_dir ? FILE_KIND_DIRECTORY : FILE_KIND_FILE) | (uint64_t)length << FILE_READDIR_NAME_SHIFT;
    memcpy(&r->words[FILE_MSG_DATA_WORD], entry.name, length);
    r->count = FILE_MSG_DATA_WORD + (unsigned)((length + 7u) / 8u);
}

static void dispatch(struct fat_server *s, const struct ipc_msg *m, struct reply *r)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    r->cap = 0;
    if (label == FILE_LABEL(FILE_MSG_OPEN)) {
        if (ipc_scheme_is_door((uint64_t)m->badge))
            do_open(s, m, r);
        else
            status(r, -MICA_EBADF);
        return;
    }
    struct blk_handle *h = blk_handle_lookup(&s->table, (uint64_t)m->badge);
    if (!h)
        return status(r, -MICA_EBADF);
    struct fat_open *o = (struct fat_open *)h;
    switch (label) {
    case FILE_LABEL(FILE_MSG_CLOSE):
        blk_handle_close(&s->table, h);
        return status(r, 0);
    case FILE_LABEL(FILE_MSG_STAT):
        return do_stat(o, r);
    case FILE_LABEL(FILE_MSG_READ):
        return o->node.is_dir ? status(r, -MICA_EISDIR) : do_read(s, o, m, r);
    case FILE_LABEL(FILE_MSG_READDIR):
        return o->node.is_dir ? do_readdir(s, o, m, r) : status(r, -MICA_ENOTDIR);
    default:
        return status(r, -MICA_ENOSYS);
    }
}

int fat_serve(struct fat_server *s, long endpoint)
{
    blk_handle_table_init(&s->table, s->handles, sizeof s->handles[0], FAT_SERVER_HANDLES,
                          endpoint, &blk_handle_ipc_caps);
    static struct reply r;
    struct ipc_msg m = ipc_recv(endpoint);
    for (;;) {
        if (m.badge < 0)
            return (int)m.badge;
        dispatch(s, &m, &r);
        m = ipc_reply_recv_words(endpoint, 0, r.words, r.count, r.cap ? &r.cap : 0, r.cap ? 1 : 0);
    }
}
