/* Under icount, cycle and instret are both the guest instruction count, so
 * reading one right after the other differs by exactly one instruction, every
 * time; hardware counters (and QEMU's host ticks without icount) do not. */
#include "counter.h"

#include <stdint.h>

#include <mica/abi/bootinfo.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>

#define PROBE_READS 16
/* -icount shift=0: each instruction advances virtual time by 2^0 ns. */
#define ICOUNT_SHIFT0_HZ 1000000000ull

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

static const char *unit;
static bool icount;
static uint64_t elapsed_hz;

const char *counter_unit(void)
{
    if (unit)
        return unit;
    icount = instruction_exact();
    if (icount) {
        unit = "instr";
        elapsed_hz = ICOUNT_SHIFT0_HZ;
        ipc_log_info("timing with rdcycle: counts instructions (QEMU -icount shift=0), unit instr");
        return unit;
    }
    unit = "cycles";
    ipc_log_warn("timing with rdcycle: not instruction-exact, unit cycles "
                 "(on QEMU the figures are host ticks: boot with -icount shift=0)");
    /* Any program may ask (no capability); a kernel that cannot say gives no rates. */
    long hz = mica_sys_system_info(0, MICA_INFO_TIMEBASE_HZ);
    elapsed_hz = hz > 0 ? (uint64_t)hz : 0;
    return unit;
}

uint64_t counter_cycle_hz(void)
{
    counter_unit();
    return icount ? ICOUNT_SHIFT0_HZ : 0;
}

uint64_t counter_elapsed_hz(void)
{
    counter_unit();
    return elapsed_hz;
}

uint64_t counter_elapsed(void)
{
    return icount ? arch_rdcycle() : arch_rdtime();
}

bool counter_idle(uint64_t *idle)
{
    if (!counter_cycle_hz())
        return false;
    long r = mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_IDLE_INSTRET);
    if (r < 0)
        return false;
    *idle = (uint64_t)r;
    return true;
}
