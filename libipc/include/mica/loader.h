/* The server image loader: decodes an untrusted ET_REL server image, checks it
 * against the runtime's export table, lays it out and relocates it in memory
 * the caller provides. Shared by init (freestanding) and the host tools. */

#ifndef MICA_LOADER_H
#define MICA_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mica/runtime_exports.h>
#include <mica/server_manifest.h>
#include <mica/server_versions.h>

#define LOADER_PAGE_SIZE 4096 /* plain: also read by linker scripts */
/* Bound on the laid-out size of one image: refuses absurd NOBITS sizes. */
#define LOADER_MAX_IMAGE_BYTES (256u << 20)
#define LOADER_ERROR_MAX 160
#define LOADER_RUNTIME_MAX_SEGMENTS 4
/* Scratch memory loader_decode_image never needs more than, for an image of
 * image_size bytes (its tables are smaller than the ELF tables they index). */
#define LOADER_SCRATCH_BOUND(image_size) (2 * (size_t)(image_size) + 64)

/* One line of text, no newline: why an image or runtime was refused. */
struct loader_error {
    char text[LOADER_ERROR_MAX];
};

enum loader_region_kind {
    LOADER_REGION_TEXT,   /* read + execute */
    LOADER_REGION_RODATA, /* read only */
    LOADER_REGION_DATA,   /* read + write: GOT, data, bss */
    LOADER_REGION_COUNT,
    LOADER_REGION_NONE = LOADER_REGION_COUNT, /* not loaded */
};

struct loader_region {
    uint64_t vaddr; /* page-aligned */
    uint64_t size;  /* bytes used, not rounded to pages */
};

struct loader_layout {
    uint64_t base;
    struct loader_region regions[LOADER_REGION_COUNT];
    uint64_t total_size; /* page-rounded span from base the caller maps */
    uint64_t file_size;  /* span from base holding contents (see docs/servers.md) */
    uint64_t entry;      /* address of the manifest's entry symbol */
    uint64_t got_vaddr;  /* 0 when the image uses no GOT */
    uint32_t got_slots;
};

struct loader_runtime_segment {
    uint64_t vaddr;
    uint64_t file_offset;
    uint64_t file_size;
    uint64_t mem_size;
    uint32_t flags; /* ELF PF_R / PF_W / PF_X */
};

/* A decoded runtime image; points into the caller's copy of its ELF. */
struct loader_runtime {
    const uint8_t *elf;
    size_t elf_size;
    uint64_t exports_offset; /* file offset of entries[0] */
    uint32_t export_count;
    uint16_t abi_major;
    uint16_t abi_minor;
    struct loader_runtime_segment segments[LOADER_RUNTIME_MAX_SEGMENTS];
    uint32_t segment_count;
};

struct loader_section;
struct loader_symbol;

/* A decoded server image. Fields are the loader's; use the functions below. */
struct loader_image {
    const uint8_t *data;
    size_t size;
    struct loader_section *sections; /* in the caller's scratch memory */
    struct loader_symbol *symbols;   /* in the caller's scratch memory */
    uint32_t section_count;
    uint32_t symtab_index;
    uint32_t strtab_index;
    uint32_t symbol_count;
    uint32_t manifest_index;
    uint32_t versions_index;
    uint32_t version_count;
    uint32_t import_count;
    uint32_t got_slot_count;
    uint32_t entry_symbol;
    const char *isa; /* Tag_RISCV_arch, NULL if the image has none */
    struct mica_server_manifest manifest;
    const struct loader_runtime *runtime; /* set by loader_bind */
    struct loader_layout layout;          /* set by loader_place */
    bool placed;
    bool is_server; /* decoded by loader_decode_image, not just as an object */
};

/* Decodes the runtime ELF (ET_EXEC with a .mica.exports section). The ELF must
 * stay in memory, unchanged, as long as rt is used. */
bool loader_decode_runtime(struct loader_runtime *rt, const void *elf, size_t size,
                           struct loader_error *err);

/* Copies export i (< rt->export_count) out of the runtime. */
void loader_runtime_export(const struct loader_runtime *rt, uint32_t i,
                           struct mica_export_entry *out);

/* The validation boundary: checks every header, offset, size, index, string,
 * relocation, the manifest, the versions and the ISA of an image. scratch
 * (LOADER_SCRATCH_BOUND(size) bytes always suffice) and data must outlive img. */
bool loader_decode_image(struct loader_image *img, const void *data, size_t size,
                         void *scratch, size_t scratch_size, struct loader_error *err);

/* The object half of loader_decode_image, for build tools that read a server
 * before its versions section exists: ELF structure, relocations, ISA. An
 * image decoded only this way can be inspected, never bound or linked. */
bool loader_decode_object(struct loader_image *img, const void *data, size_t size,
                          void *scratch, size_t scratch_size, struct loader_error *err);

/* Resolves the image's imports against the runtime: refuses a missing import,
 * an ABI hash mismatch and a different runtime ABI major. */
bool loader_bind(struct loader_image *img, const struct loader_runtime *rt,
                 struct loader_error *err);

/* Computes the layout at base (page-aligned) into img->layout. */
bool loader_place(struct loader_image *img, uint64_t base, struct loader_error *err);

/* Writes the relocated image into dest, which the caller maps at
 * img->layout.base; dest_size >= img->layout.total_size. Fails only when a
 * relocated value does not fit its field (e.g. a branch out of reach). */
bool loader_link(struct loader_image *img, void *dest, size_t dest_size,
                 struct loader_error *err);

/* Decode, bind, place and link in one go. */
bool loader_load(struct loader_image *img, const void *data, size_t size, void *scratch,
                 size_t scratch_size, const struct loader_runtime *rt, uint64_t base,
                 void *dest, size_t dest_size, struct loader_error *err);

/* Introspection for srvinfo and init's shell; valid after either decode. */
struct loader_section_info {
    const char *name;
    uint32_t type;
    uint64_t flags;
    uint64_t size;
    uint64_t alignment;
    uint32_t relocation_count; /* of the RELA section that applies to it */
    enum loader_region_kind region;
    uint64_t vaddr; /* 0 until placed */
};

struct loader_import_info {
    const char *name;
    uint32_t abi_hash; /* recorded in .mica.versions */
    bool weak;
    bool versioned; /* false: no .mica.versions entry (yet), abi_hash is 0 */
};

void loader_section_info(const struct loader_image *img, uint32_t index,
                         struct loader_section_info *out);
/* Imports are numbered 0 .. img->import_count - 1 in symbol table order. */
void loader_import_info(const struct loader_image *img, uint32_t index,
                        struct loader_import_info *out);
/* "R_RISCV_CALL", or NULL for a number the loader does not know. */
const char *loader_relocation_name(uint32_t type);

#endif
