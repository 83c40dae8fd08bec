/* ABI hashes of the functions a public header declares: each prototype is
 * reduced to a normal form (no comments, whitespace or parameter names; the
 * definitions of the structs, unions, enums and typedefs it uses appended) and
 * hashed with CRC-32, so a change to one prototype or type changes exactly the
 * hashes of the functions that depend on it. */

#ifndef ABIHASH_ABI_H
#define ABIHASH_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct abi_symbol {
    char *name;
    char *normal_form; /* the text that is hashed */
    uint32_t hash;
};

struct abi_set;

struct abi_set *abi_set_new(void);
void abi_set_free(struct abi_set *set);

/* Reads one header's text. With exports false only its type definitions are
 * used (for headers whose functions are not part of the runtime). Returns
 * false with a message in err on text it cannot parse. */
bool abi_set_add_header(struct abi_set *set, const char *text, bool exports, char *err,
                        size_t err_size);

/* Computes every exported function's normal form and hash; call once, after
 * the last header. Functions come out in declaration order. */
void abi_set_finish(struct abi_set *set);
size_t abi_set_count(const struct abi_set *set);
const struct abi_symbol *abi_set_symbol(const struct abi_set *set, size_t index);

/* CRC-32 (IEEE 802.3, reflected, as in zlib): the hash of a normal form. */
uint32_t abi_crc32(const void *data, size_t size);

#endif
