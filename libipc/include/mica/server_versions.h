/* The .mica.versions section of a server image: for each symbol the server
 * imports from the runtime, the ABI hash of the prototype it was compiled
 * against. Generated at build time by mkversions, never written by hand. */

#ifndef MICA_SERVER_VERSIONS_H
#define MICA_SERVER_VERSIONS_H

#include <stdint.h>

#include <mica/runtime_abi.h>

#define MICA_VERSIONS_SECTION ".mica.versions"

/* The section is an array of these with no header; name is NUL-terminated. */
struct mica_version_entry {
    uint32_t abi_hash;
    uint32_t reserved; /* must be 0 */
    char name[MICA_SYMBOL_NAME_MAX];
};

_Static_assert(sizeof(struct mica_version_entry) == 56, "versions layout is ABI");

#endif
