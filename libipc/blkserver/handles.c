/* OPEN, CLOSE and FSTAT: the messages that manage a handle. OPEN first
 * closes the handles nobody holds any more (a client that exited or was
 * stopped without CLOSE leaves no copy of its handle's cap, and what the
 * handle owns would otherwise stay until the server stops); every handle
 * open then has had its cap delivered, so none is mistaken for abandoned.
 * CLOSE ends a handle at once for the client; its buffer frames stay until
 * the driver has finished the requests that may still use them. */
#include <mica/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>

#include "blk_server_private.h"

static void reclaim_unheld(struct blk_server *s)
{
    unsigned from = 0;
    struct blk_handle *h;
    while ((h = blk_handle_next_unheld(&s->table, &from))) {
        ipc_log_info("%s: handle %u: nobody holds it; closed", s->c.name,
                     blk_handle_index(&s->table, h));
        blk_server_close(s, blk_server_handle_of(h));
    }
}

void blk_server_open(struct blk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    bool writable;
    struct blk_handle *opened = 0;
    reclaim_unheld(s);
    /* Paths other than "" (the whole disk) are refused here; partitions
     * will name their view of the device by path. */
    int err = decode_blk_open(&s->c.limits, m->info, m->w, &writable);
    if (!err)
        err = blk_handle_open(&s->table, writable, &opened);
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    struct blk_server_handle *h = blk_server_handle_of(opened);
    h->view = s->c.limits;
    h->first_block = 0;
    blk_reply_word(s->ipc, r, BLK_OPEN_REPLY_W_HANDLE, blk_handle_badge_of(&s->table, opened));
    s->ipc->send_caps[0] = (uint64_t)opened->endpoint;
    r->caps = 1;
}

/* What the handle did, for tests and the curious: requests by path, the
 * most it had in flight, and the data bytes the server copied by path (the
 * zero-copy and queued paths never copy: their counts stay 0). */
static void report(const struct blk_server *s, const struct blk_server_handle *h)
{
    ipc_log_info("%s: handle %u closed with %u in flight: requests message %llu buffer %llu ring "
                 "%llu, most in flight %u (server %u); bytes copied message %llu buffer %llu ring %llu",
                 s->c.name, blk_server_handle_index(s, h), h->in_flight,
                 (unsigned long long)h->requests[BLK_VIA_MESSAGE],
                 (unsigned long long)h->requests[BLK_VIA_BUFFER],
                 (unsigned long long)h->requests[BLK_VIA_RING], h->max_in_flight, s->max_in_flight,
                 (unsigned long long)s->copied[BLK_VIA_MESSAGE],
                 (unsigned long long)s->copied[BLK_VIA_BUFFER],
                 (unsigned long long)s->copied[BLK_VIA_RING]);
}

void blk_server_drained(struct blk_server *s, struct blk_server_handle *h)
{
    if (h->common.draining)
        ipc_log_info("%s: handle %u drained: its frames go", s->c.name, blk_server_handle_index(s, h));
    blk_server_buffer_release(&h->buffer);
    h->common.draining = false;
}

/* The rings are the framework's alone (no device sees them): they go now,
 * and completions still due are dropped. */
void blk_server_close(struct blk_server *s, struct blk_server_handle *h)
{
    if (s->c.report_close)
        report(s, h);
    blk_ring_pair_release(&h->queue);
    blk_handle_close(&s->table, &h->common);
    if (h->in_flight)
        h->common.draining = true;
    else
        blk_server_drained(s, h);
}

void blk_server_fstat(struct blk_server *s, struct blk_reply *r)
{
    const struct blk_device_limits *l = &s->c.limits;
    struct blk_stat st = {
        .size_bytes = l->block_count * l->block_size,
        .block_size = l->block_size,
        .flags = (l->read_only ? BLK_STAT_READ_ONLY : 0u) | s->c.stat_flags,
        .max_transfer = l->max_transfer,
        .queue_depth = s->c.queue_depth,
    };
    const char *serial = s->c.serial ? s->c.serial : s->c.name;
    size_t n = strlen(serial);
    memcpy(st.serial, serial, n < sizeof st.serial ? n : sizeof st.serial);
    snprintf(st.model, sizeof st.model, "%s", s->c.model);
    blk_reply_stat(s->ipc, r, &st);
}
