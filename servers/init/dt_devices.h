/* What init learns about a boot-info device from its copy of the device
 * tree: the node's whole compatible list, the 16550 register layout
 * (reg-shift, reg-io-width) and whether it is the console (/chosen
 * stdout-path). Pure code over the kernel's DT parser, host-tested. */
#ifndef INIT_DT_DEVICES_H
#define INIT_DT_DEVICES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"
#include "machine.h"

/* A compatible list as the FDT stores it: strings one after another, each
 * NUL-terminated; an empty string or the end of the field ends the list. */
#define DT_COMPATIBLE_MAX 128u

struct dt_device {
    char compatible[DT_COMPATIBLE_MAX]; /* truncated at a whole string */
    uint32_t reg_shift;                 /* registers are 1 << reg_shift bytes apart */
    uint32_t reg_io_width;              /* 1 or 4 byte accesses */
    bool console;                       /* the device /chosen stdout-path names */
};

struct dt_tree {
    struct fdt fdt;
    struct machine_info machine;
};

/* 0, or a negative fdt_error when the blob is not a usable device tree. */
int dt_open(struct dt_tree *t, const void *blob, size_t size);

/* Facts for the device whose register window starts at phys (the address
 * in the boot info, bus translation applied); false when no node has it. */
bool dt_describe(const struct dt_tree *t, uint64_t phys, struct dt_device *out);

/* The first string of list `want` that list `have` also holds, or 0. Both
 * lists are read only within their sizes. */
const char *dt_compatible_match(const char *want, size_t want_size, const char *have,
                                size_t have_size);

/* The next string of a list after s (s = 0: the first), or 0 at the end. */
const char *dt_compatible_next(const char *list, size_t size, const char *s);

#endif
