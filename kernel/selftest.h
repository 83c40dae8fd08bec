/* Boot self-check: exercises the allocator, the kernel page table and the
 * timer interrupt on the real machine, and the deliberate faults the panic
 * tests ask for with the `mica.fault=` boot argument. */
#pragma once
#include "machine.h"

/* Returns the number of failed checks; each failure is logged. */
int selftest_run(const struct machine_info *m, const struct mem_range *reserved, unsigned reserved_count);
__attribute__((noreturn)) void selftest_deliberate_fault(const char *kind);
