/* What one client of a block server may hold at once (handles, requests in
 * flight, registered buffer bytes), and the command-line words that change
 * it (`client-handles=4 client-requests=8 client-buffer=16M`). Checked by
 * decode_blk_client_limits, the one place those words are read; host-tested. */
#ifndef MICA_BLK_CLIENT_LIMITS_H
#define MICA_BLK_CLIENT_LIMITS_H
#include <stdint.h>

struct blk_client_limits {
    unsigned handles;      /* open, or closed but still draining */
    unsigned requests;     /* holding a tag (an asynchronous driver's requests in flight) */
    uint64_t buffer_bytes; /* registered (pinned) buffer bytes over all its handles */
};

/* Reads the client-* words of `text` (NULL or "" change nothing) into
 * *limits, over what it held; every other word is left to the driver. A
 * value is a decimal number (client-buffer: with an optional K or M) from 1
 * to the matching field of *max. 0, or -MICA_EINVAL with *limits unchanged
 * and *bad (when not NULL) at the word refused; a client-* word of no known
 * limit is refused too, so a misspelt limit never goes unnoticed. */
int decode_blk_client_limits(const char *text, const struct blk_client_limits *max,
                             struct blk_client_limits *limits, const char **bad);

/* The same words as declarations for a block driver's MICA_SERVER_PARAMS
 * (mica/server_params.h), so its parser accepts them and srvinfo lists
 * them; the framework reads their values itself. 0 means the driver's
 * own limit (a 0 given on the command line is refused). */
#define BLK_CLIENT_LIMIT_PARAMS                                                          \
    MICA_PARAM("client-handles", INT, "0", "handles one client may hold (1..)"),         \
    MICA_PARAM("client-requests", INT, "0", "requests one client may have in flight"),   \
    MICA_PARAM("client-buffer", SIZE, "0", "registered buffer bytes per client (K, M)")

#endif
