/* Server images: init checks an image's signature, links it against the shared
 * runtime with the loader, and turns the result into a spawn request (image
 * regions, the runtime's shared text and private data, the start record). */
#ifndef INIT_SRV_LOAD_H
#define INIT_SRV_LOAD_H
#include <stddef.h>
#include <stdint.h>

#include <mica/loader.h>
#include <mica/server.h>

#include <mica/proc_spawn.h>

#define SRV_RUNTIME_PATH "lib/libipc.rt"
#define SRV_SUFFIX ".srv"

struct srv_runtime {
    struct loader_runtime rt;
    uint64_t start;   /* mica_server_start */
    long text_frame;  /* the runtime's text, mapped (copies) into every server */
    uint64_t text_pages;
    const struct loader_runtime_segment *text, *data;
};

/* A server being loaded: the linked image stays in `linked` until spawned. */
struct srv_load {
    struct mica_server_manifest manifest;
    struct mica_server_start_record record;
    uint64_t image_base;  /* where it is linked: MICA_SERVER_BASE unless spread */
    uint64_t image_bytes; /* the linked image's span from image_base */
    uint8_t *linked;
    uint64_t linked_pages;
    long linked_frame;
};

/* An image's bytes read from elsewhere than the initrd (fetch.h). */
struct srv_bytes {
    const uint8_t *data;
    size_t size;
};

/* Checks and links the image at initrd path `path` (or, with bytes, the
 * image read from the scheme path `path`) and fills req's memory
 * (segments, entry, stack record); 0, or -1 with err->text the one-line
 * reason. The runtime is read and checked at the first call (a runtime
 * that cannot be used refuses every image, saying why). srv_load_done
 * releases the linked copy once req has been used. */
int srv_load_prepare(uint64_t initrd_size, const char *path, const struct srv_bytes *bytes,
                     uintptr_t arg, struct srv_load *load, struct spawn_request *req,
                     struct loader_error *err);
void srv_load_done(struct srv_load *load);

/* Boot argument init.spread_servers: from now on each image is linked
 * SRV_SPREAD_STEP further on than the last one, none at MICA_SERVER_BASE
 * (where static programs are linked), and init logs where. Every process
 * then has its code at addresses no other one uses, so a trace of the
 * whole machine (QEMU's -d exec, tools/profile) tells them apart. */
#define SRV_SPREAD_BOOTARG "init.spread_servers"
#define SRV_SPREAD_STEP (16ull << 20)
#define SRV_SPREAD_SLOTS 32u /* then the places are used again */
void srv_load_spread(void);

int srv_is_image(const char *path);

#endif
