/* Directories: 32-byte entries, a long name (VFAT) being a run of entries
 * before its short entry, numbered down to 1 and tied to it by a checksum
 * of the short name. A run that breaks those rules is damage and refused;
 * every entry handed out has had its cluster chain checked. */
#include <mica/rt_string.h>

#include <mica/abi/errno.h>

#include "fat_volume.h"

#define ATTR_VOLUME_ID 0x08u
#define ATTR_DIRECTORY 0x10u
#define ATTR_LONG_NAME 0x0fu
#define ATTR_LONG_NAME_MASK 0x3fu
#define ENTRY_END 0x00u
#define ENTRY_DELETED 0xe5u
#define ENTRY_KANJI_E5 0x05u /* a first byte of 0xe5 stored as 0x05 */
#define LONG_LAST 0x40u
#define LONG_ORDER_MASK 0x1fu
#define LONG_CHARS_PER_ENTRY 13u
#define LONG_ENTRIES_MAX 20u /* 255 characters */
#define CASE_LOWER_BASE 0x08u
#define CASE_LOWER_EXT 0x10u

/* Where the 13 UCS-2 characters of a long-name entry sit. */
static const uint8_t long_char_offsets[LONG_CHARS_PER_ENTRY] = { 1,  3,  5,  7,  9,  14, 16,
                                                                 18, 20, 22, 24, 28, 30 };

struct long_name {
    unsigned expected; /* the order number the next entry must have; 0: none pending */
    uint8_t checksum;
    unsigned chars;    /* the run's character slots */
    uint16_t text[LONG_ENTRIES_MAX * LONG_CHARS_PER_ENTRY];
};

static uint8_t short_name_checksum(const uint8_t name[11])
{
    uint8_t sum = 0;
    for (unsigned i = 0; i < 11; i++)
        sum = (uint8_t)(((sum & 1u) << 7) + (sum >> 1) + name[i]);
    return sum;
}

/* The raw entry `index` of dir: 1 read, 0 past the directory's end. */
static int entry_at(struct fat_volume *v, const struct fat_node *dir, uint64_t index,
                    struct fat_cursor *cursor, uint8_t raw[FAT_DIR_ENTRY_BYTES])
{
    uint64_t at;
    if (dir->first_cluster == 0) {
        if (index >= v->root_entries)
            return 0;
        at = v->root_offset + index * FAT_DIR_ENTRY_BYTES;
    } else {
        uint32_t per_cluster = v->cluster_bytes / FAT_DIR_ENTRY_BYTES;
        if (index / per_cluster >= dir->clusters)
            return 0;
        long cluster = fat_chain_seek(v, dir->first_cluster, (uint32_t)(index / per_cluster), cursor);
        if (cluster < 0)
            return (int)cluster;
        at = fat_cluster_offset(v, (uint32_t)cluster) + index % per_cluster * FAT_DIR_ENTRY_BYTES;
    }
    int r = v->read(v->ctx, at, raw, FAT_DIR_ENTRY_BYTES);
    return r < 0 ? fat_refuse(v, r, "cannot read directory entry %llu (error %d)",
                              (unsigned long long)index, r)
                 : 1;
}

static int bad_run(struct fat_volume *v, uint64_t index, const char *what)
{
    return fat_refuse(v, -MICA_EBADMSG, "bad long-name run at directory entry %llu: %s",
                      (unsigned long long)index, what);
}

/* One long-name entry into the run. */
static int add_long_part(struct fat_volume *v, struct long_name *ln, const uint8_t *raw,
                         uint64_t index)
{
    unsigned order = raw[0] & LONG_ORDER_MASK;
    if (raw[0] & LONG_LAST) {
        if (ln->expected)
            return bad_run(v, index, "a new name starts before the last one ended");
        if (order == 0 || order > LONG_ENTRIES_MAX || (raw[0] & ~(LONG_LAST | LONG_ORDER_MASK)))
            return bad_run(v, index, "order number out of range");
        ln->checksum = raw[13];
        ln->chars = order * LONG_CHARS_PER_ENTRY;
    } else if (!ln->expected || order != ln->expected) {
        return bad_run(v, index, "entries out of order");
    } else if (raw[13] != ln->checksum) {
        return bad_run(v, index, "checksums differ between its entries");
    }
    for (unsigned i = 0; i < LONG_CHARS_PER_ENTRY; i++) {
        const uint8_t *c = raw + long_char_offsets[i];
        ln->text[(order - 1) * LONG_CHARS_PER_ENTRY + i] = (uint16_t)(c[0] | c[1] << 8);
    }
    ln->expected = order - 1;
    return 0;
}

/* The run's characters as UTF-8 (UTF-16 pairs joined); -1 for a name no
 * path could name (control characters, '/', a lone surrogate, empty). */
static int long_name_utf8(const struct long_name *ln, char *out)
{
    size_t n = 0;
    for (unsigned i = 0; i < ln->chars && ln->text[i] != 0; i++) {
        uint32_t c = ln->text[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < ln->chars && ln->text[i + 1] >= 0xdc00 &&
            ln->text[i + 1] < 0xe000) {
            c = 0x10000u + ((c - 0xd800u) << 10) + (ln->text[++i] - 0xdc00u);
        } else if (c >= 0xd800 && c < 0xe000) {
            return -1;
        }
        if (c < 0x20 || c == '/' || c == '\\')
            return -1;
        if (c < 0x80) {
            out[n++] = (char)c;
        } else if (c < 0x800) {
            out[n++] = (char)(0xc0 | c >> 6);
            out[n++] = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            out[n++] = (char)(0xe0 | c >> 12);
            out[n++] = (char)(0x80 | (c >> 6 & 0x3f));
            out[n++] = (char)(0x80 | (c & 0x3f));
        } else {
            out[n++] = (char)(0xf0 | c >> 18);
            out[n++] = (char)(0x80 | (c >> 12 & 0x3f));
            out[n++] = (char)(0x80 | (c >> 6 & 0x3f));
            out[n++] = (char)(0x80 | (c & 0x3f));
        }
        if (n + 4 >= FAT_NAME_MAX)
            return -1;
    }
    out[n] = 0;
    return n ? 0 : -1;
}

/* "NAME.EXT" from the 11 stored bytes and the case flags; bytes of the
 * OEM code page (0x80 and up) become '?'. -1 for control characters and
 * path separators, which no volume a tool wrote holds. */
static int short_name_text(const uint8_t *raw, char out[13])
{
    size_t n = 0;
    for (unsigned i = 0; i < 11; i++) {
        if (i == 8) {
            if (raw[8] == ' ')
                break;
            out[n++] = '.';
        }
        char ch = (char)(i == 0 && raw[0] == ENTRY_KANJI_E5 ? ENTRY_DELETED : raw[i]);
        if (ch == ' ')
            continue;
        if ((unsigned char)ch < 0x20 || ch == 0x7f || ch == '/' || ch == '\\')
            return -1;
        if ((unsigned char)ch >= 0x80)
            ch = '?';
        unsigned lower = i < 8 ? CASE_LOWER_BASE : CASE_LOWER_EXT;
        if ((raw[12] & lower) && ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        out[n++] = ch;
    }
    out[n] = 0;
    return 0;
}

/* The chain of a node just read: its length, and a file's size against it. */
static int check_node(struct fat_volume *v, struct fat_node *node)
{
    if (node->first_cluster == 0) {
        if (node->is_dir || node->size)
            return fat_refuse(v, -MICA_EBADMSG, "%s: %s with no cluster", node->name,
                              node->is_dir ? "a directory" : "a non-empty file");
        return 0;
    }
    long length = fat_chain_length(v, node->first_cluster);
    if (length < 0)
        return (int)length;
    uint64_t need = ((uint64_t)node->size + v->cluster_bytes - 1) / v->cluster_bytes;
    if (!node->is_dir && need > (uint64_t)length)
        return fat_refuse(v, -MICA_EBADMSG, "%s: size %u is past its %ld clusters", node->name,
                          node->size, length);
    node->clusters = (uint32_t)length;
    return 0;
}

static void fill_node(const struct fat_volume *v, const uint8_t *raw, struct fat_node *node)
{
    node->attributes = raw[11];
    node->is_dir = (raw[11] & ATTR_DIRECTORY) != 0;
    node->is_root = false;
    node->first_cluster = (uint32_t)(raw[26] | raw[27] << 8);
    if (v->type == 32)
        node->first_cluster |= (uint32_t)(raw[20] | raw[21] << 8) << 16;
    node->size = node->is_dir ? 0 : (uint32_t)(raw[28] | raw[29] << 8 | raw[30] << 16) |
                                        (uint32_t)raw[31] << 24;
    node->clusters = 0;
}

int fat_readdir(struct fat_volume *v, const struct fat_node *dir, uint64_t *cookie,
                struct fat_node *entry)
{
    if (!dir->is_dir)
        return fat_refuse(v, -MICA_ENOTDIR, "%s is not a directory", dir->name);
    struct long_name ln;
    struct fat_cursor cursor = { 0 };
    uint8_t raw[FAT_DIR_ENTRY_BYTES];
    ln.expected = 0;
    ln.chars = 0;
    ln.checksum = 0;
    for (uint64_t i = *cookie;; i++) {
        int r = entry_at(v, dir, i, &cursor, raw);
        if (r < 0)
            return r;
        if (r == 0 || raw[0] == ENTRY_END) {
            if (ln.expected || ln.chars)
                return bad_run(v, i, "the directory ends inside it");
            *cookie = i;
            return 0;
        }
        bool is_long = (raw[11] & ATTR_LONG_NAME_MASK) == ATTR_LONG_NAME;
        if (raw[0] == ENTRY_DELETED) {
            if (ln.chars)
                return bad_run(v, i, "a deleted entry inside it");
            continue;
        }
        if (is_long) {
            if ((r = add_long_part(v, &ln, raw, i)) < 0)
                return r;
            continue;
        }
        bool named = ln.chars != 0;
        if (named && ln.expected)
            return bad_run(v, i, "entries missing before the short entry");
        if (named && short_name_checksum(raw) != ln.checksum)
            return bad_run(v, i, "checksum does not match the short name");
        if ((raw[11] & ATTR_VOLUME_ID) || (raw[0] == '.' && (raw[1] == ' ' || raw[1] == '.'))) {
            if (named)
                return bad_run(v, i, "a long name for a label or dot entry");
            continue;
        }
        fill_node(v, raw, entry);
        if (short_name_text(raw, entry->short_name) < 0)
            return fat_refuse(v, -MICA_EBADMSG, "bad short name at directory entry %llu",
                              (unsigned long long)i);
        if (named && long_name_utf8(&ln, entry->name) < 0)
            return bad_run(v, i, "characters no path can name");
        if (!named)
            memcpy(entry->name, entry->short_name, sizeof entry->short_name);
        if ((r = check_node(v, entry)) < 0)
            return r;
        *cookie = i + 1;
        return 1;
    }
}
