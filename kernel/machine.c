/* Extracts the machine description from the device tree.
 * Handles #address-cells/#size-cells per parent, identity or simple
 * `ranges` translation, /chosen (initrd, stdout-path, bootargs), aliases,
 * `status`, and the vendor-tree variants of timebase and PLIC. */
#include "machine.h"
#include "isa_extensions.h"
#include "lib/kstring.h"

struct cells {
    uint32_t address, size;
};

/* #address-cells / #size-cells that apply to the children of `node`. */
static struct cells child_cells(const struct fdt *fdt, int node)
{
    struct cells c = { 2, 1 };
    uint32_t v;
    if (fdt_prop_u32(fdt, node, "#address-cells", &v))
        c.address = v;
    if (fdt_prop_u32(fdt, node, "#size-cells", &v))
        c.size = v;
    return c;
}

static void copy_string(char *dst, size_t cap, const struct fdt_prop *p)
{
    size_t n = strnlen((const char *)p->value, p->len);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, p->value, n);
    dst[n] = 0;
}

/* Reads reg entry `index` of `node` whose parent's cells are `pc`. */
static bool read_reg(const struct fdt *fdt, int node, struct cells pc, unsigned index, struct mem_range *out)
{
    struct fdt_prop p;
    if (pc.address == 0 || pc.address > 2 || pc.size > 2)
        return false;
    if (fdt_get_prop(fdt, node, "reg", &p))
        return false;
    uint32_t pos = index * (pc.address + pc.size) * 4;
    uint64_t size = 0;
    if (!fdt_read_cells(&p, &pos, pc.address, &out->base))
        return false;
    if (pc.size && !fdt_read_cells(&p, &pos, pc.size, &size))
        return false;
    out->size = size;
    return true;
}

/* DT spec: a node without status is enabled; "ok" is the old spelling. */
static bool node_enabled(const struct fdt *fdt, int node)
{
    struct fdt_prop p;
    if (fdt_get_prop(fdt, node, "status", &p))
        return true;
    if (!fdt_prop_is_string(&p))
        return false;
    const char *v = (const char *)p.value;
    return strcmp(v, "okay") == 0 || strcmp(v, "ok") == 0;
}

static uint32_t first_interrupt(const struct fdt *fdt, int node)
{
    uint32_t irq;
    if (fdt_prop_u32(fdt, node, "interrupts", &irq))
        return irq;
    struct fdt_prop p;
    /* interrupts-extended = <&plic irq>: the cell after the phandle. */
    if (fdt_get_prop(fdt, node, "interrupts-extended", &p) == 0 && p.len >= 8) {
        uint32_t pos = 4;
        uint64_t v;
        if (fdt_read_cells(&p, &pos, 1, &v))
            return (uint32_t)v;
    }
    return 0;
}

struct parse_ctx {
    struct machine_info *m;
    /* Cells and bus translation of each depth's parent, kept as the walk descends. */
    struct cells cells_at[FDT_MAX_DEPTH + 2];
    int64_t offset_at[FDT_MAX_DEPTH + 2]; /* child bus address + offset = parent address */
    bool disabled_at[FDT_MAX_DEPTH + 2];  /* a node at or above this depth is disabled */
    int error;
    const char *what;
};

/* Every reservation is kept from the allocator, no-map or not; one that
 * does not fit is an error, never a region silently handed out. */
static bool add_reserved(struct machine_info *m, uint64_t base, uint64_t size, bool no_map)
{
    if (size == 0)
        return true;
    if (m->reserved_count >= MACHINE_MAX_RESERVED)
        return false;
    m->reserved[m->reserved_count] = (struct mem_range){ base, size };
    m->reserved_no_map[m->reserved_count] = no_map;
    m->reserved_count++;
    return true;
}

/* Records the bus offset a node's `ranges` applies to its children. Only the
 * first range entry is used: Mica's boards translate at most one window. */
static int64_t ranges_offset(const struct fdt *fdt, int node, struct cells parent_cells)
{
    struct fdt_prop p;
    if (fdt_get_prop(fdt, node, "ranges", &p) || p.len == 0)
        return 0;
    struct cells cc = child_cells(fdt, node);
    uint32_t pos = 0;
    uint64_t child_addr, parent_addr;
    if (cc.address > 2 || parent_cells.address > 2 ||
        !fdt_read_cells(&p, &pos, cc.address, &child_addr) ||
        !fdt_read_cells(&p, &pos, parent_cells.address, &parent_addr))
        return 0;
    return (int64_t)(parent_addr - child_addr);
}

#define IRQ_S_EXTERNAL 9

/* Maps each hart's S-mode external interrupt to a context of this PLIC: its
 * interrupts-extended lists <intc-phandle irq> pairs in context order (an
 * M-mode entry may be -1, as OpenSBI leaves it), and each hart's interrupt
 * controller is the first child of its cpu node. */
static void find_plic_contexts(const struct fdt *fdt, int plic, struct plic_info *out)
{
    for (unsigned h = 0; h < MACHINE_MAX_HARTS; h++)
        out->s_context[h] = UINT32_MAX;
    struct fdt_prop ext;
    int cpus = fdt_find_path(fdt, "/cpus");
    if (cpus < 0 || fdt_get_prop(fdt, plic, "interrupts-extended", &ext))
        return;
    for (uint32_t pos = 0, ctx = 0; pos + 8 <= ext.len; ctx++) {
        uint64_t phandle, irq;
        fdt_read_cells(&ext, &pos, 1, &phandle);
        fdt_read_cells(&ext, &pos, 1, &irq);
        if (irq != IRQ_S_EXTERNAL)
            continue;
        for (int cpu = fdt_first_child(fdt, cpus); cpu >= 0; cpu = fdt_next_sibling(fdt, cpu)) {
            int intc = fdt_first_child(fdt, cpu);
            uint32_t ph, hart;
            if (intc >= 0 && fdt_prop_u32(fdt, intc, "phandle", &ph) && ph == phandle &&
                fdt_prop_u32(fdt, cpu, "reg", &hart) && hart < MACHINE_MAX_HARTS)
                out->s_context[hart] = ctx;
        }
    }
}

static void record_plic(const struct fdt *fdt, int node, struct machine_info *m, struct mem_range reg)
{
    if (m->plic_count >= MACHINE_MAX_PLICS)
        return;
    struct plic_info *p = &m->plics[m->plic_count++];
    p->reg = reg;
    p->sources = 0;
    fdt_prop_u32(fdt, node, "riscv,ndev", &p->sources);
    find_plic_contexts(fdt, node, p);
}

static void record_device(const struct fdt *fdt, int node, struct parse_ctx *c, int depth)
{
    struct machine_info *m = c->m;
    struct mem_range reg;
    struct fdt_prop compat;
    if (!read_reg(fdt, node, c->cells_at[depth], 0, &reg))
        return;
    reg.base += (uint64_t)c->offset_at[depth];
    if (fdt_get_prop(fdt, node, "compatible", &compat) || !fdt_prop_is_string(&compat))
        return;
    if (c->disabled_at[depth + 1]) {
        m->devices_disabled++;
        return;
    }
    struct device_info d = { .reg = reg, .irq = first_interrupt(fdt, node), .fdt_node = node };
    copy_string(d.compatible, sizeof d.compatible, &compat);
    if (fdt_is_compatible(fdt, node, "virtio,mmio") && m->virtio_count < MACHINE_MAX_VIRTIO)
        m->virtio[m->virtio_count++] = d;
    else if (m->device_count < MACHINE_MAX_DEVICES)
        m->devices[m->device_count++] = d;
    else
        m->devices_dropped++;
    if (fdt_is_compatible(fdt, node, "riscv,plic0") || fdt_is_compatible(fdt, node, "sifive,plic-1.0.0"))
        record_plic(fdt, node, m, reg);
    if (fdt_is_compatible(fdt, node, "sifive,test1") || fdt_is_compatible(fdt, node, "sifive,test0"))
        m->test_device = reg;
}

/* The kernel runs only on harts with an MMU. The PolarFire SoC's E51 monitor
 * core has none (its node has no mmu-type): whatever its status says, it is
 * not one of the kernel's harts. */
static bool cpu_has_mmu(const struct fdt *fdt, int node)
{
    struct fdt_prop p;
    if (fdt_get_prop(fdt, node, "mmu-type", &p) != 0 || !fdt_prop_is_string(&p))
        return false;
    return strcmp((const char *)p.value, "riscv,none") != 0;
}

static int visit(const struct fdt *fdt, int node, int parent, int depth, void *ctx)
{
    struct parse_ctx *c = ctx;
    struct machine_info *m = c->m;
    const char *name = fdt_node_name(fdt, node);
    if (!name)
        return FDT_ERR_STRUCTURE;
    if (depth + 1 >= FDT_MAX_DEPTH + 2)
        return FDT_ERR_DEPTH;
    /* Children of this node use its cells and its bus offset. */
    c->cells_at[depth + 1] = child_cells(fdt, node);
    c->offset_at[depth + 1] = c->offset_at[depth] +
                              (depth == 0 ? 0 : ranges_offset(fdt, node, c->cells_at[depth]));
    c->disabled_at[depth + 1] = c->disabled_at[depth] || !node_enabled(fdt, node);
    if (depth == 0) {
        struct fdt_prop p;
        if (fdt_get_prop(fdt, node, "model", &p) == 0 && fdt_prop_is_string(&p))
            copy_string(m->model, sizeof m->model, &p);
        return 0;
    }
    struct fdt_prop type;
    bool is_memory = fdt_get_prop(fdt, node, "device_type", &type) == 0 && fdt_prop_is_string(&type) &&
                     strcmp((const char *)type.value, "memory") == 0;
    if (is_memory && depth == 1) {
        struct mem_range r;
        for (unsigned i = 0; read_reg(fdt, node, c->cells_at[depth], i, &r); i++)
            if (r.size && m->ram_count < MACHINE_MAX_RAM)
                m->ram[m->ram_count++] = r;
        return 0;
    }
    const char *parent_name = parent >= 0 ? fdt_node_name(fdt, parent) : NULL;
    if (parent_name && depth == 2 && strcmp(parent_name, "reserved-memory") == 0) {
        struct mem_range r;
        struct fdt_prop nomap;
        bool no_map = fdt_get_prop(fdt, node, "no-map", &nomap) == 0;
        for (unsigned i = 0; read_reg(fdt, node, c->cells_at[depth], i, &r); i++)
            if (!add_reserved(m, r.base, r.size, no_map)) {
                c->what = "reserved-memory (more regions than the kernel keeps)";
                return FDT_ERR_STRUCTURE;
            }
        return 0;
    }
    if (parent_name && depth == 2 && strcmp(parent_name, "cpus") == 0) {
        struct mem_range r;
        if (!fdt_is_compatible(fdt, node, "riscv") || !read_reg(fdt, node, c->cells_at[depth], 0, &r))
            return 0;
        /* Every cpu node is recorded for the bring-up's report; a hart runs
         * threads only when enabled and with an MMU (a monitor core such as
         * the icicle kit's E51 has none, whatever its status says). */
        bool enabled = node_enabled(fdt, node);
        bool has_mmu = cpu_has_mmu(fdt, node);
        if (r.base < MACHINE_MAX_HARTS && m->cpu_count < MACHINE_MAX_HARTS)
            m->cpus[m->cpu_count++] =
                (struct cpu_node){ (uint32_t)r.base, enabled, has_mmu, isa_extensions_of_cpu(fdt, node) };
        if (enabled && has_mmu && m->hart_count < MACHINE_MAX_HARTS)
            m->hart_ids[m->hart_count++] = (uint32_t)r.base;
        return 0;
    }
    if (depth >= 1)
        record_device(fdt, node, c, depth);
    return 0;
}

/* Resolves stdout-path ("serial0:115200n8" or "/soc/serial@...") to a node. */
static int find_stdout_node(const struct fdt *fdt, int chosen)
{
    struct fdt_prop p;
    char path[128];
    if (fdt_get_prop(fdt, chosen, "stdout-path", &p) && fdt_get_prop(fdt, chosen, "linux,stdout-path", &p))
        return FDT_ERR_NOT_FOUND;
    if (!fdt_prop_is_string(&p))
        return FDT_ERR_STRUCTURE;
    copy_string(path, sizeof path, &p);
    char *colon = strchr(path, ':');
    if (colon)
        *colon = 0;
    if (path[0] == '/')
        return fdt_find_path(fdt, path);
    int aliases = fdt_find_path(fdt, "/aliases");
    struct fdt_prop alias;
    if (aliases < 0 || fdt_get_prop(fdt, aliases, path, &alias) || !fdt_prop_is_string(&alias))
        return FDT_ERR_NOT_FOUND;
    return fdt_find_path(fdt, (const char *)alias.value);
}

static void parse_console(const struct fdt *fdt, int chosen, struct machine_info *m)
{
    int node = find_stdout_node(fdt, chosen);
    if (node < 0)
        return;
    struct uart_info *u = &m->console;
    struct uart_layout layout;
    if (!uart_compat_layout(fdt, node, &layout))
        return;
    u->kind = layout.kind;
    u->compatible = layout.compatible;
    u->reg_shift = layout.reg_shift;
    u->reg_io_width = layout.reg_io_width;
    u->layout_defaulted = layout.shift_defaulted || layout.width_defaulted;
    fdt_prop_u32(fdt, node, "clock-frequency", &u->clock_hz);
    u->irq = first_interrupt(fdt, node);
    /* The register window is the device entry the walk recorded for this
     * node: a disabled console or one inside RAM stays unused. */
    for (unsigned i = 0; i < m->device_count; i++) {
        if (m->devices[i].fdt_node == node) {
            u->reg = m->devices[i].reg;
            return;
        }
    }
    u->kind = UART_NONE;
    u->compatible = NULL;
}

static void parse_chosen(const struct fdt *fdt, struct machine_info *m)
{
    int chosen = fdt_find_path(fdt, "/chosen");
    if (chosen < 0)
        return;
    struct fdt_prop p;
    uint64_t start = 0, end = 0;
    uint32_t pos;
    if (fdt_get_prop(fdt, chosen, "linux,initrd-start", &p) == 0) {
        pos = 0;
        fdt_read_cells(&p, &pos, p.len >= 8 ? 2 : 1, &start);
    }
    if (fdt_get_prop(fdt, chosen, "linux,initrd-end", &p) == 0) {
        pos = 0;
        fdt_read_cells(&p, &pos, p.len >= 8 ? 2 : 1, &end);
    }
    if (end > start)
        m->initrd = (struct mem_range){ start, end - start };
    if (fdt_get_prop(fdt, chosen, "bootargs", &p) == 0 && fdt_prop_is_string(&p))
        copy_string(m->bootargs, sizeof m->bootargs, &p);
    parse_console(fdt, chosen, m);
}

static bool overlaps(struct mem_range a, struct mem_range b)
{
    return a.size && b.size && a.base < b.base + b.size && b.base < a.base + a.size;
}

static bool inside_ram(const struct machine_info *m, struct mem_range r)
{
    for (unsigned i = 0; i < m->ram_count; i++)
        if (overlaps(r, m->ram[i]))
            return true;
    return false;
}

/* Drops device entries whose registers overlap RAM (the /memory nodes may
 * come after the devices, so this runs once the walk is done). */
static unsigned drop_in_ram(const struct machine_info *m, struct device_info *list, unsigned *count)
{
    unsigned kept = 0, dropped = 0;
    for (unsigned i = 0; i < *count; i++) {
        if (inside_ram(m, list[i].reg))
            dropped++;
        else
            list[kept++] = list[i];
    }
    *count = kept;
    return dropped;
}

/* /cpus/timebase-frequency, or else a cpu node's own (the P550's vendor tree
 * has only those), enabled cpus first. */
static void find_timebase(const struct fdt *fdt, struct machine_info *m)
{
    int cpus = fdt_find_path(fdt, "/cpus");
    uint32_t tb;
    if (cpus < 0)
        return;
    if (fdt_prop_u32(fdt, cpus, "timebase-frequency", &tb) && tb) {
        m->timebase_hz = tb;
        m->timebase_from = TIMEBASE_CPUS;
        return;
    }
    for (int want_enabled = 1; want_enabled >= 0; want_enabled--)
        for (int cpu = fdt_first_child(fdt, cpus); cpu >= 0; cpu = fdt_next_sibling(fdt, cpu))
            if (node_enabled(fdt, cpu) == want_enabled && fdt_prop_u32(fdt, cpu, "timebase-frequency", &tb) &&
                tb) {
                m->timebase_hz = tb;
                m->timebase_from = TIMEBASE_CPU_NODE;
                return;
            }
}

static void use_plic(struct machine_info *m, const struct plic_info *p)
{
    m->plic = p->reg;
    m->plic_sources = p->sources;
    memcpy(m->plic_s_context, p->s_context, sizeof m->plic_s_context);
}

bool machine_select_plic(struct machine_info *m, uint32_t hart)
{
    for (unsigned i = 0; i < m->plic_count; i++)
        if (hart < MACHINE_MAX_HARTS && m->plics[i].s_context[hart] != UINT32_MAX) {
            use_plic(m, &m->plics[i]);
            return true;
        }
    m->plic = (struct mem_range){ 0, 0 };
    m->plic_sources = 0;
    for (unsigned h = 0; h < MACHINE_MAX_HARTS; h++)
        m->plic_s_context[h] = UINT32_MAX;
    return false;
}

bool machine_is_plic(const struct machine_info *m, uint64_t base)
{
    for (unsigned i = 0; i < m->plic_count; i++)
        if (m->plics[i].reg.base == base)
            return true;
    return false;
}

/* Before the boot hart is known: the first PLIC that routes to any hart. */
static void default_plic(struct machine_info *m)
{
    for (unsigned h = 0; h < MACHINE_MAX_HARTS; h++)
        if (machine_select_plic(m, h))
            return;
}

int machine_from_fdt(const void *blob, size_t max_size, struct machine_info *out, const char **what)
{
    struct fdt fdt;
    struct parse_ctx c;
    memset(out, 0, sizeof *out);
    memset(&c, 0, sizeof c);
    c.m = out;
    c.cells_at[0] = (struct cells){ 2, 1 };
    *what = "header";
    int err = fdt_open(&fdt, blob, max_size);
    if (err)
        return err;
    uint64_t base, size;
    for (unsigned i = 0; (err = fdt_memreserve(&fdt, i, &base, &size)) == 0; i++)
        if (!add_reserved(out, base, size, false)) {
            *what = "memory reservation block (more regions than the kernel keeps)";
            return FDT_ERR_STRUCTURE;
        }
    if (err != FDT_ERR_NOT_FOUND) {
        *what = "memory reservation block";
        return err;
    }
    *what = "structure block";
    if ((err = fdt_walk(&fdt, visit, &c)) < 0) {
        if (c.what)
            *what = c.what;
        return err;
    }
    out->devices_in_ram = drop_in_ram(out, out->devices, &out->device_count) +
                          drop_in_ram(out, out->virtio, &out->virtio_count);
    find_timebase(&fdt, out);
    parse_chosen(&fdt, out);
    default_plic(out);
    if (out->ram_count == 0) {
        *what = "memory node";
        return FDT_ERR_NOT_FOUND;
    }
    *what = NULL;
    return 0;
}

uint64_t machine_cpu_extensions(const struct machine_info *m, uint32_t hartid)
{
    for (unsigned i = 0; i < m->cpu_count; i++)
        if (m->cpus[i].hartid == hartid)
            return m->cpus[i].isa_extensions;
    return 0;
}
