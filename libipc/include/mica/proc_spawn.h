/* The process builder: a new process from a static ELF image, with its own
 * quota, cspace, address space and thread, laid out as mica/proc.h says.
 * init uses it for everything it starts; ktest and stress for their helpers. */
#ifndef MICA_PROC_SPAWN_H
#define MICA_PROC_SPAWN_H
#include <stddef.h>
#include <stdint.h>

#include <mica/proc.h>

#define SPAWN_MAX_GRANTS MICA_CHILD_GRANT_SLOTS
/* Capabilities the builder creates per process: segments, stack, IPC
 * buffer, initrd mapping, the kernel objects, the fault endpoint and a
 * server's endpoint, interrupt and DMA quota. */
#define SPAWN_MAX_OWNED 32u

/* A mapping prepared by the caller instead of a segment of a static ELF:
 * fresh zeroed pages with `bytes` of src copied to offset copy_to, or, when
 * shared_frame is set, a copy of that frame cap of the caller's (shared
 * pages, e.g. the runtime's text, or a device's registers). */
struct spawn_segment {
    uint64_t vaddr;
    uint64_t pages;
    unsigned rights;
    uint64_t copy_to;
    const uint8_t *src;
    uint64_t bytes;
    long shared_frame;
};

/* Image text, rodata, data; runtime text, data; server info, MMIO, heap. */
#define SPAWN_MAX_SEGMENTS 8u

struct spawn_request {
    const char *name;
    const uint8_t *image;   /* a static ELF, unless segment_count > 0 */
    size_t image_size;
    unsigned segment_count; /* prepared memory: segments, entry, stack record */
    struct spawn_segment segments[SPAWN_MAX_SEGMENTS];
    uint64_t entry;
    const void *stack_record; /* copied to the stack top; a0 = its address */
    size_t stack_record_size;
    uint64_t stack_pages;     /* 0: MICA_PROC_STACK_PAGES */
    uint64_t quota_bytes;   /* carved from the caller's quota; pays for everything */
    unsigned priority;      /* <= the caller's */
    int place_on_hart;      /* nonzero: its thread runs on `hart`; else on the caller's */
    unsigned hart;
    long supervisor_ep;     /* caller's endpoint: faults and exits arrive here */
    uint64_t badge;         /* names the process in those messages */
    uint64_t names_badge;   /* nonzero: a cap to supervisor_ep with it at MICA_CHILD_SLOT_NAMES */
    uint64_t control_badge; /* nonzero: a cap to supervisor_ep with it at MICA_CHILD_SLOT_CONTROL */
    uintptr_t arg;          /* the child's mica_main argument */
    const char *args;       /* NULL, or its command line (mica/args.h): < MICA_ARGS_MAX bytes */
    int grant_initrd;       /* initrd frame at slot 8, mapped at MICA_INITRD_VADDR */
    int grant_system;       /* SYSTEM cap at slot 6 */
    unsigned grant_count;   /* caller slots copied to MICA_CHILD_SLOT_FIRST_GRANT.. */
    long grants[SPAWN_MAX_GRANTS];
    /* Server grants (mica/server_info.h), each at its fixed slot: */
    int service_endpoint;   /* an endpoint paid by the child's quota */
    uint32_t irq_line;      /* claimed with the caller's IRQ_CONTROL; 0 = none */
    uint64_t dma_bytes;     /* a quota carved from the caller's; 0 = none */
};

struct process {
    char name[32];
    uint64_t badge;
    long quota, cnode, vspace, thread; /* the caller's slots for them */
    long endpoint;                     /* the service endpoint, 0 = none */
    unsigned owned_count;
    long owned[SPAWN_MAX_OWNED];       /* every slot to revoke and delete on destroy */
    int alive;
};

/* 0 and a running process, or a negative -MICA_E* code (everything made so
 * far is destroyed again); *why says which step failed. */
int spawn_process(const struct spawn_request *req, struct process *proc, const char **why);
/* Stops the thread and deletes every capability the builder made, revoking
 * the child's copies first so the objects really die: its memory, its
 * interrupt line and everything its quotas paid for come back. */
void process_destroy(struct process *proc);

/* Finds a file in the initrd mapped at MICA_INITRD_VADDR (size bytes). */
int initrd_find(uint64_t initrd_size, const char *name, const uint8_t **data, size_t *size);

#endif
