/* The clients of a block server and what each holds, against its limits:
 * a client is the process named by the door it opened through (init puts
 * the pid of whoever looked the scheme up in the door's badge), so no
 * client can pass as another, or spread itself over many names. Limits
 * come from the driver's config and the server's command line. */
#include <mica/args.h>
#include <mica/abi/errno.h>
#include <mica/log.h>

#include "blk_server_private.h"

int blk_server_clients_init(struct blk_server *s)
{
    struct blk_client_limits *l = &s->c.client_limits;
    const struct blk_client_limits max = { BLK_SERVER_MAX_HANDLES, s->c.tags, UINT32_MAX };
    if (!l->handles || l->handles > max.handles)
        l->handles = BLK_SERVER_CLIENT_HANDLES;
    if (!l->requests || l->requests > max.requests)
        l->requests = s->c.tags > 1 ? s->c.tags / 2u : 1u;
    if (!l->buffer_bytes)
        l->buffer_bytes = BLK_SERVER_CLIENT_BUFFER_BYTES;
    const char *bad = 0;
    if (decode_blk_client_limits(mica_args(), &max, l, &bad) < 0) {
        int n = 0;
        while (bad[n] && bad[n] != ' ')
            n++;
        ipc_log_error("%s: command line: %.*s: a client-handles (1..%u), client-requests (1..%u) "
                      "or client-buffer (bytes, K or M) limit", s->c.name, n, bad, max.handles,
                      max.requests);
        return -MICA_EINVAL;
    }
    ipc_log_info("%s: each client may hold %u handles, %u requests in flight, %llu KiB of buffers",
                 s->c.name, l->handles, l->requests, (unsigned long long)(l->buffer_bytes / 1024u));
    return 0;
}

static struct blk_server_client *find(struct blk_server *s, uint64_t id)
{
    for (unsigned i = 0; i < BLK_SERVER_MAX_HANDLES; i++)
        if (s->clients[i].handles && s->clients[i].id == id)
            return &s->clients[i];
    return 0;
}

bool blk_server_client_may_open(struct blk_server *s, uint64_t id)
{
    const struct blk_server_client *c = find(s, id);
    return !c || c->handles < s->c.client_limits.handles;
}

struct blk_server_client *blk_server_client_join(struct blk_server *s, uint64_t id)
{
    struct blk_server_client *c = find(s, id);
    for (unsigned i = 0; !c && i < BLK_SERVER_MAX_HANDLES; i++)
        if (!s->clients[i].handles)
            c = &s->clients[i];
    /* There is an entry for every table entry, and the caller has just
     * taken a table entry no client is charged for: one is free. */
    if (!c)
        return 0;
    if (!c->handles)
        *c = (struct blk_server_client){ .id = id };
    c->handles++;
    return c;
}

void blk_server_client_leave(struct blk_server_client *c)
{
    c->handles--;
}

bool blk_server_client_may_pin(const struct blk_server *s, const struct blk_server_client *c,
                               uint64_t bytes)
{
    return bytes <= s->c.client_limits.buffer_bytes - c->buffer_bytes;
}
