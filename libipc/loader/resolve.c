/* Binds a decoded image to the runtime: the ABI major must match, every import
 * must be exported with the ABI hash the image recorded, and weak imports the
 * runtime lacks (or the image recorded no hash for) become 0. Then gives every
 * symbol its final address. */

#include "loader_internal.h"

/* Index of the runtime export called name, or rt->export_count. */
static uint32_t find_export(const struct loader_runtime *rt, const char *name,
                            struct mica_export_entry *out)
{
    for (uint32_t i = 0; i < rt->export_count; i++) {
        loader_runtime_export(rt, i, out);
        if (loader_streq(out->name, name))
            return i;
    }
    return rt->export_count;
}

static bool bind_import(struct loader_image *img, const struct loader_runtime *rt,
                        uint32_t index, struct loader_error *err)
{
    struct loader_symbol *sym = &img->symbols[index];
    const char *name = loader_symbol_name(img, index);
    struct mica_export_entry export;
    uint32_t v = loader_find_version(img, name);
    bool weak = (sym->flags & LOADER_SYMBOL_WEAK) != 0;
    /* A weak import without a hash was absent when the image was built; it
     * stays absent even if this runtime has it, as its ABI is unchecked. */
    if (find_export(rt, name, &export) == rt->export_count || (weak && v == img->version_count)) {
        if (!weak)
            return loader_fail(err, "symbol %s: not exported by the runtime", name);
        sym->value = 0;
        sym->flags |= LOADER_SYMBOL_RESOLVED | LOADER_SYMBOL_ABSENT;
        return true;
    }
    LOADER_ASSERT(v < img->version_count, "decode_versions found a hash for every strong import");
    struct mica_version_entry version;
    loader_read_version(img, v, &version);
    if (version.abi_hash != export.abi_hash)
        return loader_fail(err, "symbol %s: ABI hash mismatch (image %08x, runtime %08x)", name,
                           version.abi_hash, export.abi_hash);
    sym->value = export.address;
    sym->flags |= LOADER_SYMBOL_RESOLVED;
    return true;
}

bool loader_bind(struct loader_image *img, const struct loader_runtime *rt,
                 struct loader_error *err)
{
    const struct mica_server_manifest *m = &img->manifest;
    LOADER_ASSERT(img->is_server, "only a decoded server image has a manifest");
    img->runtime = NULL;
    if (m->abi_major != rt->abi_major)
        return loader_fail(err, "runtime ABI major %u, image built for %u.%u", rt->abi_major,
                           m->abi_major, m->abi_minor);
    /* A newer minor may export symbols this runtime lacks; the hashes would
     * catch those one by one, this says it plainly. */
    if (m->abi_minor > rt->abi_minor)
        return loader_fail(err, "image needs runtime ABI %u.%u, runtime is %u.%u", m->abi_major,
                           m->abi_minor, rt->abi_major, rt->abi_minor);
    for (uint32_t i = 1; i < img->symbol_count; i++)
        if ((img->symbols[i].flags & LOADER_SYMBOL_IMPORT) != 0 && !bind_import(img, rt, i, err))
            return false;
    img->runtime = rt;
    return true;
}

uint64_t loader_symbol_address(const struct loader_image *img, uint32_t index)
{
    const struct loader_symbol *sym = &img->symbols[index];
    if (index == 0)
        return 0;
    if ((sym->flags & LOADER_SYMBOL_IMPORT) != 0) {
        LOADER_ASSERT((sym->flags & LOADER_SYMBOL_RESOLVED) != 0, "imports bound before use");
        return sym->value;
    }
    if (sym->shndx == ELF_SHN_ABS)
        return sym->value;
    return loader_section_vaddr(img, sym->shndx) + sym->value;
}
