/* Reading and patching ELF images for the loader tests (see image_edit.h). */

#include "image_edit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct image image_read_build_file(const char *relative)
{
    const char *build = getenv("MICA_BUILD");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", build != NULL ? build : "build", relative);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s (run through make test-host)", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    struct image img = { malloc((size_t)size + 1), (size_t)size };
    assert_non_null(img.data);
    assert_int_equal(fread(img.data, 1, img.size, f), img.size);
    fclose(f);
    return img;
}

struct image image_copy(struct image img)
{
    struct image copy = { malloc(img.size + 1), img.size };
    assert_non_null(copy.data);
    memcpy(copy.data, img.data, img.size);
    return copy;
}

void image_free(struct image *img)
{
    free(img->data);
    img->data = NULL;
}

Elf64_Ehdr *image_ehdr(struct image img)
{
    return (Elf64_Ehdr *)img.data;
}

Elf64_Shdr *image_section_header(struct image img, unsigned index)
{
    Elf64_Ehdr *eh = image_ehdr(img);
    assert_true(index < eh->e_shnum);
    return (Elf64_Shdr *)(img.data + eh->e_shoff) + index;
}

const char *image_section_name(struct image img, unsigned index)
{
    Elf64_Shdr *names = image_section_header(img, image_ehdr(img)->e_shstrndx);
    return (const char *)img.data + names->sh_offset + image_section_header(img, index)->sh_name;
}

unsigned image_section_index(struct image img, const char *name)
{
    for (unsigned i = 0; i < image_ehdr(img)->e_shnum; i++)
        if (strcmp(image_section_name(img, i), name) == 0)
            return i;
    fail_msg("no section %s", name);
    return 0;
}

Elf64_Shdr *image_section(struct image img, const char *name)
{
    return image_section_header(img, image_section_index(img, name));
}

void *image_section_data(struct image img, const char *name)
{
    return img.data + image_section(img, name)->sh_offset;
}

Elf64_Rela *image_relas(struct image img, const char *name, size_t *count)
{
    Elf64_Shdr *sh = image_section(img, name);
    *count = sh->sh_size / sizeof(Elf64_Rela);
    return (Elf64_Rela *)(img.data + sh->sh_offset);
}

Elf64_Rela *image_find_rela(struct image img, const char *name, uint32_t type)
{
    size_t count;
    Elf64_Rela *r = image_relas(img, name, &count);
    for (size_t i = 0; i < count; i++)
        if (ELF64_R_TYPE(r[i].r_info) == type)
            return &r[i];
    fail_msg("no relocation of type %u in %s", type, name);
    return NULL;
}

static Elf64_Shdr *symtab(struct image img, size_t *count)
{
    Elf64_Shdr *sh = image_section(img, ".symtab");
    *count = sh->sh_size / sizeof(Elf64_Sym);
    return sh;
}

unsigned image_symbol_index(struct image img, const char *name)
{
    size_t count;
    Elf64_Shdr *sh = symtab(img, &count);
    Elf64_Shdr *strings = image_section_header(img, sh->sh_link);
    Elf64_Sym *syms = (Elf64_Sym *)(img.data + sh->sh_offset);
    for (unsigned i = 0; i < count; i++)
        if (strcmp((const char *)img.data + strings->sh_offset + syms[i].st_name, name) == 0)
            return i;
    fail_msg("no symbol %s", name);
    return 0;
}

Elf64_Sym *image_symbol(struct image img, const char *name)
{
    size_t count;
    Elf64_Shdr *sh = symtab(img, &count);
    return (Elf64_Sym *)(img.data + sh->sh_offset) + image_symbol_index(img, name);
}

void image_replace_text(struct image img, const char *section, const char *from, const char *to)
{
    Elf64_Shdr *sh = image_section(img, section);
    size_t n = strlen(from);
    assert_int_equal(n, strlen(to));
    uint8_t *p = img.data + sh->sh_offset;
    for (size_t i = 0; i + n <= sh->sh_size; i++)
        if (memcmp(p + i, from, n) == 0) {
            memcpy(p + i, to, n);
            return;
        }
    fail_msg("no \"%s\" in %s", from, section);
}
