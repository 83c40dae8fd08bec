/* Starting the secondary harts the device tree allows (hart_boot.c). */
#pragma once
#include "machine.h"

/* Called by the boot hart, holding the kernel lock, once the page
 * allocator, timer and PLIC are up: starts every usable hart, says in the
 * log which harts run threads and why each other one is skipped, and
 * keeps (harts_isa_extensions) and logs the ISA extensions all of them have. */
void harts_start_secondaries(const struct machine_info *m);
