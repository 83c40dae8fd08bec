/* Version and placement of the libipc runtime that every server links against
 * at load time. Bump the major on any incompatible change to the runtime's
 * public headers, the minor when exports are only added. */

#ifndef MICA_RUNTIME_ABI_H
#define MICA_RUNTIME_ABI_H

#define MICA_RUNTIME_ABI_MAJOR 1
#define MICA_RUNTIME_ABI_MINOR 2

/* The runtime image's text starts here in every server's address space; its
 * writable data follows on the next page (see libipc/loader/runtime.ld.S). */
#define MICA_RUNTIME_BASE 0x40000000

/* Where init places a server image unless it has a reason not to; far enough
 * below the runtime for any server, near enough for a pc-relative call. */
#define MICA_SERVER_BASE 0x10000000

/* Symbol names in the export table and the versions section, NUL included. */
#define MICA_SYMBOL_NAME_MAX 48

#endif
