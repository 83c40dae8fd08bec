/* Ring entries: batches of random submissions on the session's queued path
 * (each completion judged and applied to the shadow, the queue driven full),
 * and garbage written straight into the shared rings of a scratch handle
 * opened read-only, which therefore must not change a byte of the disk. */
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/runtime.h>

#include "protofuzz.h"

#define BATCH_MAX (PF_RING_CAPACITY + 8u)
/* How long a completion may take (rdtime ticks: 10 s on QEMU's 10 MHz). */
#define COMPLETION_TICKS 100000000ull
#define GARBAGE_TICKS 200000ull

struct entry {
    struct blk_submission s;
    bool refused; /* by the oracle */
    bool submitted, done;
};

static struct entry batch[BATCH_MAX];
static unsigned batch_count;
static uint64_t next_id;

static struct blk_submission random_submission(const struct pf_disk *d)
{
    uint64_t block = d->stat.block_size, blocks = d->stat.size_bytes / block;
    struct blk_submission s = { .request_id = next_id++ ^ (pf_random() << 32) };
    unsigned kind = (unsigned)pf_below(16);
    s.opcode = kind < 7 ? BLK_OP_READ : kind < 14 ? BLK_OP_WRITE : kind == 14 ? BLK_OP_FLUSH
                                                                             : (uint8_t)pf_random();
    s.flags = pf_chance(8) ? (pf_chance(2) ? BLK_SUBMIT_FUA : (uint8_t)pf_random()) : 0;
    s.reserved = pf_chance(20) ? (uint16_t)pf_random() : 0;
    s.length = (uint32_t)(pf_chance(2) ? block * (1 + pf_below(16)) : pf_length(block, d->stat.max_transfer));
    uint64_t len_blocks = s.length / block;
    s.lba = pf_chance(4) ? pf_position(d->stat.size_bytes, block) / block
            : len_blocks < blocks ? pf_below(blocks - len_blocks + 1) : 0;
    if (pf_chance(16))
        s.lba = pf_chance(2) ? UINT64_MAX - pf_below(4) : blocks - pf_below(2);
    s.buffer_offset = pf_chance(4) ? pf_position(PF_BUFFER_BYTES, block)
                                   : pf_below(PF_BUFFER_BYTES / block) * block;
    if (s.opcode == BLK_OP_FLUSH && pf_chance(2))
        s.length = 0, s.lba = 0, s.buffer_offset = 0;
    return s;
}

static bool must_refuse(const struct pf_disk *d, const struct blk_submission *s)
{
    uint64_t block = d->stat.block_size;
    if (s->opcode != BLK_OP_FLUSH && s->lba >= d->stat.size_bytes / block && s->opcode <= BLK_OP_FLUSH &&
        s->length)
        return true; /* check 9, before a multiplication that could wrap */
    struct pf_request r = {
        .op = s->opcode, .flags = s->flags, .reserved = s->reserved,
        .offset = s->lba >= d->stat.size_bytes / block ? UINT64_MAX - block + 1 : s->lba * block,
        .length = s->length, .buffer_offset = s->buffer_offset,
        .uses_buffer = true, .message_path = false, .writable_handle = !d->read_only,
    };
    if (s->opcode == BLK_OP_FLUSH)
        r.offset = s->lba; /* check 5 compares the raw field with 0 */
    return pf_must_refuse(d, &r);
}

static bool overlap(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_len)
{
    return a < b + b_len && b < a + a_len;
}

/* Two requests in flight at once whose order would decide the result: the
 * same disk bytes with a write among them, or the same buffer bytes with a
 * read (the device writes the buffer) among them. */
static bool conflicts(const struct pf_disk *d, const struct blk_submission *s)
{
    uint64_t block = d->stat.block_size;
    for (unsigned i = 0; i < batch_count; i++) {
        const struct blk_submission *o = &batch[i].s;
        if (batch[i].refused || o->opcode == BLK_OP_FLUSH)
            continue;
        bool any_write = s->opcode == BLK_OP_WRITE || o->opcode == BLK_OP_WRITE;
        bool any_read = s->opcode == BLK_OP_READ || o->opcode == BLK_OP_READ;
        if (any_write && overlap(s->lba * block, s->length, o->lba * block, o->length))
            return true;
        if (any_read && overlap(s->buffer_offset, s->length, o->buffer_offset, o->length))
            return true;
    }
    return false;
}

static int apply(struct pf_disk *d, struct entry *e, const struct blk_completion *c)
{
    const struct blk_submission *s = &e->s;
    if (c->status < 0) {
        pf_stats.refused++;
        if (c->bytes)
            return pf_fail("%s refused submission %llu says %u bytes moved", d->scheme,
                           (unsigned long long)s->request_id, c->bytes);
        return 0;
    }
    if (c->status > 0 || e->refused)
        return pf_fail("%s ring completed (status %d) a submission the protocol refuses: op %u, "
                       "flags 0x%x, reserved 0x%x, length 0x%x, lba 0x%llx, buffer offset 0x%llx",
                       d->scheme, c->status, s->opcode, s->flags, s->reserved, s->length,
                       (unsigned long long)s->lba, (unsigned long long)s->buffer_offset);
    pf_stats.acked++;
    if (c->bytes > s->length)
        return pf_fail("%s ring completion of %u bytes for a %u-byte request", d->scheme,
                       c->bytes, s->length);
    uint64_t at = s->lba * d->stat.block_size;
    if (s->opcode == BLK_OP_READ) {
        if (pf_shadow_compare(d, at, d->h.buffer + s->buffer_offset, c->bytes, "ring READ") < 0)
            return -1;
        memcpy(d->buffer_shadow + s->buffer_offset, d->h.buffer + s->buffer_offset, c->bytes);
    } else if (s->opcode == BLK_OP_WRITE) {
        memcpy(d->shadow + at, d->buffer_shadow + s->buffer_offset, c->bytes);
    }
    return 0;
}

/* Takes the completions that are ready (waiting up to COMPLETION_TICKS for
 * at least one when `wait`); the number of requests still in flight. */
static int reap(struct pf_disk *d, unsigned *in_flight, bool wait)
{
    struct blk_completion done[PF_RING_CAPACITY];
    uint64_t start = arch_rdtime();
    for (;;) {
        int n = ipc_blk_poll_completions(&d->h, done, PF_RING_CAPACITY);
        if (n < 0)
            return pf_fail("%s completion ring: %s", d->scheme, mica_errno_name(n));
        for (int i = 0; i < n; i++) {
            struct entry *e = 0;
            for (unsigned j = 0; j < batch_count && !e; j++)
                if (batch[j].submitted && !batch[j].done && batch[j].s.request_id == done[i].request_id)
                    e = &batch[j];
            if (!e)
                return pf_fail("%s completion for request 0x%llx, which is not in flight",
                               d->scheme, (unsigned long long)done[i].request_id);
            e->done = true;
            (*in_flight)--;
            if (apply(d, e, &done[i]) < 0)
                return -1;
        }
        if (n > 0 || !wait || *in_flight == 0)
            return 0;
        if (arch_rdtime() - start > COMPLETION_TICKS) {
            if (pf_session_check(d) < 0) /* a dead server is the better report */
                return -1;
            return pf_fail("%s %u submissions never completed", d->scheme, *in_flight);
        }
        mica_sys_thread_yield();
    }
}

int pf_ring_batch(struct pf_disk *d)
{
    unsigned want = 1 + (unsigned)pf_below(BATCH_MAX), in_flight = 0;
    batch_count = 0;
    if (pf_chance(2)) {
        uint64_t at = pf_below(PF_BUFFER_BYTES / 4096u) * 4096u;
        pf_fill_random(d->h.buffer + at, 4096);
        memcpy(d->buffer_shadow + at, d->h.buffer + at, 4096);
    }
    while (batch_count < want) {
        struct entry *e = &batch[batch_count];
        *e = (struct entry){ .s = random_submission(d) };
        e->refused = must_refuse(d, &e->s);
        if (!e->refused && conflicts(d, &e->s))
            continue; /* its result would depend on the device's order */
        batch_count++;
        int r;
        while ((r = ipc_blk_queue_push(&d->h, &e->s)) == -MICA_EAGAIN) {
            /* A full queue: kick what is there and wait for room. */
            ipc_blk_queue_kick(&d->h);
            if (reap(d, &in_flight, true) < 0)
                return -1;
        }
        if (r < 0)
            return pf_fail("%s submission ring: %s", d->scheme, mica_errno_name(r));
        e->submitted = true;
        in_flight++;
        pf_stats.ring_entries++;
    }
    ipc_blk_queue_kick(&d->h);
    while (in_flight)
        if (reap(d, &in_flight, true) < 0)
            return -1;
    return pf_buffer_verify(d, "after a ring batch");
}

/* The scratch handle: read-only, with its own small buffer and ring. */
static int scratch_open(const struct pf_disk *d, struct ipc_blk_handle *h)
{
    int r = ipc_scheme_open(h, d->scheme, BLK_OPEN_READ);
    if (r < 0)
        return r;
    long bytes = ipc_blk_buffer_create(h, 4, 1);
    r = bytes < 0 ? (int)bytes : ipc_blk_ring_setup(h, 8, 8);
    if (r < 0)
        ipc_blk_close(h);
    return r;
}

int pf_ring_garbage(struct pf_disk *d)
{
    struct ipc_blk_handle h;
    int r = scratch_open(d, &h);
    if (r < 0)
        return pf_fail("%s scratch handle: %s", d->scheme, mica_errno_name(r));
    struct spsc_ring_shared *sub = h.queue.regions[0], *comp = h.queue.regions[1];
    uint32_t capacity = sub->capacity;
    unsigned pushed = 0;
    /* Some well-made random submissions first: on this handle every write
     * and flush must be refused. */
    for (unsigned i = (unsigned)pf_below(capacity + 1); i > 0; i--) {
        struct blk_submission s = random_submission(d);
        if (ipc_blk_queue_push(&h, &s) == 0)
            pushed++;
    }
    switch (pf_below(6)) {
    case 0: /* random records and a producer index that claims them */
        pf_fill_random(sub->entries, (uint64_t)capacity * sizeof(struct blk_submission));
        atomic_store(&sub->producer_index, atomic_load(&sub->producer_index) + (uint32_t)pf_below(capacity + 1));
        break;
    case 1: /* an impossible producer index */
        atomic_store(&sub->producer_index, (uint32_t)pf_random());
        break;
    case 2: /* the header rewritten under the server */
        sub->capacity = (uint32_t)pf_random();
        sub->entry_size = (uint32_t)pf_random();
        break;
    case 3: /* the completion ring's consumer index moved */
        atomic_store(&comp->consumer_index, (uint32_t)pf_random());
        break;
    case 4: /* garbage anywhere in either ring page */
        pf_fill_random((uint8_t *)(pf_chance(2) ? (void *)sub : (void *)comp) + pf_below(4096 - 64), 64);
        break;
    default:
        break; /* only the well-made ones */
    }
    pf_stats.ring_entries += pushed ? pushed : 1;
    ntfn_signal(h.queue.doorbell);
    /* Whatever the server makes of it, it may take its time; the handle is
     * then closed under it, requests in flight or not. */
    uint64_t start = arch_rdtime();
    struct blk_completion c[8];
    while (arch_rdtime() - start < GARBAGE_TICKS)
        if (ipc_blk_poll_completions(&h, c, 8) <= 0)
            mica_sys_thread_yield();
    ipc_blk_close(&h);
    return 0;
}
