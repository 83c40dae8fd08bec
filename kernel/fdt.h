/* Flattened device tree (DTB) reader.
 * The blob is untrusted input: fdt_open() is the validation boundary for the
 * header, and every later accessor bounds-checks the offsets it follows, so a
 * truncated or corrupt blob yields an error code, never a fault or a hang.
 * Pure C with no kernel dependencies, so the host tests run it unchanged. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_MAX_DEPTH 16

enum fdt_error {
    FDT_OK = 0,
    FDT_ERR_MAGIC = -1,     /* not a device tree */
    FDT_ERR_TRUNCATED = -2, /* a field points past the end of the blob */
    FDT_ERR_VERSION = -3,   /* older than version 16 */
    FDT_ERR_STRUCTURE = -4, /* bad token, nesting or alignment */
    FDT_ERR_NOT_FOUND = -5,
    FDT_ERR_DEPTH = -6,     /* nested deeper than FDT_MAX_DEPTH */
};

struct fdt {
    const uint8_t *blob;
    uint32_t size;          /* totalsize, checked against the caller's limit */
    uint32_t struct_off, struct_size;
    uint32_t strings_off, strings_size;
    uint32_t rsvmap_off;
};

struct fdt_prop {
    const char *name;
    const uint8_t *value;
    uint32_t len;
};

const char *fdt_strerror(int err);

/* Validates the header of the blob at `blob`, which the caller can read for
 * `max_size` bytes (pass the totalsize field's bound when unknown). */
int fdt_open(struct fdt *fdt, const void *blob, size_t max_size);

/* Reads the big-endian total size field without validating anything else. */
uint32_t fdt_peek_totalsize(const void *blob);

/* Memory reservation block: entry `index`; FDT_ERR_NOT_FOUND past the end. */
int fdt_memreserve(const struct fdt *fdt, unsigned index, uint64_t *base, uint64_t *size);

/* Nodes are named by the offset of their FDT_BEGIN_NODE token. The root is
 * fdt->struct_off. Children and siblings return a negative error at the end. */
int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
const char *fdt_node_name(const struct fdt *fdt, int node);

/* Property iteration: start with *cursor = 0. Returns 1 with *prop filled,
 * 0 at the end, negative on corruption. */
int fdt_next_prop(const struct fdt *fdt, int node, int *cursor, struct fdt_prop *prop);
int fdt_get_prop(const struct fdt *fdt, int node, const char *name, struct fdt_prop *prop);

/* Typed helpers: return false when the property is absent or too short. */
bool fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out);
bool fdt_prop_is_string(const struct fdt_prop *prop);
/* True when the node's "compatible" string list contains `compat`. */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);

/* Finds a node by absolute path ("/soc/serial@10000000"); a component without
 * a unit address matches the first node with that base name. */
int fdt_find_path(const struct fdt *fdt, const char *path);
int fdt_find_phandle(const struct fdt *fdt, uint32_t phandle);

/* Reads `cells` big-endian 32-bit cells (1 or 2) at *pos within a property. */
bool fdt_read_cells(const struct fdt_prop *prop, uint32_t *pos, uint32_t cells, uint64_t *out);

/* Depth-first walk; the visitor gets each node with its depth and parent.
 * Returns the visitor's non-zero value, a negative error, or 0. */
typedef int (*fdt_visit_fn)(const struct fdt *fdt, int node, int parent, int depth, void *ctx);
int fdt_walk(const struct fdt *fdt, fdt_visit_fn visit, void *ctx);
