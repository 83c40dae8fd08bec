/* The client-* words of a block server's command line: per-client limits
 * (mica/blk_client_limits.h). Nothing changes unless every such word is
 * well formed and in range. */
#include <mica/blk_client_limits.h>
#include <mica/abi/errno.h>

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n';
}

/* The rest of w after prefix, or NULL when w does not start with it. */
static const char *after(const char *w, const char *prefix)
{
    while (*prefix && *w == *prefix) {
        w++;
        prefix++;
    }
    return *prefix ? 0 : w;
}

/* A decimal number up to the end of the word, with K or M when `scaled`. */
static int number(const char *v, int scaled, uint64_t max, uint64_t *out)
{
    uint64_t n = 0;
    unsigned digits = 0;
    for (; *v >= '0' && *v <= '9'; v++, digits++) {
        if (n > (UINT64_MAX - 9u) / 10u)
            return -MICA_EINVAL;
        n = n * 10u + (uint64_t)(*v - '0');
    }
    uint64_t unit = 1;
    if (scaled && (*v == 'K' || *v == 'M')) {
        unit = *v == 'K' ? 1024u : 1024u * 1024u;
        v++;
    }
    if (!digits || (*v && !is_space(*v)) || n == 0 || n > max / unit)
        return -MICA_EINVAL;
    *out = n * unit;
    return 0;
}

int decode_blk_client_limits(const char *text, const struct blk_client_limits *max,
                             struct blk_client_limits *limits, const char **bad)
{
    struct blk_client_limits out = *limits;
    for (const char *w = text; w && *w;) {
        while (is_space(*w))
            w++;
        if (!*w)
            break;
        const char *v;
        uint64_t n = 0;
        int err = 0;
        if ((v = after(w, "client-handles="))) {
            err = number(v, 0, max->handles, &n);
            out.handles = (unsigned)n;
        } else if ((v = after(w, "client-requests="))) {
            err = number(v, 0, max->requests, &n);
            out.requests = (unsigned)n;
        } else if ((v = after(w, "client-buffer="))) {
            err = number(v, 1, max->buffer_bytes, &n);
            out.buffer_bytes = n;
        } else if (after(w, "client-")) {
            err = -MICA_EINVAL;
        }
        if (err) {
            if (bad)
                *bad = w;
            return err;
        }
        while (*w && !is_space(*w))
            w++;
    }
    *limits = out;
    return 0;
}
