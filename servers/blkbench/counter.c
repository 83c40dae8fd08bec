/* Under icount, cycle and instret are both the guest instruction count, so
 * reading one right after the other differs by exactly one instruction, every
 * time; hardware counters (and QEMU's host ticks without icount) do not. */
#include "counter.h"

#include <stdint.h>

#include <mica/log.h>

#define PROBE_READS 16

static bool instruction_exact(void)
{
    for (int i = 0; i < PROBE_READS; i++) {
        uint64_t cycle, instret;
        __asm__ volatile("rdcycle %0\n\trdinstret %1" : "=r"(cycle), "=r"(instret));
        if (instret - cycle != 1)
            return false;
    }
    return true;
}

const char *counter_unit(void)
{
    static const char *unit;
    if (unit)
        return unit;
    if (instruction_exact()) {
        unit = "instr";
        ipc_log_info("timing with rdcycle: counts instructions (QEMU -icount shift=0), unit instr");
    } else {
        unit = "cycles";
        ipc_log_warn("timing with rdcycle: not instruction-exact, unit cycles "
                     "(on QEMU the figures are host ticks: boot with -icount shift=0)");
    }
    return unit;
}
