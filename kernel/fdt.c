/* Flattened device tree reader (devicetree specification v0.4, blob version 17).
 * Every offset read from the blob is checked against the bounds established
 * by fdt_open() before it is dereferenced. */
#include "fdt.h"
#include "lib/kstring.h"

#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

#define FDT_HEADER_SIZE 40u

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

const char *fdt_strerror(int err)
{
    switch (err) {
    case FDT_OK: return "ok";
    case FDT_ERR_MAGIC: return "bad magic (not a device tree)";
    case FDT_ERR_TRUNCATED: return "truncated blob";
    case FDT_ERR_VERSION: return "unsupported version";
    case FDT_ERR_STRUCTURE: return "corrupt structure block";
    case FDT_ERR_NOT_FOUND: return "not found";
    case FDT_ERR_DEPTH: return "nesting too deep";
    default: return "unknown error";
    }
}

uint32_t fdt_peek_totalsize(const void *blob)
{
    return be32((const uint8_t *)blob + 4);
}

static bool range_ok(uint32_t off, uint32_t len, uint32_t total)
{
    return off <= total && len <= total - off;
}

int fdt_open(struct fdt *fdt, const void *blob, size_t max_size)
{
    const uint8_t *b = blob;
    if (max_size < FDT_HEADER_SIZE)
        return FDT_ERR_TRUNCATED;
    if (be32(b) != FDT_MAGIC)
        return FDT_ERR_MAGIC;
    uint32_t total = be32(b + 4);
    if (total < FDT_HEADER_SIZE || total > max_size)
        return FDT_ERR_TRUNCATED;
    uint32_t version = be32(b + 20), last_compat = be32(b + 24);
    if (version < 16 || last_compat > 17)
        return FDT_ERR_VERSION;
    fdt->blob = b;
    fdt->size = total;
    fdt->struct_off = be32(b + 8);
    fdt->strings_off = be32(b + 12);
    fdt->rsvmap_off = be32(b + 16);
    fdt->strings_size = be32(b + 32);
    fdt->struct_size = be32(b + 36);
    if (!range_ok(fdt->struct_off, fdt->struct_size, total) ||
        !range_ok(fdt->strings_off, fdt->strings_size, total) ||
        !range_ok(fdt->rsvmap_off, 16, total))
        return FDT_ERR_TRUNCATED;
    if ((fdt->struct_off | fdt->struct_size | fdt->rsvmap_off) & 3)
        return FDT_ERR_STRUCTURE;
    if (fdt->struct_size < 8 || be32(b + fdt->struct_off) != FDT_BEGIN_NODE)
        return FDT_ERR_STRUCTURE;
    return FDT_OK;
}

int fdt_memreserve(const struct fdt *fdt, unsigned index, uint64_t *base, uint64_t *size)
{
    /* Entries run until a zero pair; the walk stays inside the blob. */
    for (unsigned i = 0;; i++) {
        uint64_t off = (uint64_t)fdt->rsvmap_off + (uint64_t)i * 16;
        if (off + 16 > fdt->size)
            return FDT_ERR_TRUNCATED;
        uint64_t b = be64(fdt->blob + off), s = be64(fdt->blob + off + 8);
        if (b == 0 && s == 0)
            return FDT_ERR_NOT_FOUND;
        if (i == index) {
            *base = b;
            *size = s;
            return FDT_OK;
        }
    }
}

/* Structure-block cursor helpers. Offsets are absolute within the blob. */
static uint32_t struct_end(const struct fdt *fdt)
{
    return fdt->struct_off + fdt->struct_size;
}

static int read_token(const struct fdt *fdt, uint32_t off, uint32_t *token)
{
    if (off < fdt->struct_off || off + 4 > struct_end(fdt) || (off & 3))
        return FDT_ERR_TRUNCATED;
    *token = be32(fdt->blob + off);
    return FDT_OK;
}

static uint32_t align4(uint32_t v)
{
    return (v + 3) & ~3u;
}

/* Length of the NUL-terminated string at off, bounded by limit; -1 if unterminated. */
static int bounded_strlen(const uint8_t *blob, uint32_t off, uint32_t limit)
{
    for (uint32_t i = off; i < limit; i++)
        if (blob[i] == 0)
            return (int)(i - off);
    return -1;
}

/* Offset just past the token at `off`; for BEGIN_NODE that skips the name,
 * for PROP the header and value. */
static int skip_token(const struct fdt *fdt, uint32_t off, uint32_t token, uint32_t *next)
{
    switch (token) {
    case FDT_BEGIN_NODE: {
        int len = bounded_strlen(fdt->blob, off + 4, struct_end(fdt));
        if (len < 0)
            return FDT_ERR_TRUNCATED;
        *next = align4(off + 4 + (uint32_t)len + 1);
        return FDT_OK;
    }
    case FDT_PROP: {
        if (off + 12 > struct_end(fdt))
            return FDT_ERR_TRUNCATED;
        uint32_t len = be32(fdt->blob + off + 4);
        if (len > struct_end(fdt) - (off + 12))
            return FDT_ERR_TRUNCATED;
        *next = align4(off + 12 + len);
        return FDT_OK;
    }
    case FDT_END_NODE:
    case FDT_NOP:
    case FDT_END:
        *next = off + 4;
        return FDT_OK;
    default:
        return FDT_ERR_STRUCTURE;
    }
}

/* Offset of the first token after the node's properties (a child or END_NODE). */
static int skip_props(const struct fdt *fdt, uint32_t node, uint32_t *out)
{
    uint32_t token, off;
    int err = read_token(fdt, node, &token);
    if (err)
        return err;
    if (token != FDT_BEGIN_NODE)
        return FDT_ERR_STRUCTURE;
    if ((err = skip_token(fdt, node, token, &off)))
        return err;
    for (;;) {
        if ((err = read_token(fdt, off, &token)))
            return err;
        if (token != FDT_PROP && token != FDT_NOP)
            break;
        if ((err = skip_token(fdt, off, token, &off)))
            return err;
    }
    *out = off;
    return FDT_OK;
}

/* Offset just after the node's END_NODE. Every step advances, so corrupt
 * input ends at the structure block's end rather than looping. */
static int skip_node(const struct fdt *fdt, uint32_t node, uint32_t *out)
{
    uint32_t off = node, token;
    int depth = 0, err;
    do {
        if ((err = read_token(fdt, off, &token)))
            return err;
        if (token == FDT_BEGIN_NODE && ++depth > FDT_MAX_DEPTH)
            return FDT_ERR_DEPTH;
        if (token == FDT_END_NODE)
            depth--;
        if (token == FDT_END)
            return FDT_ERR_STRUCTURE;
        if ((err = skip_token(fdt, off, token, &off)))
            return err;
    } while (depth > 0);
    *out = off;
    return FDT_OK;
}

/* Returns the BEGIN_NODE offset at or after `off` on this level, or an error
 * when END_NODE closes the level. */
static int node_at_or_after(const struct fdt *fdt, uint32_t off)
{
    uint32_t token;
    for (;;) {
        int err = read_token(fdt, off, &token);
        if (err)
            return err;
        if (token == FDT_BEGIN_NODE)
            return (int)off;
        if (token == FDT_END_NODE)
            return FDT_ERR_NOT_FOUND;
        if (token != FDT_NOP)
            return FDT_ERR_STRUCTURE;
        off += 4;
    }
}

int fdt_root(const struct fdt *fdt)
{
    return (int)fdt->struct_off;
}

int fdt_first_child(const struct fdt *fdt, int node)
{
    uint32_t off;
    if (node < 0)
        return node;
    int err = skip_props(fdt, (uint32_t)node, &off);
    return err ? err : node_at_or_after(fdt, off);
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
    uint32_t off;
    if (node < 0)
        return node;
    int err = skip_node(fdt, (uint32_t)node, &off);
    return err ? err : node_at_or_after(fdt, off);
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
    uint32_t token;
    if (node < 0 || read_token(fdt, (uint32_t)node, &token) || token != FDT_BEGIN_NODE)
        return NULL;
    if (bounded_strlen(fdt->blob, (uint32_t)node + 4, struct_end(fdt)) < 0)
        return NULL;
    return (const char *)fdt->blob + node + 4;
}

int fdt_next_prop(const struct fdt *fdt, int node, int *cursor, struct fdt_prop *prop)
{
    uint32_t off, token;
    int err;
    if (node < 0)
        return node;
    if (*cursor == 0) {
        if ((err = read_token(fdt, (uint32_t)node, &token)))
            return err;
        if (token != FDT_BEGIN_NODE)
            return FDT_ERR_STRUCTURE;
        if ((err = skip_token(fdt, (uint32_t)node, token, &off)))
            return err;
    } else {
        off = (uint32_t)*cursor;
    }
    for (;;) {
        if ((err = read_token(fdt, off, &token)))
            return err;
        if (token == FDT_NOP) {
            off += 4;
            continue;
        }
        if (token != FDT_PROP)
            return 0;
        uint32_t next;
        if ((err = skip_token(fdt, off, token, &next)))
            return err;
        uint32_t name_off = be32(fdt->blob + off + 8);
        if (name_off >= fdt->strings_size)
            return FDT_ERR_TRUNCATED;
        uint32_t abs = fdt->strings_off + name_off;
        if (bounded_strlen(fdt->blob, abs, fdt->strings_off + fdt->strings_size) < 0)
            return FDT_ERR_TRUNCATED;
        prop->name = (const char *)fdt->blob + abs;
        prop->len = be32(fdt->blob + off + 4);
        prop->value = fdt->blob + off + 12;
        *cursor = (int)next;
        return 1;
    }
}

int fdt_get_prop(const struct fdt *fdt, int node, const char *name, struct fdt_prop *prop)
{
    int cursor = 0, r;
    while ((r = fdt_next_prop(fdt, node, &cursor, prop)) == 1)
        if (strcmp(prop->name, name) == 0)
            return FDT_OK;
    return r < 0 ? r : FDT_ERR_NOT_FOUND;
}

bool fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out)
{
    struct fdt_prop p;
    if (fdt_get_prop(fdt, node, name, &p) || p.len < 4)
        return false;
    *out = be32(p.value);
    return true;
}

bool fdt_prop_is_string(const struct fdt_prop *prop)
{
    return prop->len > 0 && prop->value[prop->len - 1] == 0;
}

bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
    struct fdt_prop p;
    if (fdt_get_prop(fdt, node, "compatible", &p) || !fdt_prop_is_string(&p))
        return false;
    for (uint32_t i = 0; i < p.len;) {
        const char *s = (const char *)p.value + i;
        if (strcmp(s, compat) == 0)
            return true;
        i += (uint32_t)strlen(s) + 1;
    }
    return false;
}

bool fdt_read_cells(const struct fdt_prop *prop, uint32_t *pos, uint32_t cells, uint64_t *out)
{
    if (cells > 2 || *pos > prop->len || prop->len - *pos < cells * 4)
        return false;
    uint64_t v = 0;
    for (uint32_t i = 0; i < cells; i++)
        v = v << 32 | be32(prop->value + *pos + 4 * i);
    *pos += cells * 4;
    *out = v;
    return true;
}

/* Does node name `name` match path component `comp` of length `len`? */
static bool component_matches(const char *name, const char *comp, size_t len)
{
    if (strncmp(name, comp, len) != 0)
        return false;
    if (name[len] == 0)
        return true;
    /* "serial" matches "serial@10000000" when the component has no unit address. */
    return name[len] == '@' && memchr(comp, '@', len) == NULL;
}

int fdt_find_path(const struct fdt *fdt, const char *path)
{
    if (path[0] != '/')
        return FDT_ERR_NOT_FOUND;
    int node = fdt_root(fdt);
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        size_t len = 0;
        while (p[len] && p[len] != '/')
            len++;
        int child = fdt_first_child(fdt, node);
        while (child >= 0) {
            const char *name = fdt_node_name(fdt, child);
            if (!name)
                return FDT_ERR_STRUCTURE;
            if (component_matches(name, p, len))
                break;
            child = fdt_next_sibling(fdt, child);
        }
        if (child < 0)
            return child;
        node = child;
        p += len;
    }
    return node;
}

struct walk_state {
    fdt_visit_fn visit;
    void *ctx;
};

static int walk_node(const struct fdt *fdt, int node, int parent, int depth, struct walk_state *ws)
{
    if (depth > FDT_MAX_DEPTH)
        return FDT_ERR_DEPTH;
    int r = ws->visit(fdt, node, parent, depth, ws->ctx);
    if (r)
        return r;
    int child = fdt_first_child(fdt, node);
    while (child >= 0) {
        if ((r = walk_node(fdt, child, node, depth + 1, ws)))
            return r;
        child = fdt_next_sibling(fdt, child);
    }
    return child == FDT_ERR_NOT_FOUND ? 0 : child;
}

int fdt_walk(const struct fdt *fdt, fdt_visit_fn visit, void *ctx)
{
    struct walk_state ws = { visit, ctx };
    return walk_node(fdt, fdt_root(fdt), -1, 0, &ws);
}

struct phandle_search {
    uint32_t phandle;
    int found;
};

static int match_phandle(const struct fdt *fdt, int node, int parent, int depth, void *ctx)
{
    (void)parent;
    (void)depth;
    struct phandle_search *s = ctx;
    uint32_t ph;
    if ((fdt_prop_u32(fdt, node, "phandle", &ph) || fdt_prop_u32(fdt, node, "linux,phandle", &ph)) &&
        ph == s->phandle) {
        s->found = node;
        return 1;
    }
    return 0;
}

int fdt_find_phandle(const struct fdt *fdt, uint32_t phandle)
{
    struct phandle_search s = { phandle, FDT_ERR_NOT_FOUND };
    int r = fdt_walk(fdt, match_phandle, &s);
    return r < 0 ? r : s.found;
}
