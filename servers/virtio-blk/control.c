/* OPEN and FSTAT for serve mode: OPEN's words are checked in decode_open
 * before a handle is made; FSTAT reports the device as negotiated. */
#include <mica/errno.h>
#include <mica/rt_string.h>

#include "serve.h"

static int decode_open(const struct vblk_server *s, const struct ipc_msg *m, bool *writable)
{
    uint64_t flags = m->w[BLK_OPEN_W_FLAGS], length = m->w[BLK_OPEN_W_PATH_LEN];
    unsigned words = MICA_MSGINFO_WORDS(m->info);
    uint64_t carried = words > BLK_MSG_DATA_WORD ? (uint64_t)(words - BLK_MSG_DATA_WORD) * 8u : 0;
    if (words < BLK_OPEN_W_PATH_LEN + 1 || (flags & ~(uint64_t)BLK_OPEN_KNOWN_FLAGS) ||
        length > BLK_PATH_MAX || length > carried)
        return -MICA_EINVAL;
    if (length != 0) /* the whole device, "", is the only path */
        return -MICA_ENOENT;
    *writable = (flags & BLK_OPEN_WRITE) != 0;
    if (*writable && s->limits.read_only)
        return -MICA_EACCES;
    return 0;
}

void vblk_serve_open(struct vblk_server *s, const struct ipc_msg *m, struct vblk_reply *r)
{
    bool writable;
    struct vblk_handle *h;
    int err = decode_open(s, m, &writable);
    if (!err)
        err = vblk_handle_open(s, writable, &h);
    if (err) {
        vblk_reply_error(r, err);
        return;
    }
    vblk_reply_word(s, r, BLK_OPEN_REPLY_W_HANDLE, vblk_handle_badge(s, h));
    s->ipc->send_caps[0] = (uint64_t)h->endpoint;
    r->caps = 1;
}

void vblk_serve_fstat(struct vblk_server *s, struct vblk_reply *r)
{
    const struct vblk_dev *d = s->d;
    bool cache = (d->features & (1ull << VBLK_F_FLUSH)) != 0;
    struct blk_stat st = {
        .size_bytes = d->capacity * VBLK_SECTOR_SIZE,
        .block_size = s->limits.block_size,
        .flags = (s->limits.read_only ? BLK_STAT_READ_ONLY : 0u) | (cache ? BLK_STAT_FLUSH : 0u),
        .max_transfer = s->limits.max_transfer,
        .queue_depth = 1, /* one request at a time in serve mode */
    };
    /* "(none)" is our log's word for no serial; the protocol's is empty. */
    if (strcmp(d->serial, "(none)") != 0)
        snprintf(st.serial, sizeof st.serial, "%s", d->serial);
    snprintf(st.model, sizeof st.model, "virtio-blk");
    uint64_t words[BLK_STAT_WORDS];
    memcpy(words, &st, sizeof words);
    for (unsigned i = 0; i < BLK_STAT_WORDS; i++)
        vblk_reply_word(s, r, BLK_FSTAT_REPLY_W_STAT + i, words[i]);
}
