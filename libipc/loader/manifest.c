/* Decodes the two sections that make an ET_REL object a server image: the
 * manifest (.mica.manifest) and the ABI hashes of its imports
 * (.mica.versions). Part of the validation boundary. */

#include "loader_internal.h"

/* Index of the one section called name; 0 if none, fails on two. */
static bool find_unique_section(const struct loader_image *img, const char *name,
                                uint32_t *index, struct loader_error *err)
{
    *index = 0;
    for (uint32_t i = 1; i < img->section_count; i++) {
        if (!loader_streq(img->sections[i].name, name))
            continue;
        if (*index != 0)
            return loader_fail(err, "two %s sections", name);
        *index = i;
    }
    return true;
}

static bool terminated(const char *field, size_t size)
{
    return loader_strnlen(field, size) < size;
}

/* The compatible field is a list (see server_manifest.h): every string in
 * it must end inside the field. */
static bool list_terminated(const char *field, size_t size)
{
    size_t pos = 0;
    while (pos < size && field[pos] != '\0') {
        size_t len = loader_strnlen(field + pos, size - pos);
        if (len == size - pos)
            return false;
        pos += len + 1;
    }
    return true;
}

static bool decode_manifest_strings(const struct mica_server_manifest *m,
                                    struct loader_error *err)
{
    if (!terminated(m->name, sizeof m->name) || m->name[0] == '\0')
        return loader_fail(err, "manifest: name empty or unterminated");
    for (unsigned i = 0; i < MICA_MANIFEST_SCHEMES_MAX; i++)
        if (!terminated(m->schemes[i], sizeof m->schemes[i]))
            return loader_fail(err, "manifest: scheme %u unterminated", i);
    if (!list_terminated(m->compatible, sizeof m->compatible))
        return loader_fail(err, "manifest: compatible unterminated");
    if (!terminated(m->entry, sizeof m->entry) || m->entry[0] == '\0')
        return loader_fail(err, "manifest: entry symbol empty or unterminated");
    return true;
}

/* The entry must be code the image defines; a global wins over a local. */
static bool decode_entry(struct loader_image *img, struct loader_error *err)
{
    img->entry_symbol = 0;
    for (uint32_t i = 1; i < img->symbol_count; i++) {
        const struct loader_symbol *sym = &img->symbols[i];
        if (sym->shndx == ELF_SHN_UNDEF || sym->shndx >= img->section_count ||
            (img->sections[sym->shndx].flags & (ELF_SHF_ALLOC | ELF_SHF_EXECINSTR)) !=
                (ELF_SHF_ALLOC | ELF_SHF_EXECINSTR) ||
            !loader_streq(loader_symbol_name(img, i), img->manifest.entry))
            continue;
        if (img->entry_symbol == 0 || i >= img->sections[img->symtab_index].info)
            img->entry_symbol = i;
    }
    if (img->entry_symbol == 0)
        return loader_fail(err, "manifest: entry symbol %s not defined in the image's code",
                           img->manifest.entry);
    return true;
}

bool loader_decode_manifest(struct loader_image *img, struct loader_error *err)
{
    if (!find_unique_section(img, MICA_MANIFEST_SECTION, &img->manifest_index, err))
        return false;
    if (img->manifest_index == 0)
        return loader_fail(err, "no %s section: not a server image", MICA_MANIFEST_SECTION);
    const struct loader_section *s = &img->sections[img->manifest_index];
    if (s->type != ELF_SHT_PROGBITS || s->size != sizeof img->manifest)
        return loader_fail(err, "manifest: section size %lu, expected %lu",
                           (unsigned long)s->size, (unsigned long)sizeof img->manifest);
    loader_copy(&img->manifest, img->data + s->offset, sizeof img->manifest);
    const struct mica_server_manifest *m = &img->manifest;
    if (m->magic != MICA_MANIFEST_MAGIC)
        return loader_fail(err, "manifest: bad magic 0x%08x", m->magic);
    if (m->manifest_version != MICA_MANIFEST_VERSION)
        return loader_fail(err, "manifest: version %u unsupported (loader reads %u)",
                           m->manifest_version, MICA_MANIFEST_VERSION);
    /* A quiesce step needs a device's registers, and stays in their first
     * page (all that init maps to carry it out). */
    if (m->quiesce != 0 &&
        (!(m->quiesce & MICA_QUIESCE_WRITE_ZERO_FLAG) ||
         (m->quiesce & ~(MICA_QUIESCE_WRITE_ZERO_FLAG | 0xffcu)) || m->mmio_region_count == 0))
        return loader_fail(err, "manifest: quiesce 0x%08x is not a register write in the "
                           "device's first page", m->quiesce);
    return decode_manifest_strings(m, err) && decode_entry(img, err);
}

void loader_read_version(const struct loader_image *img, uint32_t index,
                         struct mica_version_entry *out)
{
    LOADER_ASSERT(index < img->version_count, "version index inside the checked section");
    loader_copy(out,
                img->data + img->sections[img->versions_index].offset +
                    (uint64_t)index * sizeof *out,
                sizeof *out);
}

/* Index of the versions entry for name, or version_count if there is none. */
uint32_t loader_find_version(const struct loader_image *img, const char *name)
{
    for (uint32_t v = 0; v < img->version_count; v++) {
        struct mica_version_entry e;
        loader_read_version(img, v, &e);
        if (loader_streq(e.name, name))
            return v;
    }
    return img->version_count;
}

bool loader_decode_versions(struct loader_image *img, struct loader_error *err)
{
    if (!find_unique_section(img, MICA_VERSIONS_SECTION, &img->versions_index, err))
        return false;
    img->version_count = 0;
    if (img->versions_index != 0) {
        const struct loader_section *s = &img->sections[img->versions_index];
        if (s->type != ELF_SHT_PROGBITS || s->size % sizeof(struct mica_version_entry) != 0)
            return loader_fail(err, "%s: size %lu not a multiple of %lu", MICA_VERSIONS_SECTION,
                               (unsigned long)s->size,
                               (unsigned long)sizeof(struct mica_version_entry));
        img->version_count = (uint32_t)(s->size / sizeof(struct mica_version_entry));
    }
    for (uint32_t v = 0; v < img->version_count; v++) {
        struct mica_version_entry e;
        loader_read_version(img, v, &e);
        if (!terminated(e.name, sizeof e.name) || e.name[0] == '\0' || e.reserved != 0)
            return loader_fail(err, "%s: entry %u malformed", MICA_VERSIONS_SECTION, v);
        /* The first entry with this name must be this one. */
        if (loader_find_version(img, e.name) != v)
            return loader_fail(err, "%s: symbol %s listed twice", MICA_VERSIONS_SECTION, e.name);
    }
    /* A weak import may lack a hash: the runtime it was built against did not
     * export it, and it binds as absent (see bind_import). */
    for (uint32_t i = 1; i < img->symbol_count; i++) {
        if ((img->symbols[i].flags & LOADER_SYMBOL_IMPORT) == 0 ||
            (img->symbols[i].flags & LOADER_SYMBOL_WEAK) != 0)
            continue;
        const char *name = loader_symbol_name(img, i);
        if (loader_find_version(img, name) == img->version_count)
            return loader_fail(err, "symbol %s: no ABI hash in %s", name, MICA_VERSIONS_SECTION);
    }
    return true;
}
