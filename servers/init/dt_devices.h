/* What init knows about a boot-info device: the node's whole compatible
 * list, the 16550 register layout (reg-shift, reg-io-width) and whether it
 * is the console, all from the kernel's boot info (init reads no device
 * tree); and the matching of compatible lists. Pure code, host-tested. */
#ifndef INIT_DT_DEVICES_H
#define INIT_DT_DEVICES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mica/abi/bootinfo.h>

/* A compatible list as the FDT stores it: strings one after another, each
 * NUL-terminated; an empty string or the end of the field ends the list. */
#define DT_COMPATIBLE_MAX MICA_DEVICE_COMPATIBLE_MAX

struct dt_device {
    char compatible[DT_COMPATIBLE_MAX]; /* truncated at a whole string */
    uint32_t reg_shift;                 /* registers are 1 << reg_shift bytes apart */
    uint32_t reg_io_width;              /* 1 or 4 byte accesses */
    bool console;                       /* the device /chosen stdout-path names */
};

/* The facts of a boot-info record; its compatible list is read within
 * its size (a list that fills the field without its ending zero keeps only
 * its whole strings). */
void dt_describe(const struct mica_device_desc *desc, struct dt_device *out);

/* The first string of list `want` that list `have` also holds, or 0. Both
 * lists are read only within their sizes. */
const char *dt_compatible_match(const char *want, size_t want_size, const char *have,
                                size_t have_size);

/* The next string of a list after s (s = 0: the first), or 0 at the end. */
const char *dt_compatible_next(const char *list, size_t size, const char *s);

#endif
