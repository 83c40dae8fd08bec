/* The manifest every server image carries in its .mica.manifest section: who
 * it is, which runtime ABI it was built against, what it provides and what it
 * asks init for. Fixed size and little-endian so host tools read it as-is. */

#ifndef MICA_SERVER_MANIFEST_H
#define MICA_SERVER_MANIFEST_H

#include <stdint.h>

#include <mica/runtime_abi.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the image format is little-endian"
#endif

#define MICA_MANIFEST_SECTION ".mica.manifest"
#define MICA_MANIFEST_MAGIC 0x464d434du /* "MCMF" in file order */
#define MICA_MANIFEST_VERSION 1

#define MICA_MANIFEST_NAME_MAX 32
#define MICA_MANIFEST_SCHEMES_MAX 4
#define MICA_MANIFEST_SCHEME_MAX 32
#define MICA_MANIFEST_COMPATIBLE_MAX 64

/* A server's own version, major.minor.patch in one comparable word. */
#define MICA_VERSION(major, minor, patch) \
    ((uint32_t)(major) << 16 | (uint32_t)(minor) << 8 | (uint32_t)(patch))
#define MICA_VERSION_MAJOR(v) ((v) >> 16)
#define MICA_VERSION_MINOR(v) (((v) >> 8) & 0xffu)
#define MICA_VERSION_PATCH(v) ((v) & 0xffu)

#define MICA_QUIESCE_WRITE_ZERO_FLAG 0x80000000u
#define MICA_QUIESCE_WRITE_ZERO(offset) (MICA_QUIESCE_WRITE_ZERO_FLAG | (uint32_t)(offset))
#define MICA_QUIESCE_OFFSET(q) ((q) & 0xfffu)
/* Every string is NUL-terminated inside its field (each string of the
 * compatible list too); unused schemes are empty.
 * A zero count or size means "none". */
struct mica_server_manifest {
    uint32_t magic;            /* MICA_MANIFEST_MAGIC */
    uint16_t manifest_version; /* MICA_MANIFEST_VERSION */
    uint16_t abi_major;        /* runtime ABI the image was built against */
    uint16_t abi_minor;
    uint16_t priority;         /* scheduler priority init gives the server */
    uint32_t version;          /* MICA_VERSION(...) of the server itself */
    char name[MICA_MANIFEST_NAME_MAX];
    char schemes[MICA_MANIFEST_SCHEMES_MAX][MICA_MANIFEST_SCHEME_MAX];
    /* FDT compatible strings the server drives, a list like the FDT
     * property: "ns16550a\0snps,dw-apb-uart"; "" = no device */
    char compatible[MICA_MANIFEST_COMPATIBLE_MAX];
    uint32_t virtio_device_id;                     /* 0 = not a virtio driver */
    uint32_t irq_count;
    uint32_t mmio_region_count;
    /* How init stops the device before a server that ends loses its memory
     * (a device still doing DMA must not write into freed pages): 0 =
     * nothing to do, or MICA_QUIESCE_WRITE_ZERO(offset): write 0 to the
     * 32-bit register at that byte offset of the device's first register
     * page and wait until it reads back 0 (virtio-mmio's Status). */
    uint32_t quiesce;
    uint64_t dma_bytes;
    uint64_t heap_bytes;
    uint64_t stack_bytes;
    char entry[MICA_SYMBOL_NAME_MAX]; /* symbol the first thread starts at */
};

_Static_assert(sizeof(struct mica_server_manifest) == 328, "manifest layout is ABI");
_Static_assert(_Alignof(struct mica_server_manifest) == 8, "manifest layout is ABI");

/* Declares the manifest of the server being compiled; the arguments are
 * designated initialisers for the fields below `version`, e.g.
 *   MICA_SERVER_MANIFEST(.name = "ramdisk", .version = MICA_VERSION(1, 0, 0),
 *                        .schemes = { "disk.ram" }, .heap_bytes = 65536,
 *                        .stack_bytes = 16384, .priority = 100,
 *                        .entry = "ramdisk_main");
 * Exactly one translation unit of a server uses it. */
#define MICA_SERVER_MANIFEST(...)                                                  \
    __attribute__((section(MICA_MANIFEST_SECTION), used, aligned(8)))              \
    static const struct mica_server_manifest mica_server_manifest_ = {            \
        .magic = MICA_MANIFEST_MAGIC,                                              \
        .manifest_version = MICA_MANIFEST_VERSION,                                 \
        .abi_major = MICA_RUNTIME_ABI_MAJOR,                                       \
        .abi_minor = MICA_RUNTIME_ABI_MINOR,                                       \
        __VA_ARGS__}

#endif
