/* Loading a server image on the target: every check the signature and the
 * loader make happens before a single capability is created, so a
 * refused image costs nothing but its log line. */
#include "srv_load.h"

#include <stdio.h>
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/proc.h>
#include <mica/abi/cpio.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/sha512.h>

#include "checked_files.h"
#include "trust.h"

#define RW (MICA_RIGHT_READ | MICA_RIGHT_WRITE)
#define RX (MICA_RIGHT_READ | MICA_RIGHT_EXEC)
#define ELF_PF_X 1u
#define ELF_PF_W 2u

static uint64_t pages_for(uint64_t bytes)
{
    return (bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
}

static int refuse(struct loader_error *err, const char *why)
{
    snprintf(err->text, sizeof err->text, "%s", why);
    return -1;
}

/* Where an image's bytes come from: the initrd. */
static int image_source(uint64_t initrd_size, const char *path, const uint8_t **data,
                        size_t *size, struct loader_error *err)
{
    if (initrd_find(initrd_size, path, data, size) < 0)
        return refuse(err, "not in the initrd");
    return 0;
}

/* The trusted keys, read from the initrd once, at the first image; then
 * too the signature's hash learns which instructions the harts have. */
static struct trust_store trust;
static int trust_loaded;

static void trust_load(uint64_t initrd_size)
{
    size_t offset = 0;
    struct cpio_entry e;
    trust_loaded = 1;
    sha512_use_isa_extensions(ipc_isa_extensions());
    while (cpio_next((const uint8_t *)MICA_INITRD_VADDR, initrd_size, &offset, &e) == CPIO_OK) {
        const char *why;
        if (trust_is_key_path(e.name) && trust_add_key(&trust, e.data, e.size, &why) < 0)
            ipc_log_error("%s: not trusted: %s", e.name, why);
    }
    if (trust.count == 0)
        ipc_log_error("no trusted keys (" TRUST_KEYS_DIR "*" TRUST_KEY_SUFFIX
                      ") in the initrd: every image will be refused");
}

/* Whether the image is acceptable: signed by a trusted key. *size shrinks
 * to the signed payload, the part the loader reads. */
static int image_accepted(uint64_t initrd_size, const uint8_t *data, size_t *size,
                          struct loader_error *err)
{
    if (!trust_loaded)
        trust_load(initrd_size);
    char why[sizeof err->text - sizeof "refused: "];
    size_t payload;
    if (trust_check_image(&trust, data, *size, &payload, why, sizeof why) < 0) {
        snprintf(err->text, sizeof err->text, "refused: %s", why);
        return -1;
    }
    *size = payload;
    return 0;
}

static int find_accepted(uint64_t initrd_size, const char *path, const uint8_t **data,
                         size_t *size, struct loader_error *err)
{
    if (image_source(initrd_size, path, data, size, err) < 0)
        return -1;
    size_t whole = *size;
    if (checked_file_seen(*data, whole, size))
        return 0;
    if (image_accepted(initrd_size, *data, size, err) < 0)
        return -1;
    checked_file_note(*data, whole, *size);
    return 0;
}

int srv_is_image(const char *path)
{
    size_t len = strlen(path), suffix = sizeof SRV_SUFFIX - 1;
    return len > suffix && strcmp(path + len - suffix, SRV_SUFFIX) == 0;
}

static int runtime_init(struct srv_runtime *srt, uint64_t initrd_size, struct loader_error *err)
{
    const uint8_t *elf;
    size_t size;
    memset(srt, 0, sizeof *srt);
    if (find_accepted(initrd_size, SRV_RUNTIME_PATH, &elf, &size, err) < 0)
        return -1;
    if (!loader_decode_runtime(&srt->rt, elf, size, err))
        return -1;
    for (uint32_t i = 0; i < srt->rt.segment_count; i++) {
        const struct loader_runtime_segment *s = &srt->rt.segments[i];
        if (s->flags & ELF_PF_X)
            srt->text = s;
        else if (s->flags & ELF_PF_W)
            srt->data = s;
    }
    if (!srt->text || !srt->data)
        return refuse(err, "runtime lacks a text or a data segment");
    for (uint32_t i = 0; i < srt->rt.export_count; i++) {
        struct mica_export_entry e;
        loader_runtime_export(&srt->rt, i, &e);
        if (strcmp(e.name, "mica_server_start") == 0)
            srt->start = e.address;
    }
    if (!srt->start)
        return refuse(err, "runtime exports no mica_server_start");
    /* The text is made once; servers map copies of this cap. */
    srt->text_pages = pages_for(srt->text->mem_size);
    long copy_err;
    uint8_t *window = ipc_frame_map_new(srt->text_pages, RW, &srt->text_frame, &copy_err);
    if (!window)
        return refuse(err, "no memory for the runtime's text");
    memcpy(window, elf + srt->text->file_offset, srt->text->file_size);
    __asm__ volatile("fence.i" ::: "memory");
    mica_sys_vspace_unmap(MICA_SLOT_SELF_VSPACE, (long)(uintptr_t)window, (long)srt->text_pages);
    ipc_vaddr_release((uint64_t)(uintptr_t)window, srt->text_pages);
    return 0;
}

static void add_segment(struct spawn_request *req, uint64_t vaddr, uint64_t bytes,
                        unsigned rights, const uint8_t *src, uint64_t src_bytes, long shared)
{
    if (bytes == 0)
        return;
    req->segments[req->segment_count++] =
        (struct spawn_segment){ vaddr, pages_for(bytes), rights, 0, src, src_bytes, shared };
}

static unsigned spread_next; /* 0: every image at MICA_SERVER_BASE */

void srv_load_spread(void)
{
    spread_next = 1;
}

static uint64_t image_base(const char *path)
{
    if (!spread_next)
        return MICA_SERVER_BASE;
    uint64_t base = MICA_SERVER_BASE + (uint64_t)spread_next * SRV_SPREAD_STEP;
    spread_next = spread_next % SRV_SPREAD_SLOTS + 1u;
    ipc_log_info("%s linked at 0x%llx (%s)", path, (unsigned long long)base, SRV_SPREAD_BOOTARG);
    return base;
}

/* One runtime for the life of init: its text frame is shared by every
 * server ever loaded. */
static struct srv_runtime runtime;
static int runtime_state; /* 0 not tried, 1 ready, -1 unusable */
static struct loader_error runtime_error;

static const struct srv_runtime *runtime_ready(uint64_t initrd_size, struct loader_error *err)
{
    if (runtime_state == 0)
        runtime_state = runtime_init(&runtime, initrd_size, &runtime_error) == 0 ? 1 : -1;
    if (runtime_state > 0)
        return &runtime;
    snprintf(err->text, sizeof err->text, "runtime %s: %.100s", SRV_RUNTIME_PATH, runtime_error.text);
    return 0;
}

int srv_load_prepare(uint64_t initrd_size, const char *path, const struct srv_bytes *bytes,
                     uintptr_t arg, struct srv_load *load, struct spawn_request *req,
                     struct loader_error *err)
{
    const uint8_t *data = bytes ? bytes->data : 0;
    size_t size = bytes ? bytes->size : 0;
    memset(load, 0, sizeof *load);
    const struct srv_runtime *srt = runtime_ready(initrd_size, err);
    if (!srt)
        return -1;
    if (bytes ? image_accepted(initrd_size, data, &size, err) < 0
              : find_accepted(initrd_size, path, &data, &size, err) < 0)
        return -1;
    struct loader_image img;
    uint64_t scratch_pages = pages_for(LOADER_SCRATCH_BOUND(size));
    long scratch_frame, map_err;
    void *scratch = ipc_frame_map_new(scratch_pages, RW, &scratch_frame, &map_err);
    if (!scratch)
        return refuse(err, "no memory for the loader's scratch");
    int ok = loader_decode_image(&img, data, size, scratch, scratch_pages * MICA_PAGE_SIZE, err) &&
             loader_bind(&img, &srt->rt, err) &&
             loader_place(&img, load->image_base = image_base(path), err);
    if (ok) {
        load->linked_pages = pages_for(img.layout.total_size);
        load->linked = ipc_frame_map_new(load->linked_pages, RW, &load->linked_frame, &map_err);
        if (!load->linked)
            ok = refuse(err, "no memory to link the image") == 0;
        else
            ok = loader_link(&img, load->linked, load->linked_pages * MICA_PAGE_SIZE, err);
    }
    ipc_frame_unmap(scratch, scratch_pages, scratch_frame);
    if (!ok) {
        srv_load_done(load);
        return -1;
    }
    load->manifest = img.manifest;
    load->image_bytes = img.layout.total_size;
    load->record.main = (mica_server_main_fn)(uintptr_t)img.layout.entry;
    load->record.arg = arg;
    memcpy(load->record.name, img.manifest.name, sizeof load->record.name);

    static const unsigned region_rights[LOADER_REGION_COUNT] = { RX, MICA_RIGHT_READ, RW };
    req->segment_count = 0;
    for (unsigned i = 0; i < LOADER_REGION_COUNT; i++) {
        const struct loader_region *r = &img.layout.regions[i];
        add_segment(req, r->vaddr, r->size, region_rights[i], load->linked + (r->vaddr - img.layout.base),
                    r->size, 0);
    }
    add_segment(req, srt->text->vaddr, srt->text->mem_size, RX, 0, 0, srt->text_frame);
    add_segment(req, srt->data->vaddr, srt->data->mem_size, RW,
                srt->rt.elf + srt->data->file_offset, srt->data->file_size, 0);
    req->entry = srt->start;
    req->stack_record = &load->record;
    req->stack_record_size = sizeof load->record;
    req->stack_pages = pages_for(img.manifest.stack_bytes);
    return 0;
}

void srv_load_done(struct srv_load *load)
{
    if (load->linked)
        ipc_frame_unmap(load->linked, load->linked_pages, load->linked_frame);
    load->linked = 0;
}
