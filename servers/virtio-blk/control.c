/* OPEN, CLOSE and FSTAT for serve mode: OPEN is the block servers' shared
 * one (blk_serve_open), which first closes the handles nobody holds; CLOSE ends the handle at once for
 * the client, but its buffer frames stay until the device has finished with
 * them; FSTAT reports the device as negotiated. */
#include <mica/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>

#include "serve.h"

static void close_unheld(void *server, struct blk_handle *h)
{
    vblk_serve_close(server, vblk_handle(h));
}

/* The reclaimed handles are closed (and drained) by vblk_serve_close. */
void vblk_serve_open(struct vblk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    struct blk_open_server o = { &s->table, s->name, &s->limits, s->ipc, close_unheld, s };
    blk_serve_open(&o, m, r);
}

/* What the handle did, for tests and the curious: requests by path, the
 * most it had in flight, and the data bytes the server copied by path (the
 * zero-copy and queued paths never copy: their counts stay 0). */
static void report(const struct vblk_server *s, const struct vblk_handle *h)
{
    ipc_log_info("%s: handle %u closed with %u in flight: requests message %llu buffer %llu ring "
                 "%llu, most in flight %u (server %u); bytes copied message %llu buffer %llu ring %llu",
                 s->name, vblk_handle_index(s, h), h->in_flight,
                 (unsigned long long)h->requests[BLK_VIA_MESSAGE],
                 (unsigned long long)h->requests[BLK_VIA_BUFFER],
                 (unsigned long long)h->requests[BLK_VIA_RING], h->max_in_flight, s->max_in_flight,
                 (unsigned long long)s->copied[BLK_VIA_MESSAGE],
                 (unsigned long long)s->copied[BLK_VIA_BUFFER],
                 (unsigned long long)s->copied[BLK_VIA_RING]);
}

void vblk_handle_drained(struct vblk_server *s, struct vblk_handle *h)
{
    if (h->common.draining)
        ipc_log_info("%s: handle %u drained: its frames go", s->name, vblk_handle_index(s, h));
    vblk_buffer_release(&h->buffer);
    h->common.draining = false;
}

/* The rings are ours alone (the device never sees them): they go now, and
 * completions still due are dropped. The buffer's frames may be under DMA:
 * they go with the handle's last completion. */
void vblk_serve_close(struct vblk_server *s, struct vblk_handle *h)
{
    report(s, h);
    blk_ring_pair_release(&h->queue);
    blk_handle_close(&s->table, &h->common);
    if (h->in_flight)
        h->common.draining = true;
    else
        vblk_handle_drained(s, h);
}

void vblk_serve_fstat(struct vblk_server *s, struct blk_reply *r)
{
    const struct vblk_dev *d = s->d;
    bool cache = (d->features & (1ull << VBLK_F_FLUSH)) != 0;
    struct blk_stat st = {
        .size_bytes = d->capacity * VBLK_SECTOR_SIZE,
        .block_size = s->limits.block_size,
        .flags = (s->limits.read_only ? BLK_STAT_READ_ONLY : 0u) | (cache ? BLK_STAT_FLUSH : 0u),
        .max_transfer = s->limits.max_transfer,
        .queue_depth = VBLK_HANDLE_DEPTH,
    };
    /* "(none)" is our log's word for no serial; the protocol's is empty. */
    if (strcmp(d->serial, "(none)") != 0)
        snprintf(st.serial, sizeof st.serial, "%s", d->serial);
    snprintf(st.model, sizeof st.model, "virtio-blk");
    blk_reply_stat(s->ipc, r, &st);
}
