/* OPEN and FSTAT: the messages that manage a handle rather than move
 * data. Each checks its message in a decode step before acting on it. */
#include <mica/rt_string.h>

#include <mica/errno.h>

#include "ramdisk_private.h"

static const uint8_t layout_words[BLK_MSG_COUNT] = {
#define LAYOUT_WORDS(name, number, words, caps) [number] = words,
    BLK_MSG_LIST(LAYOUT_WORDS)
#undef LAYOUT_WORDS
};
static const uint8_t layout_caps[BLK_MSG_COUNT] = {
#define LAYOUT_CAPS(name, number, words, caps) [number] = caps,
    BLK_MSG_LIST(LAYOUT_CAPS)
#undef LAYOUT_CAPS
};

bool ramdisk_message_short(const struct ipc_msg *m, enum blk_msg msg)
{
    return MICA_MSGINFO_WORDS(m->info) < layout_words[msg] ||
           MICA_MSGINFO_CAPS(m->info) < layout_caps[msg];
}

static int decode_open(const struct ramdisk *rd, const struct ipc_msg *m, bool *writable)
{
    uint64_t flags = m->w[BLK_OPEN_W_FLAGS], length = m->w[BLK_OPEN_W_PATH_LEN];
    unsigned words = MICA_MSGINFO_WORDS(m->info);
    uint64_t carried = words > BLK_MSG_DATA_WORD ? (uint64_t)(words - BLK_MSG_DATA_WORD) * 8u : 0;
    if (ramdisk_message_short(m, BLK_MSG_OPEN) || (flags & ~(uint64_t)BLK_OPEN_KNOWN_FLAGS) ||
        length > BLK_PATH_MAX || length > carried)
        return -MICA_EINVAL;
    if (length != 0) /* the whole device, "", is the only path */
        return -MICA_ENOENT;
    *writable = (flags & BLK_OPEN_WRITE) != 0;
    if (*writable && rd->limits.read_only)
        return -MICA_EACCES;
    return 0;
}

void ramdisk_open(struct ramdisk *rd, const struct ipc_msg *m, struct ramdisk_reply *r)
{
    bool writable;
    struct ramdisk_handle *h;
    int err = decode_open(rd, m, &writable);
    if (!err)
        err = ramdisk_handle_open(rd, writable, &h);
    if (err) {
        reply_error(r, err);
        return;
    }
    reply_word(rd, r, BLK_OPEN_REPLY_W_HANDLE, ramdisk_handle_badge(rd, h));
    rd->ipc->send_caps[0] = (uint64_t)h->endpoint;
    r->caps = 1;
}

void ramdisk_fstat(struct ramdisk *rd, struct ramdisk_reply *r)
{
    struct blk_stat st = {
        .size_bytes = rd->limits.block_count * rd->limits.block_size,
        .block_size = rd->limits.block_size,
        .flags = rd->limits.read_only ? BLK_STAT_READ_ONLY : 0u, /* RAM: nothing to flush */
        .max_transfer = rd->limits.max_transfer,
        .queue_depth = RAMDISK_QUEUE_DEPTH,
    };
    memcpy(st.serial, rd->name, sizeof st.serial);
    snprintf(st.model, sizeof st.model, "ramdisk");
    uint64_t words[BLK_STAT_WORDS];
    memcpy(words, &st, sizeof words);
    for (unsigned i = 0; i < BLK_STAT_WORDS; i++)
        reply_word(rd, r, BLK_FSTAT_REPLY_W_STAT + i, words[i]);
}
