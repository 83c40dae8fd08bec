/* What init grants a server image beyond the process layout of mica/proc.h:
 * the cspace slots of its service endpoint, device interrupt and DMA quota,
 * the addresses of its device registers and heap, and a read-only page,
 * struct mica_server_info, saying which of them it got and what the device
 * tree says about its device. Everything here is granted only when the
 * server's manifest asks for it (docs/servers.md, "Grants"). */
#ifndef MICA_SERVER_INFO_H
#define MICA_SERVER_INFO_H
#include <stdint.h>

#include <mica/abi/ipc_abi.h>
#include <mica/proc.h>
#include <mica/server_manifest.h>

enum mica_server_slot {
    /* Every server: the endpoint it serves on (all rights); init keeps a
     * copy and hands badged copies to clients. */
    MICA_SERVER_SLOT_ENDPOINT = MICA_CHILD_SLOT_FIRST_GRANT + MICA_CHILD_GRANT_SLOTS,
    /* irq_count 1: the handler of its device's line, claimed by init, not
     * yet bound (the server binds it to a notification of its own). */
    MICA_SERVER_SLOT_IRQ,
    /* dma_bytes > 0: a quota of that many bytes, for DMA frames. */
    MICA_SERVER_SLOT_DMA_QUOTA,
};

/* Addresses in every server's address space. */
#define MICA_SERVER_INFO_VADDR 0x3f003000ull /* the page after the IPC buffer */
#define MICA_SERVER_MMIO_VADDR 0x50000000ull /* device registers (page offset kept) */
#define MICA_SERVER_MMIO_MAX (256ull << 20)
#define MICA_SERVER_HEAP_VADDR 0x60000000ull /* heap_bytes of zeroed read-write memory */
#define MICA_SERVER_HEAP_MAX (256ull << 20)

#define MICA_SERVER_INFO_MAGIC 0x4f464e49u /* "INFO" */
#define MICA_SERVER_INFO_VERSION 1u

/* A zero field means "not granted". */
struct mica_server_info {
    uint32_t magic;   /* MICA_SERVER_INFO_MAGIC */
    uint32_t version; /* MICA_SERVER_INFO_VERSION */
    uint64_t pid;     /* the badge of its messages to init */
    /* The device init matched: the compatible string both lists hold. */
    char device[MICA_MANIFEST_COMPATIBLE_MAX];
    uint64_t device_phys;
    uint64_t device_size;       /* bytes of the register window */
    uint64_t mmio_vaddr;        /* the registers (mmio_region_count 1) */
    uint32_t irq_line;          /* PLIC line of the handler at MICA_SERVER_SLOT_IRQ */
    uint32_t virtio_device_id;  /* read from the device's DeviceID register */
    uint32_t reg_shift;         /* from the device tree: registers 1 << reg_shift apart */
    uint32_t reg_io_width;      /* from the device tree: 1 or 4 byte accesses */
    uint32_t console;           /* 1: the device is the kernel's console (stdout-path) */
    uint32_t reserved;
    uint64_t heap_vaddr;
    uint64_t heap_bytes;
    uint64_t dma_bytes;         /* size of the quota at MICA_SERVER_SLOT_DMA_QUOTA */
};
_Static_assert(sizeof(struct mica_server_info) <= 4096, "server info fits one page");
_Static_assert(MICA_SERVER_INFO_VADDR == MICA_PROC_IPC_BUFFER_VADDR + MICA_IPC_BUFFER_PAGES * 4096u,
               "the info page follows the IPC buffer");

static inline const struct mica_server_info *mica_server_info(void)
{
    return (const struct mica_server_info *)(uintptr_t)MICA_SERVER_INFO_VADDR;
}

#endif
