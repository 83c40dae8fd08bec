/* Reading the ISA extensions out of a cpu node (isa_extensions.h). */
#include "isa_extensions.h"
#include <stdbool.h>
#include <mica/abi/isa_extensions.h>
#include "lib/kstring.h"

static const struct {
    const char *name;
    unsigned bit;
} known[] = {
#define KNOWN_EXTENSION(bit, name) { #name, bit },
    MICA_ISA_EXTENSION_LIST(KNOWN_EXTENSION)
#undef KNOWN_EXTENSION
    { "sstc", 63 }, /* ISA_KERNEL_SSTC */
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A version as an ISA string writes it after a name: "2", "2p0", "1p12". */
static bool is_version(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && is_digit(s[i]))
        i++;
    if (i == 0)
        return len == 0;
    if (i == len)
        return true;
    if (s[i++] != 'p' || i == len)
        return false;
    while (i < len && is_digit(s[i]))
        i++;
    return i == len;
}

/* The bit of a known extension named by token[len], a version after the
 * name allowed when `versioned`; 0 for any other token. */
static uint64_t bit_of(const char *token, size_t len, bool versioned)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        size_t n = strlen(known[i].name);
        if (len < n || strncmp(token, known[i].name, n) != 0)
            continue;
        if (len == n || (versioned && is_version(token + n, len - n)))
            return 1ull << known[i].bit;
    }
    return 0;
}

uint64_t isa_extensions_from_string(const char *value, size_t len)
{
    size_t n = strnlen(value, len);
    if (n == len || n < 4)
        return 0;
    /* The binding's spelling: lower case, letters, digits and '_'. */
    for (size_t i = 0; i < n; i++)
        if (!(value[i] >= 'a' && value[i] <= 'z') && !is_digit(value[i]) && value[i] != '_')
            return 0;
    if (strncmp(value, "rv64", 4) != 0 && strncmp(value, "rv32", 4) != 0)
        return 0;
    /* Single letters (with versions) come first; multi-letter names start
     * with z, s or x and are separated by '_'. */
    size_t pos = 4;
    while (pos < n && value[pos] != '_' && value[pos] != 'z' && value[pos] != 's' && value[pos] != 'x')
        pos++;
    uint64_t mask = 0;
    while (pos < n) {
        if (value[pos] == '_') {
            pos++;
            continue;
        }
        size_t end = pos;
        while (end < n && value[end] != '_')
            end++;
        mask |= bit_of(value + pos, end - pos, true);
        pos = end;
    }
    return mask;
}

uint64_t isa_extensions_from_list(const char *value, size_t len)
{
    uint64_t mask = 0;
    for (size_t pos = 0; pos < len;) {
        size_t n = strnlen(value + pos, len - pos);
        if (n == len - pos)
            return 0; /* the last entry does not end inside the property */
        mask |= bit_of(value + pos, n, false);
        pos += n + 1;
    }
    return mask;
}

uint64_t isa_extensions_of_cpu(const struct fdt *fdt, int node)
{
    struct fdt_prop p;
    if (fdt_get_prop(fdt, node, "riscv,isa-extensions", &p) == 0)
        return isa_extensions_from_list((const char *)p.value, p.len);
    if (fdt_get_prop(fdt, node, "riscv,isa", &p) == 0)
        return isa_extensions_from_string((const char *)p.value, p.len);
    return 0;
}

static size_t append(char *out, size_t size, size_t used, const char *text)
{
    while (*text && used + 1 < size)
        out[used++] = *text++;
    out[used] = 0;
    return used;
}

void isa_extensions_format(uint64_t mask, char *out, size_t size)
{
    if (size == 0)
        return;
    out[0] = 0;
    if (mask == 0) {
        append(out, size, 0, "none");
        return;
    }
    size_t used = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!(mask & (1ull << known[i].bit)))
            continue;
        if (used)
            used = append(out, size, used, " ");
        used = append(out, size, used, known[i].name);
    }
}
