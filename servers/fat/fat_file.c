/* Paths and file contents: a path is looked up one component at a time
 * through fat_readdir (so every node on the way has been checked), and a
 * file is read cluster by cluster, resuming its chain from a cursor. */
#include <mica/rt_string.h>

#include <mica/abi/errno.h>

#include "fat_volume.h"

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_name(const char *name, const char *component, size_t len)
{
    if (strlen(name) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (ascii_lower(name[i]) != ascii_lower(component[i]))
            return false;
    return true;
}

int fat_lookup(struct fat_volume *v, const char *path, struct fat_node *node)
{
    fat_root(v, node);
    for (const char *c = path; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return fat_refuse(v, -MICA_EINVAL, "a path with a control character");
    const char *p = path;
    while (*p) {
        /* Anything after a name, a '/' or "." too, asks for a directory:
         * "file/" and "file/." are not the file. */
        if (!node->is_dir)
            return fat_refuse(v, -MICA_ENOTDIR, "%s: %s is not a directory", path, node->name);
        while (*p == '/')
            p++;
        const char *component = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - component);
        if (len == 0 || (len == 1 && component[0] == '.'))
            continue;
        if (len == 2 && component[0] == '.' && component[1] == '.')
            return fat_refuse(v, -MICA_EINVAL, "%s: no \"..\" in paths", path);
        if (len >= FAT_NAME_MAX)
            return fat_refuse(v, -MICA_ENAMETOOLONG, "%s: a name too long", path);
        struct fat_node dir = *node;
        uint64_t cookie = 0;
        int r;
        while ((r = fat_readdir(v, &dir, &cookie, node)) > 0)
            if (same_name(node->name, component, len) || same_name(node->short_name, component, len))
                break;
        if (r < 0)
            return r;
        if (r == 0)
            return fat_refuse(v, -MICA_ENOENT, "%s: no %.*s", path, (int)(len > 64 ? 64 : len),
                              component);
    }
    return 0;
}

long fat_read(struct fat_volume *v, const struct fat_node *node, struct fat_cursor *cursor,
              uint64_t offset, void *data, uint32_t length)
{
    if (node->is_dir)
        return fat_refuse(v, -MICA_EISDIR, "%s is a directory", node->name);
    if (offset >= node->size)
        return 0;
    if (length > node->size - offset)
        length = (uint32_t)(node->size - offset);
    uint8_t *out = data;
    uint32_t done = 0;
    while (done < length) {
        uint64_t at = offset + done;
        long cluster = fat_chain_seek(v, node->first_cluster, (uint32_t)(at / v->cluster_bytes), cursor);
        if (cluster < 0)
            return cluster;
        uint32_t within = (uint32_t)(at % v->cluster_bytes);
        uint32_t n = v->cluster_bytes - within;
        if (n > length - done)
            n = length - done;
        int r = v->read(v->ctx, fat_cluster_offset(v, (uint32_t)cluster) + within, out + done, n);
        if (r < 0)
            return fat_refuse(v, r, "cannot read cluster %ld (error %d)", cluster, r);
        done += n;
    }
    return done;
}
