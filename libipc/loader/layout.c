/* Where each loaded section goes. The rule, which the linker script
 * libipc/loader/server.ld.S states for ld as well: three regions from the base, each
 * starting on a page; text (executable sections), rodata (the other read-only
 * ones), data (the GOT, then writable sections); inside a region, sections in
 * section-table order, each at its own alignment. */

#include "loader_internal.h"

/* GOT: one reserved slot (ld's header, always 0 here), then one per symbol. */
#define GOT_SLOT_BYTES 8u

static uint64_t got_bytes(const struct loader_image *img)
{
    return img->got_slot_count == 0 ? 0 : (uint64_t)(img->got_slot_count + 1) * GOT_SLOT_BYTES;
}

static enum loader_region_kind region_of(const struct loader_section *s)
{
    if ((s->flags & ELF_SHF_ALLOC) == 0)
        return LOADER_REGION_NONE;
    if ((s->flags & ELF_SHF_EXECINSTR) != 0)
        return LOADER_REGION_TEXT;
    if ((s->flags & ELF_SHF_WRITE) != 0)
        return LOADER_REGION_DATA;
    return LOADER_REGION_RODATA;
}

bool loader_decode_layout(struct loader_image *img, struct loader_error *err)
{
    uint64_t cursor[LOADER_REGION_COUNT] = { 0, 0, got_bytes(img) };
    for (uint32_t i = 1; i < img->section_count; i++) {
        struct loader_section *s = &img->sections[i];
        s->region = (uint8_t)region_of(s);
        if (s->region == LOADER_REGION_NONE)
            continue;
        /* decode_loaded_section bounded size and alignment, so no overflow:
         * 65535 sections of at most 256 MiB each stay far below 2^64. */
        cursor[s->region] = loader_align_up(cursor[s->region], s->alignment);
        s->region_offset = cursor[s->region];
        cursor[s->region] += s->size;
    }
    uint64_t total = 0;
    for (unsigned r = 0; r < LOADER_REGION_COUNT; r++) {
        img->layout.regions[r].size = cursor[r];
        total += loader_align_up(cursor[r], LOADER_PAGE_SIZE);
    }
    if (total > LOADER_MAX_IMAGE_BYTES)
        return loader_fail(err, "image needs 0x%lx bytes of memory, limit 0x%x",
                           (unsigned long)total, LOADER_MAX_IMAGE_BYTES);
    return true;
}

uint64_t loader_section_vaddr(const struct loader_image *img, uint32_t index)
{
    const struct loader_section *s = &img->sections[index];
    LOADER_ASSERT(img->placed && s->region < LOADER_REGION_COUNT, "placed, loaded section");
    return img->layout.regions[s->region].vaddr + s->region_offset;
}

/* A region is in the flat file when it holds anything but NOBITS: ld makes
 * the output section PROGBITS then, zero bytes of .bss included. */
static bool region_has_contents(const struct loader_image *img, enum loader_region_kind r)
{
    if (img->layout.regions[r].size == 0)
        return false;
    if (r == LOADER_REGION_DATA && img->got_slot_count != 0)
        return true;
    for (uint32_t i = 1; i < img->section_count; i++)
        if (img->sections[i].region == r && img->sections[i].type != ELF_SHT_NOBITS)
            return true;
    return false;
}

bool loader_place(struct loader_image *img, uint64_t base, struct loader_error *err)
{
    struct loader_layout *l = &img->layout;
    LOADER_ASSERT(img->is_server, "layout sizes come from loader_decode_image");
    if (base % LOADER_PAGE_SIZE != 0)
        return loader_fail(err, "base 0x%lx not page-aligned", (unsigned long)base);
    /* Total size is bounded by decode, so only the base can make this wrap. */
    if (base > UINT64_MAX - 2 * (uint64_t)LOADER_MAX_IMAGE_BYTES)
        return loader_fail(err, "base 0x%lx too high", (unsigned long)base);
    uint64_t cursor = base;
    for (unsigned r = 0; r < LOADER_REGION_COUNT; r++) {
        l->regions[r].vaddr = loader_align_up(cursor, LOADER_PAGE_SIZE);
        cursor = l->regions[r].vaddr + l->regions[r].size;
    }
    l->base = base;
    l->total_size = loader_align_up(cursor, LOADER_PAGE_SIZE) - base;
    l->file_size = 0;
    for (unsigned r = 0; r < LOADER_REGION_COUNT; r++)
        if (region_has_contents(img, r))
            l->file_size = l->regions[r].vaddr + l->regions[r].size - base;
    l->got_slots = img->got_slot_count;
    l->got_vaddr = img->got_slot_count == 0 ? 0 : l->regions[LOADER_REGION_DATA].vaddr;
    img->placed = true;
    l->entry = loader_symbol_address(img, img->entry_symbol);
    return true;
}
