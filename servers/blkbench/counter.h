/* The counter blkbench times with: rdcycle, which under QEMU -icount shift=0
 * counts retired instructions (unit "instr") and on hardware counts clock
 * cycles (unit "cycles"). The probe tells the two apart at run time. */
#ifndef BLKBENCH_COUNTER_H
#define BLKBENCH_COUNTER_H
#include <stdbool.h>

/* Probes once, logs which counter is in use, and returns the unit name. */
const char *counter_unit(void);

#endif
