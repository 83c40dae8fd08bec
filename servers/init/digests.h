/* The list of image digests the build writes into the initrd
 * (etc/srv.sha256, `sha256sum` format: 64 hex digits, two spaces, path).
 * init loads no image the list does not vouch for. Parsing is pure code. */
#ifndef INIT_DIGESTS_H
#define INIT_DIGESTS_H
#include <stddef.h>

#include <mica/sha256.h>

#define DIGESTS_PATH "etc/srv.sha256"

/* 0 and the listed digest of path, -MICA_ENOENT if the list has no line for
 * it, -MICA_EBADMSG if that line is malformed. */
int digests_find(const char *list, size_t size, const char *path,
                 uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
