/* Initrd files whose signature init has already verified. The initrd is a
 * frame the kernel filled before init ran and gave init read-only (nobody
 * holds a writable capability to it), so a file that was signed by a trusted
 * key once is signed for the life of the system: loading it again skips the
 * check. Only initrd bytes go here; an image read from a scheme lands in
 * memory that is reused, and is checked at every load. */
#ifndef INIT_CHECKED_FILES_H
#define INIT_CHECKED_FILES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for every server image and the runtime of a system; a file past it
 * is checked at each load, as before. */
#define CHECKED_FILES_MAX 32

/* True if [data, data + size) was accepted before; *payload is then the
 * signed part's size. */
bool checked_file_seen(const uint8_t *data, size_t size, size_t *payload);
/* Records a file that has just been accepted, with its payload's size. */
void checked_file_note(const uint8_t *data, size_t size, size_t payload);

#endif
