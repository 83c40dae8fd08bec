/* Finds .mica.params in an image the loader has already accepted (so the
 * section headers are known to lie inside the file; the bounds are checked
 * again all the same) and lists or checks the declarations. */
#include <stdio.h>
#include <string.h>

#include <mica/abi/elf64.h>
#include <mica/server_params.h>

#include "params.h"

/* The section's bytes, NULL when there is none; *bad when its headers or
 * size do not fit. */
static const struct mica_server_param *find(const uint8_t *elf, size_t size, unsigned *count, int *bad)
{
    const struct elf64_ehdr *eh = (const void *)elf;
    *bad = 0;
    if (size < sizeof *eh || eh->shoff > size || eh->shstrndx >= eh->shnum ||
        (size - eh->shoff) / sizeof(struct elf64_shdr) < eh->shnum)
        return NULL;
    const struct elf64_shdr *sh = (const void *)(elf + eh->shoff);
    const struct elf64_shdr *names = &sh[eh->shstrndx];
    for (unsigned i = 1; i < eh->shnum; i++) {
        if (names->offset > size || sh[i].name >= names->size || names->size > size - names->offset)
            continue;
        const char *name = (const char *)elf + names->offset + sh[i].name;
        if (strnlen(name, names->size - sh[i].name) != strlen(MICA_PARAMS_SECTION) ||
            strcmp(name, MICA_PARAMS_SECTION) != 0)
            continue;
        if (sh[i].type != ELF_SHT_PROGBITS || sh[i].offset > size || sh[i].size > size - sh[i].offset ||
            sh[i].size % sizeof(struct mica_server_param) || sh[i].offset % 8) {
            *bad = 1;
            return NULL;
        }
        *count = (unsigned)(sh[i].size / sizeof(struct mica_server_param));
        return (const void *)(elf + sh[i].offset);
    }
    return NULL;
}

int params_check(const uint8_t *elf, size_t size, char *why, size_t why_size)
{
    unsigned count = 0;
    int bad;
    const struct mica_server_param *p = find(elf, size, &count, &bad);
    if (bad) {
        snprintf(why, why_size, "%s: not an array of %zu-byte declarations", MICA_PARAMS_SECTION,
                 sizeof(struct mica_server_param));
        return -1;
    }
    char reason[MICA_PARAMS_WHY_MAX];
    if (p && mica_params_check(p, count, reason, sizeof reason) < 0) {
        snprintf(why, why_size, "%s: %s", MICA_PARAMS_SECTION, reason);
        return -1;
    }
    return 0;
}

void params_print(const uint8_t *elf, size_t size)
{
    unsigned count = 0;
    int bad;
    char why[MICA_PARAMS_WHY_MAX];
    const struct mica_server_param *p = find(elf, size, &count, &bad);
    if (bad || (p && mica_params_check(p, count, why, sizeof why) < 0)) {
        printf("params:     malformed (srvinfo --check says why)\n");
        return;
    }
    printf("params:     %u%s\n", count, count ? " (args=\"name=value ...\")" : "");
    for (unsigned i = 0; i < count; i++) {
        char range[24] = "";
        if (p[i].max)
            snprintf(range, sizeof range, " 0..%u", p[i].max);
        printf("param:      %s=<%s%s> (default %s): %s\n", p[i].name, mica_param_type_name(p[i].type),
               range, p[i].default_value[0] ? p[i].default_value : "\"\"", p[i].help);
    }
}
