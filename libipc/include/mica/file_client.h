/* The client side of the file protocol (mica/file_protocol.h): a handle on
 * one file or directory of a file-system scheme. Every call returns 0, a
 * count (>= 0) or a negative MICA_E* code. */
#ifndef MICA_FILE_CLIENT_H
#define MICA_FILE_CLIENT_H
#include <stdint.h>

#include <mica/file_protocol.h>

struct ipc_file {
    long ep; /* the handle's badged endpoint; 0 when closed */
    uint64_t size;
    unsigned kind; /* FILE_KIND_* */
};

struct ipc_file_entry {
    uint64_t size;
    unsigned kind;
    char name[FILE_NAME_MAX];
};

/* Opens "scheme:/path" for reading (the name service hands over the door,
 * as for ipc_scheme_open) and asks STAT: f->size and f->kind are set. */
int ipc_file_open(struct ipc_file *f, const char *name);
int ipc_file_close(struct ipc_file *f);
/* The same without allocating: OPEN on a door the caller holds, the handle
 * into the empty slot it gives (empty again on failure), and CLOSE, which
 * empties the slot and leaves it to the caller. For a thread that may not
 * touch the process's slot allocator while another uses it. */
int ipc_file_open_on(struct ipc_file *f, long door, const char *path, long slot);
int ipc_file_end(struct ipc_file *f);
/* Reads up to `length` bytes at `offset`, in as many messages as needed:
 * the bytes read (fewer only at the end of the file). */
long ipc_file_read(struct ipc_file *f, uint64_t offset, void *data, uint64_t length);
/* The directory's entry after *cookie (0 at first): 1 and the entry, 0
 * when there are no more. */
int ipc_file_readdir(struct ipc_file *f, uint64_t *cookie, struct ipc_file_entry *entry);

#endif
