/* OPEN, CLOSE and FSTAT: the messages that manage a handle. OPEN first
 * closes the handles nobody holds any more (a client that exited or was
 * stopped without CLOSE leaves no copy of its handle's cap, and what the
 * handle owns would otherwise stay until the server stops); every handle
 * open then has had its cap delivered, so none is mistaken for abandoned.
 * CLOSE ends a handle at once for the client; its buffer frames stay until
 * the driver has finished the requests that may still use them. A client's
 * death closes its handles at once too: OPEN may carry a notification of
 * the client's (the sentinel), which dies with the client's quota; the
 * server watches its copy (cap_watch), and the deletion signals the
 * handle's gone bit. Each handle is charged to the client named by the
 * door (clients.c). */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>

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

/* OPEN's optional cap: none, or one notification (the sentinel). */
static int decode_sentinel(const struct blk_server *s, uint64_t info)
{
    unsigned caps = MICA_MSGINFO_CAPS(info);
    if (caps == 0)
        return 0;
    if (caps > 1 || ipc_cap_identify(s->inbox.slots[0]).type != MICA_CAP_NOTIFICATION)
        return -MICA_EINVAL;
    return 0;
}

/* Keeps the sentinel and watches it; without one (or if the watch fails)
 * the handle is found abandoned only by the next OPEN's sweep. */
static void keep_sentinel(struct blk_server *s, struct blk_server_handle *h, uint64_t info)
{
    if (!MICA_MSGINFO_CAPS(info))
        return;
    h->sentinel = blk_inbox_take(&s->inbox, 0);
    uint64_t bit = 1ull << (BLK_SERVER_GONE_SHIFT + blk_server_handle_index(s, h));
    if (mica_sys_cap_watch(h->sentinel, s->notification, (long)bit) < 0)
        blk_drop_all(&h->sentinel, 1);
}

static void drop_sentinel(struct blk_server_handle *h)
{
    /* Unwatched first: our own delete is no news of the client. */
    if (h->sentinel)
        mica_sys_cap_watch(h->sentinel, 0, 0);
    blk_drop_all(&h->sentinel, 1);
}

void blk_server_open(struct blk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    bool writable;
    struct blk_handle *opened = 0;
    uint64_t client = ipc_scheme_door_client((uint64_t)m->badge);
    struct blk_device_limits view;
    uint64_t first_block;
    reclaim_unheld(s);
    int err = decode_blk_open(&s->c.limits, m->info, m->w, &writable);
    /* The path: "" the whole disk, p<n> a partition (partitions.c). */
    if (!err)
        err = blk_server_parts_view(s, (const char *)&s->ipc->msg[BLK_MSG_DATA_WORD],
                                    (size_t)m->w[BLK_OPEN_W_PATH_LEN], &view, &first_block);
    if (!err)
        err = decode_sentinel(s, m->info);
    if (!err && !blk_server_client_may_open(s, client))
        err = -MICA_EMFILE;
    if (!err)
        err = blk_handle_open(&s->table, writable, &opened);
    struct blk_server_handle *h = opened ? blk_server_handle_of(opened) : 0;
    if (h && !(h->client = blk_server_client_join(s, client))) {
        blk_handle_close(&s->table, opened);
        err = -MICA_EMFILE;
    }
    if (err) {
        blk_reply_error(r, err);
        return;
    }
    keep_sentinel(s, h, m->info);
    h->view = view;
    h->first_block = first_block;
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
                 "%llu, most in flight %u (server %u); bytes copied message %llu buffer %llu ring %llu; "
                 "window requests %llu",
                 s->c.name, blk_server_handle_index(s, h), h->in_flight,
                 (unsigned long long)h->requests[BLK_VIA_MESSAGE],
                 (unsigned long long)h->requests[BLK_VIA_BUFFER],
                 (unsigned long long)h->requests[BLK_VIA_RING], h->max_in_flight, s->max_in_flight,
                 (unsigned long long)s->copied[BLK_VIA_MESSAGE],
                 (unsigned long long)s->copied[BLK_VIA_BUFFER],
                 (unsigned long long)s->copied[BLK_VIA_RING],
                 (unsigned long long)h->requests[BLK_VIA_WINDOW]);
}

void blk_server_drained(struct blk_server *s, struct blk_server_handle *h)
{
    if (h->common.draining)
        ipc_log_info("%s: handle %u drained: its frames go", s->c.name, blk_server_handle_index(s, h));
    h->client->buffer_bytes -= h->buffer.bytes;
    blk_server_buffer_release(&h->buffer);
    blk_server_client_leave(h->client);
    h->client = 0;
    h->common.draining = false;
}

/* The rings are the framework's alone (no device sees them): they go now,
 * and completions still due are dropped. A ring worker's handle is closed
 * under its lock, between two of the worker's batches, and is the
 * worker's no more. */
void blk_server_close(struct blk_server *s, struct blk_server_handle *h)
{
    bool worker = h->worker != 0;
    if (worker)
        blk_server_handle_lock(h);
    if (s->c.report_close)
        report(s, h);
    if (h->queue.ready && s->wake_at_receive == h->queue.wakeup)
        s->wake_at_receive = 0; /* its cap goes now; nobody waits on it */
    /* A RING_ENTER kept waiting for this ring is answered now: nothing more
     * comes (one still pending is answered by the loop, server.c). */
    if (s->enters_saved >> blk_server_handle_index(s, h) & 1u)
        blk_server_enter_send(s, h);
    blk_ring_pair_release(&h->queue);
    uint64_t bit = 1ull << blk_server_handle_index(s, h);
    s->ring_handles &= ~bit;
    s->worker_handles &= ~bit;
    h->worker = 0;
    h->ring_broken = false;
    drop_sentinel(h);
    blk_handle_close(&s->table, &h->common);
    if (h->in_flight)
        h->common.draining = true;
    else
        blk_server_drained(s, h);
    if (worker)
        blk_server_handle_unlock(h);
}

/* Whether h's client is gone: its sentinel or its ring's wakeup was
 * deleted, and no copy of the handle's cap is left (a client that handed
 * its handle on before it died leaves it to the holder). A stale bit (the
 * handle closed, or opened again since) finds the new one's caps alive. */
static bool client_died(const struct blk_server_handle *h)
{
    bool sentinel_gone = h->sentinel && ipc_cap_identify(h->sentinel).type != MICA_CAP_NOTIFICATION;
    bool wakeup_gone = h->queue.ready && blk_ring_pair_client_gone(&h->queue);
    return (sentinel_gone || wakeup_gone) && !blk_handle_ipc_caps.held(h->common.endpoint);
}

void blk_server_gone(struct blk_server *s, uint64_t bits)
{
    for (unsigned i = 0; i < BLK_SERVER_MAX_HANDLES; i++) {
        struct blk_server_handle *h = &s->handles[i];
        if ((bits >> i & 1u) && h->common.open && client_died(h))
            blk_server_close_dead(s, h);
    }
}

/* One line for a client's death, whichever sign of it the server saw first:
 * the watch on its sentinel or ring wakeup, or serving a ring whose wakeup
 * is gone (both can be pending when the server wakes). */
void blk_server_close_dead(struct blk_server *s, struct blk_server_handle *h)
{
    ipc_log_info("%s: handle %u: its client died; closed (%llu KiB of buffers, %u in flight)",
                 s->c.name, blk_server_handle_index(s, h),
                 (unsigned long long)(h->buffer.bytes / 1024u), h->in_flight);
    blk_server_close(s, h);
}

/* The handle's view: a partition's handle reports the partition's size. */
void blk_server_fstat(struct blk_server *s, const struct blk_server_handle *h, struct blk_reply *r)
{
    const struct blk_device_limits *l = &h->view;
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
    blk_reply_word(s->ipc, r, BLK_FSTAT_REPLY_W_WINDOW_MAX, l->window_max);
}
