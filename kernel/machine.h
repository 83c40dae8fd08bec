/* What the kernel knows about the machine, all of it read from the device
 * tree: RAM, reservations, initrd, console UART, timebase, harts, PLIC and
 * virtio-mmio slots. Filled once at boot by machine_from_fdt(). */
#pragma once
#include <stdint.h>
#include "fdt.h"

#define MACHINE_MAX_RAM 8
#define MACHINE_MAX_RESERVED 16
#define MACHINE_MAX_HARTS 8
#define MACHINE_MAX_VIRTIO 16
#define MACHINE_MAX_DEVICES 32
#define MACHINE_BOOTARGS_LEN 256
#define MACHINE_COMPAT_LEN 48

struct mem_range {
    uint64_t base;
    uint64_t size;
};

enum uart_kind {
    UART_NONE,
    UART_NS16550A,   /* QEMU virt */
    UART_DW_APB,     /* snps,dw-apb-uart on the P550 */
};

struct uart_info {
    enum uart_kind kind;
    struct mem_range reg;
    uint32_t reg_shift;     /* register stride is 1 << reg_shift bytes */
    uint32_t reg_io_width;  /* 1 or 4 byte accesses */
    uint32_t irq;
    uint32_t clock_hz;
};

/* A device init may hand to a server: one MMIO range and one interrupt. */
struct device_info {
    char compatible[MACHINE_COMPAT_LEN]; /* first compatible string */
    struct mem_range reg;
    uint32_t irq;                        /* 0 = none */
    int fdt_node;                        /* offset of the node in the blob */
};

struct machine_info {
    char model[64];
    struct mem_range ram[MACHINE_MAX_RAM];
    unsigned ram_count;
    /* /memreserve/ entries and /reserved-memory children: never allocated.
     * no_map marks regions the kernel must not even map (firmware PMP). */
    struct mem_range reserved[MACHINE_MAX_RESERVED];
    uint8_t reserved_no_map[MACHINE_MAX_RESERVED];
    unsigned reserved_count;
    struct mem_range initrd;        /* size 0 when absent */
    struct uart_info console;
    uint64_t timebase_hz;
    uint32_t hart_ids[MACHINE_MAX_HARTS];
    unsigned hart_count;
    struct mem_range plic;
    uint32_t plic_sources;          /* riscv,ndev */
    /* PLIC context that routes to each hart's S-mode external interrupt
     * (from the PLIC's interrupts-extended); UINT32_MAX when unknown. */
    uint32_t plic_s_context[MACHINE_MAX_HARTS];
    struct mem_range test_device;   /* sifive,test1 poweroff with status; size 0 if absent */
    struct device_info virtio[MACHINE_MAX_VIRTIO];
    unsigned virtio_count;
    struct device_info devices[MACHINE_MAX_DEVICES]; /* every node with reg + compatible */
    unsigned device_count;
    char bootargs[MACHINE_BOOTARGS_LEN];
};

/* Parses the blob (readable for max_size bytes). Returns 0 or a negative
 * fdt_error; on error *what names the part that failed. */
int machine_from_fdt(const void *blob, size_t max_size, struct machine_info *out, const char **what);
