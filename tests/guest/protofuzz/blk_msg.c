/* Random messages to a block server: every label and labels of no protocol,
 * right and wrong word counts, edge-case offsets and lengths, caps where
 * none belong, through the session's handle, the name service's door, or a
 * re-badged copy of either. Each acknowledged request is judged by the
 * oracle and applied to the shadow copy; each acknowledged READ is compared
 * with it. */
#include <string.h>

#include <mica/abi/caps.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/serial.h>
#include <mica/scheme.h>

#include "protofuzz.h"

#define MAX_WORDS MICA_MSG_MAX_WORDS
#define DATA_WORD BLK_MSG_DATA_WORD

struct sent {
    uint64_t label;
    unsigned words, caps;
    uint64_t w[MAX_WORDS];
    uint64_t cap[MICA_MSG_MAX_CAPS + 1];
};

/* READ/WRITE/READ_BUFFER/WRITE_BUFFER weigh most: they touch the disk. */
static uint64_t pick_label(void)
{
    static const enum blk_msg weighted[] = {
        BLK_MSG_READ, BLK_MSG_READ, BLK_MSG_WRITE, BLK_MSG_WRITE, BLK_MSG_WRITE,
        BLK_MSG_READ_BUFFER, BLK_MSG_READ_BUFFER, BLK_MSG_WRITE_BUFFER, BLK_MSG_WRITE_BUFFER,
        BLK_MSG_WRITE_BUFFER, BLK_MSG_FSTAT, BLK_MSG_FSYNC, BLK_MSG_OPEN, BLK_MSG_REGISTER_BUFFER,
        BLK_MSG_RING_SETUP,
    };
    static const uint64_t foreign[] = {
        0, 1, SERIAL_WRITE, SERIAL_READ, MICA_LABEL_SCHEME_LOOKUP, MICA_LABEL_SCHEME_REGISTER,
        MICA_LABEL_NOTIFICATION, MICA_LABEL_FAULT, BLK_LABEL_BASE - 1, BLK_LABEL(BLK_MSG_COUNT),
        MICA_MSGINFO_LABEL_MAX,
    };
    switch (pf_below(16)) {
    case 0:
        return pf_random() & MICA_MSGINFO_LABEL_MAX;
    case 1:
        return foreign[pf_below(sizeof foreign / sizeof foreign[0])];
    case 2:
        return BLK_LABEL(BLK_MSG_COUNT + pf_below(64));
    case 3:
        /* A CLOSE ends the session (then reopened): rare, so that most
         * messages meet a handle with a buffer and a ring. */
        return BLK_LABEL(pf_chance(8) ? BLK_MSG_CLOSE : weighted[pf_below(sizeof weighted / sizeof weighted[0])]);
    default:
        return BLK_LABEL(weighted[pf_below(sizeof weighted / sizeof weighted[0])]);
    }
}

static bool is_block_label(uint64_t label, enum blk_msg msg)
{
    return label == BLK_LABEL(msg);
}

/* The words the message's layout names, its data words included. */
static unsigned proper_words(const struct sent *s)
{
    switch (s->label - BLK_LABEL_BASE) {
    case BLK_MSG_OPEN:
        return DATA_WORD + (unsigned)((s->w[BLK_OPEN_W_PATH_LEN] % 128u + 7u) / 8u);
    case BLK_MSG_READ:
        return 2;
    case BLK_MSG_WRITE: {
        uint64_t length = s->w[BLK_RW_W_LENGTH];
        return length <= BLK_MSG_DATA_MAX ? DATA_WORD + (unsigned)((length + 7u) / 8u) : MAX_WORDS;
    }
    case BLK_MSG_READ_BUFFER:
    case BLK_MSG_WRITE_BUFFER:
        return 3;
    default:
        return 0;
    }
}

static void fill_open(struct sent *s)
{
    static const char *const paths[] = { "", "p1", "p2", "p0", "p99", "p1p1", ":", "..", "/" };
    char *path = (char *)&s->w[DATA_WORD];
    uint64_t length;
    if (pf_chance(3)) {
        length = pf_below(BLK_PATH_MAX + 16);
        pf_fill_random(path, length);
    } else {
        const char *p = paths[pf_below(sizeof paths / sizeof paths[0])];
        length = strlen(p);
        memcpy(path, p, length);
    }
    s->w[BLK_OPEN_W_FLAGS] = pf_chance(4) ? pf_random() : pf_below(4);
    s->w[BLK_OPEN_W_PATH_LEN] = pf_chance(8) ? pf_random() : length;
}

static void fill_words(struct sent *s, const struct pf_disk *d)
{
    uint64_t size = d->stat.size_bytes, block = d->stat.block_size;
    s->w[0] = pf_position(size, block);
    s->w[1] = pf_length(block, d->stat.max_transfer);
    s->w[2] = pf_chance(3) ? pf_position(PF_BUFFER_BYTES, block) : pf_below(PF_BUFFER_BYTES / block) * block;
    s->w[3] = pf_random();
    if (is_block_label(s->label, BLK_MSG_WRITE) && pf_chance(4))
        s->w[1] = block * (1 + pf_below(BLK_MSG_DATA_MAX / block)); /* mostly writes that fit */
    if (is_block_label(s->label, BLK_MSG_OPEN))
        fill_open(s);
    if (!is_block_label(s->label, BLK_MSG_OPEN))
        pf_fill_random(&s->w[DATA_WORD], (MAX_WORDS - DATA_WORD) * 8u);
    switch (pf_below(10)) {
    case 0:
        s->words = (unsigned)pf_below(MAX_WORDS + 4);
        break;
    case 1:
        s->words = (unsigned)pf_below(8);
        break;
    case 2:
        s->words = proper_words(s) ? proper_words(s) - 1 : 1;
        break;
    default:
        s->words = proper_words(s);
        break;
    }
    bool wants_caps = is_block_label(s->label, BLK_MSG_REGISTER_BUFFER) ||
                      is_block_label(s->label, BLK_MSG_RING_SETUP);
    s->caps = wants_caps || pf_chance(8) ? (unsigned)pf_below(MICA_MSG_MAX_CAPS + 2) : 0;
    for (unsigned i = 0; i < s->caps; i++)
        s->cap[i] = pf_caps_pick(d);
}

/* Which cap carries the message: the session's handle mostly, the door, or
 * a copy re-badged with a guess (refused by a kernel that keeps badges
 * unforgeable; then the session's own cap is used). */
static long pick_target(struct pf_disk *d, long forged)
{
    unsigned way = (unsigned)pf_below(16);
    if (way == 0)
        return d->door;
    if (way > 2)
        return d->h.ep;
    long from = way == 1 ? d->door : d->h.ep;
    uint64_t badges[] = { d->h.handle_id + pf_below(4), d->h.handle_id - 1 - pf_below(4),
                          d->h.handle_id ^ (1ull << pf_below(64)), pf_random(),
                          0x4000000000000100ull + pf_below(256) };
    uint64_t badge = badges[pf_below(sizeof badges / sizeof badges[0])];
    if (mica_sys_cap_mint(0, forged, from, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT, (long)badge) < 0)
        return d->h.ep;
    return forged;
}

static struct ipc_msg send(long ep, const struct sent *s)
{
    struct mica_ipc_buffer *b = ipc_buffer();
    unsigned words = s->words < MAX_WORDS ? s->words : MAX_WORDS;
    for (unsigned i = DATA_WORD; i < words; i++)
        b->msg[i] = s->w[i];
    for (unsigned i = 0; i < s->caps && i < MICA_MSG_MAX_CAPS; i++)
        b->send_caps[i] = s->cap[i];
    pf_caps_expect();
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(s->label & MICA_MSGINFO_LABEL_MAX, s->words, s->caps),
                                s->w[0], s->w[1], s->w[2], s->w[3]);
    return m;
}

/* An acknowledged request of the read/write family: judged, then applied. */
static int apply_io(struct pf_disk *d, const struct sent *s, const struct ipc_msg *m)
{
    enum blk_msg msg = (enum blk_msg)(s->label - BLK_LABEL_BASE);
    bool buffer = msg == BLK_MSG_READ_BUFFER || msg == BLK_MSG_WRITE_BUFFER;
    bool write = msg == BLK_MSG_WRITE || msg == BLK_MSG_WRITE_BUFFER || msg == BLK_MSG_FSYNC;
    struct pf_request r = {
        .op = msg == BLK_MSG_FSYNC ? BLK_OP_FLUSH : write ? BLK_OP_WRITE : BLK_OP_READ,
        .offset = s->w[0], .length = s->w[1], .buffer_offset = buffer ? s->w[2] : 0,
        .uses_buffer = buffer, .message_path = !buffer, .writable_handle = !d->read_only,
    };
    unsigned layout = msg == BLK_MSG_FSYNC ? 0 : buffer ? 3 : 2;
    uint64_t carried = s->words > DATA_WORD ? (uint64_t)(s->words - DATA_WORD) * 8u : 0;
    if (msg == BLK_MSG_FSYNC)
        r.offset = r.length = 0;
    if (s->words < layout || pf_must_refuse(d, &r) ||
        (msg == BLK_MSG_WRITE && carried < r.length))
        return pf_fail("%s acknowledged a request the protocol refuses: label 0x%llx, %u words, "
                       "offset 0x%llx, length 0x%llx, buffer offset 0x%llx", d->scheme,
                       (unsigned long long)s->label, s->words, (unsigned long long)r.offset,
                       (unsigned long long)r.length, (unsigned long long)r.buffer_offset);
    if (msg == BLK_MSG_FSYNC)
        return 0;
    uint64_t bytes = m->w[BLK_RW_REPLY_W_BYTES];
    if (bytes > r.length)
        return pf_fail("%s acknowledged %llu bytes of a %llu-byte request", d->scheme,
                       (unsigned long long)bytes, (unsigned long long)r.length);
    switch (msg) {
    case BLK_MSG_READ: {
        unsigned words = MICA_MSGINFO_WORDS(m->info);
        if (words < DATA_WORD || (uint64_t)(words - DATA_WORD) * 8u < bytes)
            return pf_fail("%s READ reply of %u words claims %llu bytes", d->scheme, words,
                           (unsigned long long)bytes);
        return pf_shadow_compare(d, r.offset, (const uint8_t *)&ipc_buffer()->msg[DATA_WORD],
                                 bytes, "message READ");
    }
    case BLK_MSG_WRITE:
        memcpy(d->shadow + r.offset, &s->w[DATA_WORD], bytes);
        return 0;
    case BLK_MSG_READ_BUFFER:
        if (pf_shadow_compare(d, r.offset, d->h.buffer + r.buffer_offset, bytes, "READ_BUFFER") < 0)
            return -1;
        memcpy(d->buffer_shadow + r.buffer_offset, d->h.buffer + r.buffer_offset, bytes);
        return 0;
    default: /* WRITE_BUFFER */
        memcpy(d->shadow + r.offset, d->buffer_shadow + r.buffer_offset, bytes);
        return 0;
    }
}

static int judge_ack(struct pf_disk *d, const struct sent *s, const struct ipc_msg *m)
{
    uint64_t n = s->label - BLK_LABEL_BASE;
    if (s->label < BLK_LABEL_BASE || n >= BLK_MSG_COUNT)
        return pf_fail("%s acknowledged label 0x%llx, which no protocol of its has", d->scheme,
                       (unsigned long long)s->label);
    switch ((enum blk_msg)n) {
    case BLK_MSG_READ:
    case BLK_MSG_WRITE:
    case BLK_MSG_READ_BUFFER:
    case BLK_MSG_WRITE_BUFFER:
    case BLK_MSG_FSYNC:
        return apply_io(d, s, m);
    case BLK_MSG_REGISTER_BUFFER:
    case BLK_MSG_RING_SETUP:
        /* Only the session has a handle, and it has both already. */
        return pf_fail("%s acknowledged a second %s", d->scheme,
                       n == BLK_MSG_RING_SETUP ? "RING_SETUP" : "REGISTER_BUFFER");
    case BLK_MSG_OPEN:
        if ((s->w[BLK_OPEN_W_FLAGS] & ~(uint64_t)BLK_OPEN_KNOWN_FLAGS) ||
            s->w[BLK_OPEN_W_PATH_LEN] > BLK_PATH_MAX ||
            (d->read_only && (s->w[BLK_OPEN_W_FLAGS] & BLK_OPEN_WRITE)))
            return pf_fail("%s OPEN with flags 0x%llx, path length %llu acknowledged", d->scheme,
                           (unsigned long long)s->w[BLK_OPEN_W_FLAGS],
                           (unsigned long long)s->w[BLK_OPEN_W_PATH_LEN]);
        return 0;
    case BLK_MSG_CLOSE:
        return pf_session_check(d); /* the session may be the handle closed */
    case BLK_MSG_READ_WINDOW:
    case BLK_MSG_WRITE_WINDOW:
        /* These messages never offer a window (blk_window.c's do). */
        return pf_fail("%s acknowledged a window request with no window offered", d->scheme);
    default:
        return 0; /* FSTAT */
    }
}

static int judge(struct pf_disk *d, const struct sent *s, const struct ipc_msg *m);

int pf_blk_message(struct pf_disk *d)
{
    static struct sent s;
    static long forged;
    if (!forged)
        forged = ipc_slot_alloc();
    s.label = pick_label();
    fill_words(&s, d);
    if (is_block_label(s.label, BLK_MSG_WRITE_BUFFER) && pf_chance(4)) {
        uint64_t at = pf_below(PF_BUFFER_BYTES / 4096u) * 4096u;
        pf_fill_random(d->h.buffer + at, 4096);
        memcpy(d->buffer_shadow + at, d->h.buffer + at, 4096);
    }
    long ep = pick_target(d, forged);
    struct ipc_msg m = send(ep, &s);
    mica_sys_cap_delete(0, forged);
    pf_stats.messages++;
    int r = judge(d, &s, &m);
    /* After judging: closing a handle a fuzzed OPEN made reuses the IPC
     * buffer, where a READ's reply data was. */
    pf_caps_collect();
    return r;
}

int pf_blk_reply_verdict(struct pf_disk *d, const struct ipc_msg *m, uint64_t label)
{
    if (pf_kernel_error(m)) {
        /* The kernel refused the send (bad count, cap, rights) or the server
         * dropped the call: the server must still answer the session. */
        pf_stats.refused++;
        return pf_session_check(d);
    }
    long status = (long)m->w[BLK_REPLY_W_STATUS];
    if (status > 0)
        return pf_fail("%s status word %ld (label 0x%llx): not 0 nor an error", d->scheme,
                       status, (unsigned long long)label);
    if (status < 0) {
        pf_stats.refused++;
        return 0;
    }
    pf_stats.acked++;
    return PF_ACKED;
}

static int judge(struct pf_disk *d, const struct sent *s, const struct ipc_msg *m)
{
    int verdict = pf_blk_reply_verdict(d, m, s->label);
    return verdict == PF_ACKED ? judge_ack(d, s, m) : verdict;
}
