/* cpio newc: a 110-byte ASCII header of 13 eight-digit hex fields after the
 * 6-byte magic, then the name, padded to 4 bytes, then the data, padded to 4.
 * Compiled by the kernel (init's image) and by user space (the process
 * builder), so it needs nothing from either side's C library. */
#include <mica/abi/cpio.h>

#define NEWC_HEADER 110u
#define FIELD_MODE 1
#define FIELD_FILESIZE 6
#define FIELD_NAMESIZE 11

static int hex_field(const uint8_t *hdr, int index, uint32_t *out)
{
    uint32_t v = 0;
    const uint8_t *p = hdr + 6 + 8 * index;
    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return CPIO_ERR_FIELD;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

/* 1 when the NUL-terminated strings are equal. */
static int same_string(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static int has_magic(const uint8_t *hdr)
{
    static const char newc[] = "07070";
    for (int i = 0; i < 5; i++)
        if (hdr[i] != (uint8_t)newc[i])
            return 0;
    return hdr[5] == '1' || hdr[5] == '2'; /* 070701, or 070702 with checksums */
}

static size_t pad4(size_t v)
{
    return (v + 3) & ~(size_t)3;
}

int cpio_next(const uint8_t *a, size_t size, size_t *offset, struct cpio_entry *e)
{
    size_t off = *offset;
    if (off > size || size - off < NEWC_HEADER)
        return CPIO_ERR_TRUNCATED;
    const uint8_t *hdr = a + off;
    if (!has_magic(hdr))
        return CPIO_ERR_MAGIC;
    uint32_t mode, filesize, namesize;
    if (hex_field(hdr, FIELD_MODE, &mode) || hex_field(hdr, FIELD_FILESIZE, &filesize) ||
        hex_field(hdr, FIELD_NAMESIZE, &namesize))
        return CPIO_ERR_FIELD;
    size_t name_off = off + NEWC_HEADER;
    if (namesize == 0 || namesize > size - name_off || a[name_off + namesize - 1] != 0)
        return CPIO_ERR_TRUNCATED;
    size_t data_off = pad4(name_off + namesize);
    if (data_off > size || filesize > size - data_off)
        return CPIO_ERR_TRUNCATED;
    e->name = (const char *)a + name_off;
    e->data = a + data_off;
    e->size = filesize;
    e->mode = mode;
    *offset = pad4(data_off + filesize);
    return same_string(e->name, "TRAILER!!!") ? CPIO_END : CPIO_OK;
}

int cpio_find(const uint8_t *a, size_t size, const char *name, struct cpio_entry *e)
{
    size_t off = 0;
    int r;
    while ((r = cpio_next(a, size, &off, e)) == CPIO_OK) {
        const char *n = e->name;
        if (n[0] == '.' && n[1] == '/')
            n += 2;
        if (same_string(n, name) && (e->mode & 0170000) == 0100000)
            return CPIO_OK;
    }
    return r < 0 ? r : CPIO_END;
}
