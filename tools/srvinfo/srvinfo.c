/* srvinfo: what modinfo is to Linux modules, for Mica server images. Prints
 * the signer, the manifest, the named parameters, imports, sections and
 * relocation counts; --check
 * runs the loader's part of init's load (decode, manifest and ABI checks,
 * binding, placement, relocation) and, given trusted keys (--key), init's
 * signature check, not its check of the device grants; --link-at writes the relocated image as a flat file (the
 * bytes init would map at that address); --gdb prints the gdb command that
 * loads the image's symbols where the loader places them. */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/image_signature.h>
#include <mica/loader.h>

#include "../common/file.h"
#include "params.h"
#include "../../servers/init/trust.h"

static const char usage[] =
    "usage: srvinfo [options] <image>\n"
    "  (no option)            print the signer (key id, whether the signature\n"
    "                         verifies), manifest, parameters (args=\"...\"),\n"
    "                         imports, sections, relocations\n"
    "  --check                run the loader's checks init runs (format, manifest,\n"
    "                         ABI, imports, relocations, parameter declarations;\n"
    "                         not the device grants);\n"
    "                         exit 0 if accepted, 1 with the one-line reason if\n"
    "                         refused\n"
    "  --key <file>           a trusted public key (32 raw bytes, as in the\n"
    "                         initrd's etc/keys/); repeatable. --check then also\n"
    "                         runs init's signature check\n"
    "  --runtime <file>       the runtime image (static ELF) to bind against;\n"
    "                         needed for an image that imports anything\n"
    "  --link-at <addr>       place the image at addr (default for --check: 0x%x)\n"
    "  -o <file>              with --link-at, write the relocated image there, from\n"
    "                         addr to the end of its last region with contents\n"
    "  --gdb                  print gdb's add-symbol-file command for the image\n"
    "                         placed as init places it (or at --link-at)\n"
    "  -h, --help             this text\n"
    "Exit status: 0 accepted, 1 refused or unreadable, 2 bad usage.\n";

struct options {
    struct trust_store keys;
    bool check;
    bool gdb;
    const char *runtime;
    bool link;
    uint64_t base;
    const char *output;
    const char *image;
};

static int refuse(const char *image, const char *why)
{
    fprintf(stderr, "srvinfo|error: %s: %s\n", image, why);
    return 1;
}

static bool add_key(struct trust_store *keys, const char *path)
{
    size_t size;
    const char *why = strerror(errno);
    uint8_t *key = tool_read_file(path, &size);
    bool ok = key != NULL && trust_add_key(keys, key, size, &why) == 0;
    if (!ok)
        fprintf(stderr, "srvinfo|error: %s: %s\n", path, key ? why : strerror(errno));
    free(key);
    return ok;
}

/* Says what is wrong with the command line (the usage follows it), so a
 * mistyped option is named rather than left to be found in the usage. */
static bool bad_usage(const char *format, ...) __attribute__((format(printf, 1, 2)));
static bool bad_usage(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    fputs("srvinfo|error: ", stderr);
    vfprintf(stderr, format, ap);
    fputc('\n', stderr);
    va_end(ap);
    return false;
}

static bool parse_options(int argc, char **argv, struct options *o)
{
    *o = (struct options){ .base = MICA_SERVER_BASE };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--check") == 0) {
            o->check = true;
        } else if (strcmp(a, "--gdb") == 0) {
            o->gdb = true;
        } else if (!has_value && (strcmp(a, "--key") == 0 || strcmp(a, "--runtime") == 0 ||
                                  strcmp(a, "--link-at") == 0 || strcmp(a, "-o") == 0)) {
            return bad_usage("%s needs a value", a);
        } else if (strcmp(a, "--key") == 0) {
            if (!add_key(&o->keys, argv[++i]))
                return false;
        } else if (strcmp(a, "--runtime") == 0) {
            o->runtime = argv[++i];
        } else if (strcmp(a, "--link-at") == 0) {
            char *end;
            errno = 0;
            o->base = strtoull(argv[++i], &end, 0);
            if (errno != 0 || *end != '\0' || argv[i][0] == '\0' || argv[i][0] == '-')
                return bad_usage("--link-at: '%s' is not an address", argv[i]);
            o->link = true;
        } else if (strcmp(a, "-o") == 0) {
            o->output = argv[++i];
        } else if (a[0] == '-') {
            return bad_usage("unknown option '%s'", a);
        } else if (o->image != NULL) {
            return bad_usage("one image at a time: '%s' and '%s'", o->image, a);
        } else {
            o->image = a;
        }
    }
    if (o->image == NULL)
        return bad_usage("no image given");
    if (o->output != NULL && !o->link)
        return bad_usage("-o needs --link-at");
    return true;
}

static const char *region_name(enum loader_region_kind r)
{
    static const char *const names[] = { "text", "rodata", "data", "-" };
    return names[r];
}

/* The signer line: key id, whether the signature verifies, and whether the
 * key is among --key's. */
static void print_signer(const uint8_t *data, size_t size, const struct trust_store *keys)
{
    struct image_signature sig;
    int r = image_signature_find(data, size, &sig);
    if (r < 0) {
        printf("signer:     - (%s)\n", r == -MICA_ENOENT ? "unsigned" : "malformed signature trailer");
        return;
    }
    char id[IMAGE_KEY_ID_HEX_SIZE];
    image_key_id(sig.public_key, id);
    enum ed25519_result v = ed25519_verify(sig.signature, data, sig.payload_size, sig.public_key);
    bool trusted = trust_has_key(keys, sig.public_key);
    printf("signer:     key %s (%s%s)\n", id, ed25519_result_text(v),
           keys->count == 0 ? "" : trusted ? ", trusted" : ", not a --key");
}

/* The bytes the loader reads: all of an unsigned image, the payload of a
 * signed one. */
static size_t payload_size(const uint8_t *data, size_t size)
{
    struct image_signature sig;
    return image_signature_find(data, size, &sig) == 0 ? sig.payload_size : size;
}

static void print_image(const struct loader_image *img, const char *path)
{
    const struct mica_server_manifest *m = &img->manifest;
    printf("file:       %s\n", path);
    printf("name:       %s\n", m->name);
    printf("version:    %u.%u.%u\n", MICA_VERSION_MAJOR(m->version), MICA_VERSION_MINOR(m->version),
           MICA_VERSION_PATCH(m->version));
    printf("manifest:   version %u, runtime ABI %u.%u\n", m->manifest_version, m->abi_major,
           m->abi_minor);
    printf("schemes:   ");
    unsigned schemes = 0;
    for (unsigned i = 0; i < MICA_MANIFEST_SCHEMES_MAX; i++)
        if (m->schemes[i][0] != '\0')
            printf(" %s:", m->schemes[i]), schemes++;
    printf("%s\n", schemes == 0 ? " -" : "");
    printf("compatible:");
    /* The loader checked that every string of the list ends in the field. */
    for (size_t pos = 0; pos < sizeof m->compatible && m->compatible[pos] != '\0';
         pos += strlen(m->compatible + pos) + 1)
        printf("%s %s", pos ? "," : "", m->compatible + pos);
    printf("%s\n", m->compatible[0] != '\0' ? "" : " -");
    printf("virtio-id:  %u\n", m->virtio_device_id);
    printf("resources:  irqs %u, mmio %u, dma %llu, heap %llu, stack %llu, priority %u\n",
           m->irq_count, m->mmio_region_count, (unsigned long long)m->dma_bytes,
           (unsigned long long)m->heap_bytes, (unsigned long long)m->stack_bytes, m->priority);
    printf("entry:      %s\n", m->entry);
    params_print(img->data, img->size);
    printf("isa:        %s\n", img->isa != NULL ? img->isa : "-");
    printf("imports:    %u\n", img->import_count);
    for (uint32_t i = 0; i < img->import_count; i++) {
        struct loader_import_info import;
        loader_import_info(img, i, &import);
        printf("  %-32s %08x%s\n", import.name, import.abi_hash, import.weak ? " weak" : "");
    }
    printf("sections:   %u\n", img->section_count);
    printf("  %4s %-24s %-6s %10s %6s %7s\n", "idx", "name", "region", "size", "align", "relocs");
    for (uint32_t i = 1; i < img->section_count; i++) {
        struct loader_section_info s;
        loader_section_info(img, i, &s);
        printf("  %4u %-24s %-6s %#10llx %6llu %7u\n", i, s.name, region_name(s.region),
               (unsigned long long)s.size, (unsigned long long)s.alignment, s.relocation_count);
    }
}

/* Every placed section at its address: gdb then reads the image's own debug
 * information, relocated by gdb as the loader relocated the code. */
static void print_gdb_command(const struct loader_image *img, const char *path)
{
    printf("add-symbol-file %s", path);
    for (uint32_t i = 1; i < img->section_count; i++) {
        struct loader_section_info s;
        loader_section_info(img, i, &s);
        if (s.vaddr != 0)
            printf(" -s %s 0x%llx", s.name, (unsigned long long)s.vaddr);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    struct options o;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf(usage, MICA_SERVER_BASE);
        return 0;
    }
    if (!parse_options(argc, argv, &o)) {
        fprintf(stderr, usage, MICA_SERVER_BASE);
        return 2;
    }

    size_t size;
    void *data = tool_read_file(o.image, &size);
    if (data == NULL)
        return refuse(o.image, strerror(errno));
    struct loader_error err;
    struct loader_runtime rt = { .abi_major = MICA_RUNTIME_ABI_MAJOR,
                                 .abi_minor = MICA_RUNTIME_ABI_MINOR };
    void *rt_data = NULL;
    if (o.runtime != NULL) {
        size_t rt_size;
        rt_data = tool_read_file(o.runtime, &rt_size);
        if (rt_data == NULL)
            return refuse(o.runtime, strerror(errno));
        if (!loader_decode_runtime(&rt, rt_data, payload_size(rt_data, rt_size), &err))
            return refuse(o.runtime, err.text);
    }

    size_t payload = payload_size(data, size);
    if (o.check && o.keys.count > 0) {
        char why[LOADER_ERROR_MAX];
        if (trust_check_image(&o.keys, data, size, &payload, why, sizeof why) < 0)
            return refuse(o.image, why);
    }
    size_t scratch_size = LOADER_SCRATCH_BOUND(payload);
    void *scratch = malloc(scratch_size);
    struct loader_image img;
    if (scratch == NULL)
        return refuse(o.image, "out of memory");
    if (!loader_decode_image(&img, data, payload, scratch, scratch_size, &err))
        return refuse(o.image, err.text);
    char params_why[160];
    if (o.check && params_check(data, payload, params_why, sizeof params_why) < 0)
        return refuse(o.image, params_why);
    if (!o.check && !o.link && !o.gdb) {
        print_image(&img, o.image);
        print_signer(data, size, &o.keys);
        return 0;
    }

    if (o.runtime == NULL && img.import_count > 0) {
        char why[96];
        snprintf(why, sizeof why, "imports %u symbol(s): give the runtime to bind them against "
                 "(--runtime <rt.elf>)", img.import_count);
        return refuse(o.image, why);
    }
    if (!loader_bind(&img, &rt, &err) || !loader_place(&img, o.base, &err))
        return refuse(o.image, err.text);
    uint8_t *dest = calloc(1, img.layout.total_size + 1);
    if (dest == NULL)
        return refuse(o.image, "out of memory");
    if (!loader_link(&img, dest, img.layout.total_size, &err))
        return refuse(o.image, err.text);
    if (o.output != NULL && !tool_write_file(o.output, dest, img.layout.file_size))
        return refuse(o.output, strerror(errno));
    if (o.gdb)
        print_gdb_command(&img, o.image);
    if (o.check)
        printf("srvinfo|info: %s: accepted (entry 0x%llx, %llu bytes at 0x%llx)\n", o.image,
               (unsigned long long)img.layout.entry, (unsigned long long)img.layout.total_size,
               (unsigned long long)img.layout.base);
    free(dest);
    free(scratch);
    free(data);
    free(rt_data);
    return 0;
}
