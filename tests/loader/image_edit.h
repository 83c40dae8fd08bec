/* Test helpers that read and patch server images with the host's <elf.h>,
 * independently of the loader, to build malformed variants of good images. */

#ifndef TESTS_LOADER_IMAGE_EDIT_H
#define TESTS_LOADER_IMAGE_EDIT_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* psABI numbers newer than the host's <elf.h>; the tests name relocations
 * independently of the loader's own table on purpose. */
#ifndef R_RISCV_SET_ULEB128
#define R_RISCV_SET_ULEB128 60
#define R_RISCV_SUB_ULEB128 61
#endif

struct image {
    uint8_t *data;
    size_t size;
};

/* Reads $MICA_BUILD/<relative>; fails the test if it cannot. */
struct image image_read_build_file(const char *relative);
struct image image_copy(struct image img);
void image_free(struct image *img);

Elf64_Ehdr *image_ehdr(struct image img);
Elf64_Shdr *image_section_header(struct image img, unsigned index);
/* Index of the section called name; fails the test if there is none. */
unsigned image_section_index(struct image img, const char *name);
Elf64_Shdr *image_section(struct image img, const char *name);
void *image_section_data(struct image img, const char *name);
const char *image_section_name(struct image img, unsigned index);
/* Entries of the RELA section called name, and their count. */
Elf64_Rela *image_relas(struct image img, const char *name, size_t *count);
/* The first relocation of type in section name; fails the test if none. */
Elf64_Rela *image_find_rela(struct image img, const char *name, uint32_t type);
Elf64_Sym *image_symbol(struct image img, const char *name);
unsigned image_symbol_index(struct image img, const char *name);
/* Replaces the first occurrence of text inside section name (same length). */
void image_replace_text(struct image img, const char *section, const char *from, const char *to);

#endif
