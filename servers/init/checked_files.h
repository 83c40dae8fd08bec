/* Initrd files whose digest init has already checked. The initrd is a frame
 * the kernel filled before init ran and gave init read-only (nobody holds a
 * writable capability to it), so a file that matched its listed digest once
 * matches it for the life of the system: loading it again skips the hash. */
#ifndef INIT_CHECKED_FILES_H
#define INIT_CHECKED_FILES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for every server image and the runtime of a system; a file past it
 * is hashed at each load, as before. */
#define CHECKED_FILES_MAX 32

/* True if [data, data + size) matched its digest before. */
bool checked_file_seen(const uint8_t *data, size_t size);
/* Records a file that has just matched its digest. */
void checked_file_note(const uint8_t *data, size_t size);

#endif
