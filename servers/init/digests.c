/* Looks one path up in the digest list; every line is checked only as far as
 * needed to know whether it names the path. */
#include "digests.h"

#include <string.h>

#include <mica/abi/errno.h>

#define HEX_DIGITS (2 * SHA256_DIGEST_SIZE)
#define SEPARATOR "  "

int digests_find(const char *list, size_t size, const char *path,
                 uint8_t digest[SHA256_DIGEST_SIZE])
{
    size_t path_len = strlen(path);
    const char *end = list + size;
    for (const char *line = list; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *line_end = nl ? nl : end;
        size_t len = (size_t)(line_end - line);
        const size_t prefix = HEX_DIGITS + sizeof SEPARATOR - 1;
        if (len == prefix + path_len && memcmp(line + prefix, path, path_len) == 0) {
            char hex[SHA256_HEX_SIZE];
            memcpy(hex, line, HEX_DIGITS);
            hex[HEX_DIGITS] = 0;
            if (memcmp(line + HEX_DIGITS, SEPARATOR, sizeof SEPARATOR - 1) != 0 ||
                sha256_from_hex(hex, digest) != 0)
                return -MICA_EBADMSG;
            return 0;
        }
        line = line_end + 1;
    }
    return -MICA_ENOENT;
}
