/* Capability types, rights and object types: the vocabulary shared by the
 * kernel, libipc and every user program. */
#ifndef MICA_CAPS_H
#define MICA_CAPS_H

/* X(name, value, description). Values are ABI: never renumber. */
#define MICA_CAP_TYPE_LIST(X)                                              \
    X(NULL, 0, "empty slot")                                              \
    X(QUOTA, 1, "kernel memory quota: creates objects, charged in bytes") \
    X(CNODE, 2, "capability table")                                       \
    X(VSPACE, 3, "address space (Sv39 page tables)")                      \
    X(THREAD, 4, "thread")                                                \
    X(ENDPOINT, 5, "synchronous IPC endpoint")                            \
    X(NOTIFICATION, 6, "notification word (signal/wait)")                 \
    X(REPLY, 7, "one-shot reply to a caller")                             \
    X(FRAME, 8, "RAM frame, 4 KiB pages, maybe physically contiguous")    \
    X(DEVICE_FRAME, 9, "MMIO range from the device tree")                 \
    X(IRQ_CONTROL, 10, "authority to claim interrupt lines")              \
    X(IRQ_HANDLER, 11, "one interrupt line bound to a notification")      \
    X(SYSTEM, 12, "power off and machine information")

enum mica_cap_type {
#define MICA_CAP_TYPE_ENUM(name, value, text) MICA_CAP_##name = value,
    MICA_CAP_TYPE_LIST(MICA_CAP_TYPE_ENUM)
#undef MICA_CAP_TYPE_ENUM
    MICA_CAP_TYPE_COUNT
};

/* Rights bits. A derived capability never has a right its parent lacks. */
#define MICA_RIGHT_READ (1u << 0)   /* frames: map readable; endpoints: receive; ntfn: wait */
#define MICA_RIGHT_WRITE (1u << 1)  /* frames: map writable; endpoints: send/call; ntfn: signal */
#define MICA_RIGHT_EXEC (1u << 2)   /* frames: map executable */
#define MICA_RIGHT_GRANT (1u << 3)  /* endpoints: capabilities may travel with messages */
#define MICA_RIGHT_DMA (1u << 4)    /* frames: learn the physical address */
#define MICA_RIGHT_ADMIN (1u << 5)  /* cnode/vspace/thread/quota/irq: change the object */
#define MICA_RIGHTS_ALL 0x3fu

/* Badges are chosen by whoever mints; the top bit is reserved so an IPC
 * receive can return a badge or a negative error in the same register. */
#define MICA_BADGE_MAX ((1ull << 63) - 1)

/* Fixed kernel-object sizes charged to a quota (frames: 4096 per page). */
#define MICA_PAGE_SIZE 4096u
#define MICA_CNODE_MAX_SLOTS 4096u
#define MICA_PRIORITY_MAX 255u

#endif
