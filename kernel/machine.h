/* What the kernel knows about the machine, all of it read from the device
 * tree: RAM, reservations, initrd, console UART, timebase, harts, PLICs and
 * device nodes. Filled once at boot by machine_from_fdt(). */
#pragma once
#include <stdint.h>
#include "fdt.h"
#include "uart_compat.h"

#define MACHINE_MAX_RAM 8
#define MACHINE_MAX_RESERVED 32
#define MACHINE_MAX_HARTS 8
#define MACHINE_MAX_VIRTIO 16
#define MACHINE_MAX_PLICS 4
/* Far above the real trees (QEMU virt: 12 device nodes, the P550's vendor
 * U-Boot tree: 57-71 nodes in all); nodes past it are counted in
 * devices_dropped and the kernel warns, so a bigger tree is never cut short
 * silently. */
#define MACHINE_MAX_DEVICES 256
#define MACHINE_BOOTARGS_LEN 256
#define MACHINE_COMPAT_LEN 48

struct mem_range {
    uint64_t base;
    uint64_t size;
};

struct uart_info {
    enum uart_kind kind;
    const char *compatible;  /* the uart-compat.def entry that matched */
    bool layout_defaulted;   /* reg-shift or reg-io-width came from the table */
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

/* An enabled PLIC node; disabled ones (the P550's second die) are skipped. */
struct plic_info {
    struct mem_range reg;
    uint32_t sources;               /* riscv,ndev */
    /* PLIC context that routes to each hart's S-mode external interrupt
     * (from the PLIC's interrupts-extended); UINT32_MAX when it has none. */
    uint32_t s_context[MACHINE_MAX_HARTS];
};

/* One /cpus child: a hart is usable when it is enabled, names an MMU and
 * has an S-mode context on the kernel's PLIC. */
struct cpu_node {
    uint32_t hartid;
    bool enabled;                   /* status absent, "okay" or "ok" */
    bool has_mmu;                   /* mmu-type present and not "riscv,none" */
    uint64_t isa_extensions;        /* MICA_ISA_EXTENSION() and ISA_KERNEL_ bits its node declares */
};

enum timebase_source {
    TIMEBASE_NONE,                  /* no timebase-frequency anywhere */
    TIMEBASE_CPUS,                  /* /cpus/timebase-frequency */
    TIMEBASE_CPU_NODE,              /* a cpu node's own (the P550's vendor tree) */
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
    uint64_t timebase_hz;           /* 0 when the tree has none: the kernel refuses to boot */
    enum timebase_source timebase_from;
    uint32_t hart_ids[MACHINE_MAX_HARTS];   /* enabled cpu nodes, in tree order */
    unsigned hart_count;
    /* Every riscv cpu node, enabled or not, with what decides whether the
     * kernel may run on it (hart_boot.c); ids >= MACHINE_MAX_HARTS are left out. */
    struct cpu_node cpus[MACHINE_MAX_HARTS];
    unsigned cpu_count;
    struct plic_info plics[MACHINE_MAX_PLICS];
    unsigned plic_count;
    /* The PLIC the kernel drives, set by machine_select_plic(): the enabled
     * one with an S-mode context for the boot hart (before that call, the
     * first enabled one with an S-mode context for any hart). */
    struct mem_range plic;
    uint32_t plic_sources;          /* riscv,ndev */
    uint32_t plic_s_context[MACHINE_MAX_HARTS];
    struct mem_range test_device;   /* sifive,test1 poweroff with status; size 0 if absent */
    /* Enabled nodes with reg + compatible whose registers lie outside RAM.
     * Disabled nodes and nodes inside RAM (the P550's pmp-sec-region) are
     * never listed: a device frame there would alias allocatable memory. */
    struct device_info virtio[MACHINE_MAX_VIRTIO];
    unsigned virtio_count;
    struct device_info devices[MACHINE_MAX_DEVICES];
    unsigned device_count;
    unsigned devices_dropped;       /* enabled device nodes past the lists' capacity */
    unsigned devices_disabled;      /* nodes with reg + compatible left out for status */
    unsigned devices_in_ram;        /* nodes left out because reg overlaps RAM */
    char bootargs[MACHINE_BOOTARGS_LEN];
};

/* Parses the blob (readable for max_size bytes). Returns 0 or a negative
 * fdt_error; on error *what names the part that failed. */
int machine_from_fdt(const void *blob, size_t max_size, struct machine_info *out, const char **what);

/* Makes the enabled PLIC with an S-mode context for `hart` the one in
 * m->plic / plic_sources / plic_s_context. False (and m->plic.size 0) when
 * no enabled PLIC routes to that hart. */
bool machine_select_plic(struct machine_info *m, uint32_t hart);

/* True when the PLIC at `base` is one of the machine's enabled PLICs. */
bool machine_is_plic(const struct machine_info *m, uint64_t base);
/* The ISA extension bits the cpu node of `hartid` declares; 0 without one. */
uint64_t machine_cpu_extensions(const struct machine_info *m, uint32_t hartid);
