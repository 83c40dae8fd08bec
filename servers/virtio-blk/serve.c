/* Serve mode's receive loop. The endpoint brings client messages; the
 * notification bound to this thread brings the interrupt (VBLK_IRQ_BADGE)
 * and the rings' doorbells (bit i: handle i) in one word. Nothing here
 * waits for the device: requests are started, their callers' replies saved,
 * and every pass ends by taking the device's completions (vblk_settle). */
#include <mica/cap.h>
#include <mica/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>

#include "serve.h"

/* True when the caller's reply was saved, to be answered at completion. */
static bool dispatch(struct vblk_server *s, const struct ipc_msg *m, struct blk_reply *r)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    if (label == BLK_LABEL(BLK_MSG_OPEN)) {
        vblk_serve_open(s, m, r);
        return false;
    }
    struct blk_handle *found = blk_handle_lookup(&s->table, (uint64_t)m->badge);
    if (!found) {
        blk_reply_error(r, -MICA_EBADF);
        return false;
    }
    struct vblk_handle *h = vblk_handle(found);
    switch (label) {
    case BLK_LABEL(BLK_MSG_CLOSE): /* cannot fail: status 0 */
        vblk_serve_close(s, h);
        return false;
    case BLK_LABEL(BLK_MSG_FSTAT):
        vblk_serve_fstat(s, r);
        return false;
    case BLK_LABEL(BLK_MSG_REGISTER_BUFFER):
        vblk_register_buffer(s, h, m, r);
        return false;
    case BLK_LABEL(BLK_MSG_RING_SETUP):
        vblk_ring_setup(s, h, m, r);
        return false;
    case BLK_LABEL(BLK_MSG_DIRECT_RUN): /* runs to the end before the next receive */
        vblk_direct_run(s, h, m, r);
        return false;
    default: /* reads, writes, flushes, and labels decode_blk_request refuses */
        return vblk_serve_io(s, h, m, r);
    }
}

/* Settles the device until it is idle or its interrupt is armed, so the
 * receive that follows ends at the next completion. */
static int settle_before_sleep(struct vblk_server *s)
{
    for (;;) {
        int err = vblk_settle(s);
        if (err < 0)
            return err;
        if (!vblk_busy(s->d) || vblk_arm_interrupt(s->d))
            return 0;
    }
}

static int setup(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
                 struct mica_ipc_buffer *ipc)
{
    const char *what;
    s->d = d;
    s->endpoint = endpoint;
    s->ipc = ipc;
    snprintf(s->name, sizeof s->name, "vblk%u", unit);
    uint32_t max = d->blk_size > VBLK_SERVE_MAX_TRANSFER ? d->blk_size : VBLK_SERVE_MAX_TRANSFER;
    s->limits = (struct blk_device_limits){
        .block_count = d->capacity / (d->blk_size / VBLK_SECTOR_SIZE),
        .block_size = d->blk_size,
        .max_transfer = max,
        .read_only = d->read_only,
    };
    blk_handle_table_init(&s->table, s->handles, sizeof s->handles[0], VBLK_MAX_HANDLES, endpoint,
                          &blk_handle_ipc_caps);
    long err = dma_alloc(&s->bounce, (uint64_t)VBLK_SERVE_SLOTS * VBLK_BOUNCE_BYTES, &what);
    if (err < 0) {
        ipc_log_error("%s: %s", s->name, what);
        return (int)err;
    }
    /* Slots for saved replies: set up now, the receive loop allocates nothing. */
    for (unsigned i = 0; i < VBLK_SERVE_SLOTS; i++) {
        s->slots[i].reply = ipc_slot_alloc();
        if (s->slots[i].reply < 0)
            return (int)s->slots[i].reply;
    }
    return blk_inbox_init(&s->inbox);
}

int vblk_serve(struct vblk_server *s, struct vblk_dev *d, unsigned unit, long endpoint,
               struct mica_ipc_buffer *ipc)
{
    int err = setup(s, d, unit, endpoint, ipc);
    if (err < 0)
        return err;
    blk_inbox_reset(&s->inbox, ipc, 0);
    struct ipc_msg m = ipc_recv(endpoint);
    for (;;) {
        if (m.badge < 0)
            return (int)m.badge;
        bool saved = false;
        struct blk_reply r = BLK_REPLY_OK;
        if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION) {
            uint64_t word = (uint64_t)m.badge;
            /* Doorbells need nothing here: the settle below serves every ring. */
            if (word & VBLK_IRQ_BADGE)
                vblk_interrupt_ack(d);
            saved = true; /* nobody to answer */
            /* A client may send this label too, with caps: empty the inbox,
             * or every later REGISTER_BUFFER and RING_SETUP finds it full. */
            blk_inbox_reset(&s->inbox, ipc, MICA_MSGINFO_CAPS(m.info));
        } else {
            saved = dispatch(s, &m, &r);
            blk_inbox_reset(&s->inbox, ipc, MICA_MSGINFO_CAPS(m.info));
        }
        /* The reply goes first (it may carry a read's data in the IPC buffer). */
        if (!saved)
            ipc_reply(MICA_MSGINFO(0, r.words, r.caps), r.w[0], r.w[1], r.w[2], r.w[3]);
        err = settle_before_sleep(s);
        if (err < 0) {
            ipc_log_error("%s: the device broke the virtqueue protocol", s->name);
            return err;
        }
        m = ipc_recv(endpoint);
    }
}
