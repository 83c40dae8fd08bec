/* Reader for the initrd: a cpio "newc" archive (magic 070701). The archive
 * is untrusted; cpio_next() bounds-checks every header field it uses. One
 * reader for both sides: the kernel finds init with it, the process builder
 * (libipc/proc) finds programs; cpio.c beside this header is built by both. */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
    const char *name;       /* NUL-terminated inside the archive */
    const uint8_t *data;
    uint64_t size;
    uint32_t mode;
};

enum cpio_status {
    CPIO_OK = 1,
    CPIO_END = 0,           /* the TRAILER!!! entry */
    CPIO_ERR_MAGIC = -1,
    CPIO_ERR_FIELD = -2,    /* a header field is not hexadecimal */
    CPIO_ERR_TRUNCATED = -3,
};

/* Reads the entry at *offset and advances it to the next one. */
int cpio_next(const uint8_t *archive, size_t size, size_t *offset, struct cpio_entry *entry);
/* Finds a regular file by name ("init" or "./init"); CPIO_OK when found. */
int cpio_find(const uint8_t *archive, size_t size, const char *name, struct cpio_entry *entry);
