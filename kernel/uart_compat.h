/* Which device-tree nodes are 16550-family UARTs, and their register layout:
 * the node's reg-shift / reg-io-width, or the per-compatible defaults kept as
 * data in platform/uart-compat.def. Shared by the kernel console and init. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "fdt.h"

enum uart_kind {
    UART_NONE,
    UART_NS16550A,   /* QEMU virt */
    UART_DW_APB,     /* DesignWare APB UART (snps,dw-apb-uart, synopsys,uart0) */
};

struct uart_layout {
    enum uart_kind kind;
    const char *compatible;     /* the table entry that matched */
    uint32_t reg_shift;         /* register stride is 1 << reg_shift bytes */
    uint32_t reg_io_width;      /* 1 or 4 byte accesses */
    bool shift_defaulted;       /* the node had no usable reg-shift */
    bool width_defaulted;       /* the node had no usable reg-io-width */
};

/* False when no compatible string of the node is in the table. The node's
 * compatible list is tried in order (most specific first). */
bool uart_compat_layout(const struct fdt *fdt, int node, struct uart_layout *out);
