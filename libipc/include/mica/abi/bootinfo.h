/* What the kernel hands to init: the fixed slots of init's cspace and the
 * read-only boot-info pages that list everything else (device frames, RAM,
 * the DTB and initrd frames). Mapped at MICA_BOOTINFO_VADDR in init. */
#ifndef MICA_BOOTINFO_H
#define MICA_BOOTINFO_H
#include <stdint.h>

enum mica_init_slot {
    MICA_SLOT_NULL = 0,
    MICA_SLOT_SELF_CNODE = 1,     /* init's own cspace (ADMIN) */
    MICA_SLOT_SELF_VSPACE = 2,
    MICA_SLOT_SELF_THREAD = 3,
    MICA_SLOT_QUOTA = 4,          /* all free RAM, as quota */
    MICA_SLOT_IRQ_CONTROL = 5,
    MICA_SLOT_SYSTEM = 6,
    MICA_SLOT_DTB_FRAME = 7,      /* read-only frame(s) holding the DTB */
    MICA_SLOT_INITRD_FRAME = 8,   /* read-only frame holding the initrd */
    MICA_SLOT_IPC_BUFFER = 9,     /* init's IPC buffer frame */
    MICA_SLOT_STACK_FRAME = 10,   /* init's stack */
    MICA_SLOT_BOOTINFO_FRAME = 11,
    MICA_SLOT_FIRST_SEGMENT = 12, /* init's ELF segments, up to 4 */
    MICA_SLOT_FIRST_DEVICE = 16,  /* a child's first granted cap (init's devices: see below) */
    MICA_SLOT_FIRST_FREE = 64,
};

/* Every device node of a tree with hundreds of nodes fits: the P550's vendor
 * tree has 57-71 nodes in all. The kernel lists at most MACHINE_MAX_DEVICES
 * device nodes plus MACHINE_MAX_VIRTIO virtio-mmio slots (kernel/machine.h). */
#define MICA_BOOTINFO_MAX_DEVICES 272u
/* init's device frames sit above the slots its allocator hands out:
 * [MICA_INIT_FIRST_DEVICE_SLOT, + device_count), in bootinfo.devices order. */
#define MICA_INIT_FIRST_DEVICE_SLOT 1024u
#define MICA_INIT_CNODE_SLOTS (MICA_INIT_FIRST_DEVICE_SLOT + 320u)
/* Below the DTB copy; the initrd copy below that may be up to 208 MiB. */
#define MICA_BOOTINFO_VADDR 0x3d000000ull
#define MICA_INIT_IPC_BUFFER_VADDR 0x3f001000ull
#define MICA_INIT_STACK_TOP 0x3f000000ull
#define MICA_INIT_STACK_PAGES 16u
#define MICA_DTB_VADDR 0x3e000000ull
#define MICA_INITRD_VADDR 0x30000000ull

/* A device node's whole compatible list as the tree stores it: strings one
 * after another, each NUL-terminated, the rest of the field zero. A list
 * longer than the field keeps the whole strings that fit. */
#define MICA_DEVICE_COMPATIBLE_MAX 128u
#define MICA_DEVICE_CONSOLE 1u  /* flags: the device /chosen stdout-path names */

struct mica_device_desc {
    char compatible[MICA_DEVICE_COMPATIBLE_MAX];
    uint64_t phys;
    uint64_t size;
    uint32_t irq;       /* PLIC line, 0 = none */
    uint32_t slot;      /* device frame capability in init's cspace */
    uint32_t reg_shift; /* registers are 1 << reg_shift bytes apart (16550-style) */
    uint32_t reg_io_width; /* 1 or 4 byte accesses */
    uint32_t flags;     /* MICA_DEVICE_* */
    uint32_t reserved;
};

struct mica_bootinfo {
    uint64_t magic;             /* MICA_BOOTINFO_MAGIC */
    uint64_t dtb_size;
    uint64_t initrd_size;
    uint64_t free_pages;        /* at handover */
    uint64_t timebase_hz;
    uint32_t hart_count;
    uint32_t device_count;
    char bootargs[256];
    struct mica_device_desc devices[MICA_BOOTINFO_MAX_DEVICES];
};
#define MICA_BOOTINFO_MAGIC 0x4f464e49414349ull /* "MICAINFO" */
#define MICA_BOOTINFO_PAGES ((sizeof(struct mica_bootinfo) + 4095u) / 4096u)
_Static_assert(MICA_BOOTINFO_VADDR + MICA_BOOTINFO_PAGES * 4096u <= MICA_DTB_VADDR, "boot info below the DTB");
_Static_assert(MICA_INIT_FIRST_DEVICE_SLOT + MICA_BOOTINFO_MAX_DEVICES <= MICA_INIT_CNODE_SLOTS,
               "every device frame has a slot in init's cspace");
_Static_assert(MICA_INIT_CNODE_SLOTS % 64u == 0, "whole words of the slot bitmap");

#endif
