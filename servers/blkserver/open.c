/* OPEN, as every block server answers it: first the handles nobody holds
 * any more are closed (a client that exited or was stopped without CLOSE
 * leaves no copy of its handle's cap behind, and what the handle owns --
 * table entry, buffer pins, rings -- would otherwise stay until the server
 * stops), so a table full of them does not refuse a live client; then the
 * words pass decode_blk_open and a handle is made. Every handle open at the
 * sweep has had its cap delivered, so none is mistaken for abandoned. OPEN
 * comes only through the door (MICA_SCHEME_DOOR_BADGE, mica/scheme.h). */
#include <mica/blk_handle_badge.h>
#include <mica/blk_server_caps.h>
#include <mica/errno.h>
#include <mica/log.h>
#include <mica/scheme.h>

_Static_assert(!(MICA_SCHEME_DOOR_BADGE & BLK_BADGE_HANDLE), "a door never names a handle");

static void reclaim_unheld(struct blk_handle_table *t, const char *name,
                           void (*close)(void *server, struct blk_handle *h), void *server)
{
    unsigned from = 0;
    struct blk_handle *h;
    while ((h = blk_handle_next_unheld(t, &from))) {
        ipc_log_info("%s: handle %u: nobody holds it; closed", name, blk_handle_index(t, h));
        close(server, h);
    }
}

struct blk_handle *blk_serve_open(const struct blk_open_server *s, const struct ipc_msg *m,
                                  struct blk_reply *r)
{
    bool writable;
    struct blk_handle *h = 0;
    /* Only the door opens: a handle's cap is for its own handle, and badge 0
     * (the unbadged endpoint) is never handed to a client. */
    if ((uint64_t)m->badge != MICA_SCHEME_DOOR_BADGE) {
        blk_reply_error(r, -MICA_EBADF);
        return 0;
    }
    reclaim_unheld(s->table, s->name, s->close, s->server);
    int err = decode_blk_open(s->limits, m->info, m->w, &writable);
    if (!err)
        err = blk_handle_open(s->table, writable, &h);
    if (err) {
        blk_reply_error(r, err);
        return 0;
    }
    blk_reply_word(s->ipc, r, BLK_OPEN_REPLY_W_HANDLE, blk_handle_badge_of(s->table, h));
    s->ipc->send_caps[0] = (uint64_t)h->endpoint;
    r->caps = 1;
    return h;
}
