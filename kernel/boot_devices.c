/* The device records of init's boot info, read from the tree the kernel has
 * already checked (fdt.c bounds every offset): lists are copied only as
 * whole strings within the property's length. Pure; host-tested. */
#include "boot_devices.h"

#include "lib/kstring.h"

/* Copies whole strings of a property's list while they fit (with the
 * zero that ends the list); the rest of out is zero. */
static void copy_compatible(const struct fdt_prop *p, char *out)
{
    const char *list = (const char *)p->value;
    size_t used = 0, pos = 0;
    memset(out, 0, MICA_DEVICE_COMPATIBLE_MAX);
    while (pos < p->len && list[pos] != 0) {
        size_t len = strnlen(list + pos, p->len - pos);
        if (len == p->len - pos || used + len + 1 >= MICA_DEVICE_COMPATIBLE_MAX)
            return; /* runs off the property, or no room for it and the end */
        memcpy(out + used, list + pos, len + 1);
        used += len + 1;
        pos += len + 1;
    }
}

bool boot_device_describe(const struct fdt *fdt, const struct machine_info *m, const struct device_info *d,
                          struct mica_device_desc *out)
{
    struct fdt_prop compat;
    out->reg_shift = 0;
    out->reg_io_width = 1;
    out->flags = 0;
    if (m->console.kind != UART_NONE && m->console.reg.base == d->reg.base)
        out->flags |= MICA_DEVICE_CONSOLE;
    if (!fdt || d->fdt_node < 0 || fdt_get_prop(fdt, d->fdt_node, "compatible", &compat) != 0) {
        memset(out->compatible, 0, sizeof out->compatible);
        memcpy(out->compatible, d->compatible, strnlen(d->compatible, sizeof d->compatible));
        return false;
    }
    copy_compatible(&compat, out->compatible);
    struct uart_layout uart;
    if (uart_compat_layout(fdt, d->fdt_node, &uart)) {
        /* The same layout the kernel console uses, defaults included. */
        out->reg_shift = uart.reg_shift;
        out->reg_io_width = uart.reg_io_width;
    } else {
        fdt_prop_u32(fdt, d->fdt_node, "reg-shift", &out->reg_shift);
        fdt_prop_u32(fdt, d->fdt_node, "reg-io-width", &out->reg_io_width);
    }
    return true;
}
