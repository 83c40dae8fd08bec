/* Boot-info devices matched to their device-tree nodes. The boot info
 * carries only the first compatible string and no register layout; the
 * DTB copy init holds has the rest. The blob is untrusted: fdt.c and
 * machine.c check every offset, and every list here is read within its
 * size. */
#include "dt_devices.h"

#include <string.h>

int dt_open(struct dt_tree *t, const void *blob, size_t size)
{
    const char *what;
    memset(t, 0, sizeof *t);
    int r = fdt_open(&t->fdt, blob, size);
    return r < 0 ? r : machine_from_fdt(blob, size, &t->machine, &what);
}

const char *dt_compatible_next(const char *list, size_t size, const char *s)
{
    size_t pos = s ? (size_t)(s - list) + strnlen(s, size - (size_t)(s - list)) + 1 : 0;
    if (pos >= size || list[pos] == 0)
        return 0;
    /* A string that runs to the end of the field is not a whole string. */
    return strnlen(list + pos, size - pos) < size - pos ? list + pos : 0;
}

const char *dt_compatible_match(const char *want, size_t want_size, const char *have,
                                size_t have_size)
{
    for (const char *w = dt_compatible_next(want, want_size, 0); w;
         w = dt_compatible_next(want, want_size, w))
        for (const char *h = dt_compatible_next(have, have_size, 0); h;
             h = dt_compatible_next(have, have_size, h))
            if (strcmp(w, h) == 0)
                return w;
    return 0;
}

static int node_at(const struct machine_info *m, uint64_t phys)
{
    for (unsigned i = 0; i < m->device_count; i++)
        if (m->devices[i].reg.base == phys)
            return m->devices[i].fdt_node;
    for (unsigned i = 0; i < m->virtio_count; i++)
        if (m->virtio[i].reg.base == phys)
            return m->virtio[i].fdt_node;
    return -1;
}

/* Copies whole strings of the node's list while they fit. */
static void copy_compatible(const struct fdt_prop *p, char *out)
{
    const char *list = (const char *)p->value;
    size_t used = 0;
    for (const char *s = dt_compatible_next(list, p->len, 0); s;
         s = dt_compatible_next(list, p->len, s)) {
        size_t len = strlen(s) + 1;
        if (used + len >= DT_COMPATIBLE_MAX)
            break;
        memcpy(out + used, s, len);
        used += len;
    }
    memset(out + used, 0, DT_COMPATIBLE_MAX - used);
}

bool dt_describe(const struct dt_tree *t, uint64_t phys, struct dt_device *out)
{
    memset(out, 0, sizeof *out);
    int node = node_at(&t->machine, phys);
    struct fdt_prop compat;
    if (node < 0 || fdt_get_prop(&t->fdt, node, "compatible", &compat) != 0)
        return false;
    copy_compatible(&compat, out->compatible);
    struct uart_layout uart;
    if (uart_compat_layout(&t->fdt, node, &uart)) {
        /* The same layout the kernel console uses, defaults included. */
        out->reg_shift = uart.reg_shift;
        out->reg_io_width = uart.reg_io_width;
    } else {
        out->reg_io_width = 1;
        fdt_prop_u32(&t->fdt, node, "reg-shift", &out->reg_shift);
        fdt_prop_u32(&t->fdt, node, "reg-io-width", &out->reg_io_width);
    }
    out->console = t->machine.console.kind != UART_NONE && t->machine.console.reg.base == phys;
    return true;
}
