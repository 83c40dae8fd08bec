/* The UART compatible table (platform/uart-compat.def) and the lookup that
 * applies it: board facts stay in platform/, this file only reads them. */
#include "uart_compat.h"
#include "lib/kstring.h"

struct uart_compat {
    const char *compatible;
    enum uart_kind kind;
    uint32_t reg_shift, reg_io_width;
};

static const struct uart_compat table[] = {
#define UART_COMPAT(name, kind, shift, width) { name, kind, shift, width },
#include "../platform/uart-compat.def"
#undef UART_COMPAT
};

/* The 16550 access code does byte or word accesses, and a stride beyond
 * 1 << 4 is no layout any UART uses: anything else is a broken property. */
#define UART_MAX_REG_SHIFT 4

static const struct uart_compat *lookup(const char *name)
{
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].compatible, name) == 0)
            return &table[i];
    return NULL;
}

bool uart_compat_layout(const struct fdt *fdt, int node, struct uart_layout *out)
{
    struct fdt_prop p;
    const struct uart_compat *hit = NULL;
    if (fdt_get_prop(fdt, node, "compatible", &p))
        return false;
    /* The property is a list of NUL-terminated strings; a string that runs
     * off the end of the property ends the list. */
    for (uint32_t pos = 0; pos < p.len && !hit;) {
        const char *s = (const char *)p.value + pos;
        size_t n = strnlen(s, p.len - pos);
        if (n == p.len - pos)
            break;
        hit = lookup(s);
        pos += (uint32_t)n + 1;
    }
    if (!hit)
        return false;
    uint32_t v;
    *out = (struct uart_layout){ .kind = hit->kind, .compatible = hit->compatible,
                                 .reg_shift = hit->reg_shift, .reg_io_width = hit->reg_io_width,
                                 .shift_defaulted = true, .width_defaulted = true };
    if (fdt_prop_u32(fdt, node, "reg-shift", &v) && v <= UART_MAX_REG_SHIFT) {
        out->reg_shift = v;
        out->shift_defaulted = false;
    }
    if (fdt_prop_u32(fdt, node, "reg-io-width", &v) && (v == 1 || v == 4)) {
        out->reg_io_width = v;
        out->width_defaulted = false;
    }
    return true;
}
