/* Window requests (READ_WINDOW/WRITE_WINDOW) with windows good and bad:
 * exactly the request's bytes or more with the direction granted, too
 * short, the other direction or none, an address with nothing mapped, the
 * fuzzer's own code (not writable) for a read, or no window at all. An
 * acknowledged request must have offered a window the kernel lets the
 * server use whole (docs/ipc.md, "Windows") and pass the oracle with FSTAT's
 * window_max as its limit; a read's window then holds the shadow's bytes
 * and a write's are the disk's from then on. A refused write must change
 * nothing, which every later comparison with the shadow checks. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/blk_protocol.h>

#include "protofuzz.h"

#define WINDOW_AREA_BYTES (64u * 1024u)
/* Page 1 of the address space: below every program's image, never mapped. */
#define UNMAPPED_ADDRESS 0x1000u

static uint8_t window_area[WINDOW_AREA_BYTES] __attribute__((aligned(4096)));

enum offer {
    OFFER_EXACT,      /* the request's bytes, the direction it needs */
    OFFER_LONGER,     /* more bytes than the request, both directions */
    OFFER_SHORTER,    /* fewer bytes than the request */
    OFFER_OTHER_WAY,  /* the other direction only */
    OFFER_NO_ACCESS,  /* no direction */
    OFFER_UNMAPPED,   /* an address with nothing mapped */
    OFFER_CODE,       /* the fuzzer's code: readable, never writable */
    OFFER_NONE,       /* no window (0 bytes) */
    OFFER_COUNT,
};

struct window_try {
    bool write;
    enum offer offer;
    uint64_t offset, length; /* the request's words */
    unsigned words;
    const uint8_t *at;       /* the window offered */
    uint64_t bytes;
    unsigned access;
    bool usable;             /* the kernel lets the server copy all `length` bytes */
};

/* FSTAT's window_max, asked once: 0 (or a reply without the word) means the
 * server takes no windows, and the oracle then refuses every window request. */
int pf_window_prepare(struct pf_disk *d)
{
    struct ipc_msg m = ipc_call(d->h.ep, MICA_MSGINFO(BLK_LABEL(BLK_MSG_FSTAT), 0, 0), 0, 0, 0, 0);
    if (m.badge < 0 || (long)m.w[BLK_REPLY_W_STATUS] < 0)
        return pf_fail("%s FSTAT for window_max failed", d->scheme);
    d->window_max = MICA_MSGINFO_WORDS(m.info) > BLK_FSTAT_REPLY_W_WINDOW_MAX
                        ? ipc_msg_word(&m, BLK_FSTAT_REPLY_W_WINDOW_MAX)
                        : 0;
    return 0;
}

static void choose_window(struct window_try *t)
{
    unsigned needed = t->write ? MICA_WINDOW_FROM_CALLER : MICA_WINDOW_TO_CALLER;
    unsigned other = t->write ? MICA_WINDOW_TO_CALLER : MICA_WINDOW_FROM_CALLER;
    unsigned way = (unsigned)pf_below(16);
    t->offer = way < 8 ? OFFER_EXACT : (enum offer)(1 + pf_below(OFFER_COUNT - 1));
    if (t->offer == OFFER_CODE && t->write)
        t->offer = OFFER_EXACT; /* code is readable: a write from it would be fine, and not judged */
    /* Where in the area: block-aligned mostly, anywhere sometimes. */
    uint64_t room = t->length < WINDOW_AREA_BYTES ? WINDOW_AREA_BYTES - t->length : 0;
    uint64_t start = room ? (pf_chance(4) ? pf_below(room + 1) : pf_below(room / 512u + 1) * 512u) : 0;
    t->at = window_area + start;
    t->bytes = t->length;
    t->access = needed;
    switch (t->offer) {
    case OFFER_EXACT:
        break;
    case OFFER_LONGER:
        t->bytes = t->length + 1 + pf_below(4096);
        t->access = needed | other;
        break;
    case OFFER_SHORTER:
        t->bytes = t->length ? pf_below(t->length) : 0;
        break;
    case OFFER_OTHER_WAY:
        t->access = other;
        break;
    case OFFER_NO_ACCESS:
        t->access = 0;
        break;
    case OFFER_UNMAPPED:
        t->at = (const uint8_t *)(uintptr_t)UNMAPPED_ADDRESS;
        break;
    case OFFER_CODE:
        t->at = (const uint8_t *)(uintptr_t)&choose_window;
        break;
    default: /* OFFER_NONE */
        t->bytes = 0;
        break;
    }
    /* Only what lies inside the area is usable, for the exact and longer offers. */
    bool inside = t->at >= window_area && t->length <= WINDOW_AREA_BYTES &&
                  (uint64_t)(t->at - window_area) <= WINDOW_AREA_BYTES - t->length;
    t->usable = (t->offer == OFFER_EXACT || t->offer == OFFER_LONGER) && inside && t->length > 0;
}

static unsigned choose_words(void)
{
    switch (pf_below(8)) {
    case 0:
        return (unsigned)pf_below(2); /* too few */
    case 1:
        return 2 + (unsigned)pf_below(MICA_MSG_MAX_WORDS - 1);
    default:
        return 2;
    }
}

static int judge_window(struct pf_disk *d, const struct window_try *t, const struct ipc_msg *m)
{
    int verdict = pf_blk_reply_verdict(d, m, BLK_LABEL(t->write ? BLK_MSG_WRITE_WINDOW : BLK_MSG_READ_WINDOW));
    if (verdict != PF_ACKED)
        return verdict;
    pf_stats.windows_acked++;
    struct pf_request r = {
        .op = t->write ? BLK_OP_WRITE : BLK_OP_READ, .offset = t->offset, .length = t->length,
        .window_path = true, .writable_handle = !d->read_only,
    };
    if (t->words < 2 || pf_must_refuse(d, &r) || !t->usable)
        return pf_fail("%s acknowledged a %s the protocol or the kernel refuses: %u words, offset "
                       "0x%llx, length 0x%llx, window of %llu bytes at %p, access %u (offer %u)",
                       d->scheme, t->write ? "WRITE_WINDOW" : "READ_WINDOW", t->words,
                       (unsigned long long)t->offset, (unsigned long long)t->length,
                       (unsigned long long)t->bytes, (const void *)t->at, t->access, (unsigned)t->offer);
    uint64_t bytes = m->w[BLK_RW_REPLY_W_BYTES];
    if (bytes != t->length)
        return pf_fail("%s acknowledged %llu bytes of a %llu-byte window request (all or nothing)",
                       d->scheme, (unsigned long long)bytes, (unsigned long long)t->length);
    if (!t->write)
        return pf_shadow_compare(d, t->offset, t->at, bytes, "READ_WINDOW");
    memcpy(d->shadow + t->offset, t->at, bytes);
    return 0;
}

int pf_blk_window(struct pf_disk *d)
{
    static struct window_try t;
    uint64_t size = d->stat.size_bytes, block = d->stat.block_size;
    t = (struct window_try){ .write = pf_chance(2), .offset = pf_position(size, block),
                             .length = pf_chance(2) ? pf_length(block, d->window_max)
                                                    : pf_length(block, d->stat.max_transfer),
                             .words = choose_words() };
    choose_window(&t);
    /* Fresh bytes in the area: a write's data, and what a read that moved
     * nothing would leave behind (never the shadow's by chance). */
    pf_fill_random(window_area, WINDOW_AREA_BYTES);
    enum blk_msg msg = t.write ? BLK_MSG_WRITE_WINDOW : BLK_MSG_READ_WINDOW;
    long ep = pf_chance(16) ? d->door : d->h.ep;
    ipc_window_offer(t.at, t.bytes, t.access);
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(BLK_LABEL(msg), t.words, 0), t.offset, t.length,
                                pf_random(), pf_random());
    ipc_window_withdraw();
    pf_stats.messages++;
    pf_stats.windows++;
    if (ep == d->door && !pf_kernel_error(&m) && (long)m.w[BLK_REPLY_W_STATUS] == 0)
        return pf_fail("%s acknowledged a window request sent to its door", d->scheme);
    if (ep == d->door)
        return 0;
    return judge_window(d, &t, &m);
}
