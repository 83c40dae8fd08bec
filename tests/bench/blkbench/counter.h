/* The counters blkbench times with. Latency samples are rdcycle, which
 * under QEMU -icount shift=0 counts retired instructions (unit "instr") and
 * on hardware counts clock cycles (unit "cycles"); the probe tells the two
 * apart at run time. Rates (IOPS, MiB/s) need a clock whose frequency is
 * known: under icount shift=0 one instruction is 1 ns of virtual time, so
 * rdcycle itself at 10^9 per second; on hardware the timebase (rdtime), whose
 * frequency the kernel reports to a program granted `system`. */
#ifndef BLKBENCH_COUNTER_H
#define BLKBENCH_COUNTER_H
#include <stdbool.h>
#include <stdint.h>

/* Probes once, logs which counter is in use, and returns the unit name. */
const char *counter_unit(void);

/* Ticks per second of rdcycle itself: 10^9 under icount, 0 on hardware
 * (a cycle's length is not known there). */
uint64_t counter_cycle_hz(void);
/* Ticks per second of counter_elapsed(), 0 when unknown (then no rates). */
uint64_t counter_elapsed_hz(void);
/* The clock whole runs are timed with: rdcycle under icount, else rdtime. */
uint64_t counter_elapsed(void);
/* The kernel's count of idle time (MICA_INFO_IDLE_INSTRET) in
 * counter_elapsed() units: known only under icount (where instret follows
 * virtual time while a hart waits) and with the `system` grant. */
bool counter_idle(uint64_t *idle);

#endif
