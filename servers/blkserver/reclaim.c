/* Closing the handles nobody holds any more: a client that exited or was
 * stopped without CLOSE leaves no copy of its handle's cap behind, and what
 * the handle owns (table entry, buffer pins, rings) would otherwise stay
 * until the server stops. */
#include <mica/blk_server_caps.h>
#include <mica/log.h>

unsigned blk_reclaim_unheld(struct blk_handle_table *t, const char *name,
                            void (*close)(void *server, struct blk_handle *h), void *server)
{
    unsigned from = 0, closed = 0;
    struct blk_handle *h;
    while ((h = blk_handle_next_unheld(t, &from))) {
        ipc_log_info("%s: handle %u: nobody holds it; closed", name, blk_handle_index(t, h));
        close(server, h);
        closed++;
    }
    return closed;
}
