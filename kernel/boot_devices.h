/* What init learns about each device from the kernel instead of parsing the
 * device tree itself: the node's whole compatible list, its register layout
 * and whether it is the console. */
#pragma once
#include <stdbool.h>

#include <mica/abi/bootinfo.h>

#include "fdt.h"
#include "machine.h"

/* Fills out's compatible, reg_shift, reg_io_width and flags for the node of
 * d (the tree already parsed into m); false when fdt is NULL or the node has
 * no compatible property (out then holds d's first string only). */
bool boot_device_describe(const struct fdt *fdt, const struct machine_info *m, const struct device_info *d,
                          struct mica_device_desc *out);
