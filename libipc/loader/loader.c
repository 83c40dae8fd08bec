/* The loader's public entry points: the order of the steps (decode, bind,
 * place, link), copying sections into the caller's memory, and read-only
 * views of a decoded image for tools and init's shell. */

#include "loader_internal.h"

bool loader_decode_object(struct loader_image *img, const void *data, size_t size,
                          void *scratch, size_t scratch_size, struct loader_error *err)
{
    loader_zero(img, sizeof *img);
    img->data = data;
    img->size = size;
    err->text[0] = '\0';
    return loader_decode_elf(img, scratch, scratch_size, err) &&
           loader_decode_relocations(img, err) && loader_decode_attributes(img, err);
}

bool loader_decode_image(struct loader_image *img, const void *data, size_t size,
                         void *scratch, size_t scratch_size, struct loader_error *err)
{
    if (!loader_decode_object(img, data, size, scratch, scratch_size, err) ||
        !loader_decode_manifest(img, err) || !loader_decode_versions(img, err) ||
        !loader_decode_layout(img, err))
        return false;
    img->is_server = true;
    return true;
}

bool loader_link(struct loader_image *img, void *dest, size_t dest_size,
                 struct loader_error *err)
{
    LOADER_ASSERT(img->is_server && img->runtime != NULL && img->placed,
                  "decoded as a server, bound and placed before linking");
    if (dest_size < img->layout.total_size)
        return loader_fail(err, "destination of %lu bytes, image needs %lu",
                           (unsigned long)dest_size, (unsigned long)img->layout.total_size);
    uint8_t *out = dest;
    loader_zero(out, img->layout.total_size);
    for (uint32_t i = 1; i < img->section_count; i++) {
        const struct loader_section *s = &img->sections[i];
        if (s->region == LOADER_REGION_NONE || s->type == ELF_SHT_NOBITS)
            continue;
        loader_copy(out + (loader_section_vaddr(img, i) - img->layout.base),
                    img->data + s->offset, s->size);
    }
    /* GOT slot n holds its symbol's address; slot 0 is ld's reserved header. */
    for (uint32_t i = 0; i < img->symbol_count; i++) {
        uint32_t slot = img->symbols[i].got_slot;
        if (slot != 0)
            loader_write_le(out + (img->layout.got_vaddr - img->layout.base) + slot * 8u, 8,
                            loader_symbol_address(img, i));
    }
    return loader_apply_relocations(img, out, err);
}

bool loader_load(struct loader_image *img, const void *data, size_t size, void *scratch,
                 size_t scratch_size, const struct loader_runtime *rt, uint64_t base,
                 void *dest, size_t dest_size, struct loader_error *err)
{
    return loader_decode_image(img, data, size, scratch, scratch_size, err) &&
           loader_bind(img, rt, err) && loader_place(img, base, err) &&
           loader_link(img, dest, dest_size, err);
}

void loader_section_info(const struct loader_image *img, uint32_t index,
                         struct loader_section_info *out)
{
    LOADER_ASSERT(index < img->section_count, "section index inside the table");
    const struct loader_section *s = &img->sections[index];
    *out = (struct loader_section_info){
        .name = s->name,
        .type = s->type,
        .flags = s->flags,
        .size = s->size,
        .alignment = s->alignment,
        .relocation_count = s->relocation_count,
        .region = (enum loader_region_kind)s->region,
        .vaddr = img->placed && s->region != LOADER_REGION_NONE ? loader_section_vaddr(img, index)
                                                               : 0,
    };
}

void loader_import_info(const struct loader_image *img, uint32_t index,
                        struct loader_import_info *out)
{
    uint32_t seen = 0;
    for (uint32_t i = 1; i < img->symbol_count; i++) {
        const struct loader_symbol *sym = &img->symbols[i];
        if ((sym->flags & LOADER_SYMBOL_IMPORT) == 0 || seen++ != index)
            continue;
        const char *name = loader_symbol_name(img, i);
        *out = (struct loader_import_info){ name, 0, (sym->flags & LOADER_SYMBOL_WEAK) != 0,
                                            false };
        uint32_t v = loader_find_version(img, name);
        if (v < img->version_count) {
            struct mica_version_entry entry;
            loader_read_version(img, v, &entry);
            out->abi_hash = entry.abi_hash;
            out->versioned = true;
        }
        return;
    }
    LOADER_ASSERT(false, "import index below img->import_count");
}
