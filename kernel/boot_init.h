/* Starting the first user program: init, from the initrd. */
#pragma once
#include <stdbool.h>
#include "machine.h"

/* Builds init's (the initrd file `name`, normally "init") cspace, address space and thread and makes it runnable.
 * Returns false (after logging why) when there is no usable init. */
bool boot_start_init(const struct machine_info *m, uint64_t dtb_pa, const char *name);
