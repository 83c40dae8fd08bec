/* The timebase frequency, asked of the kernel on first use. A kernel that
 * cannot say (it never should: boot stops without a timebase) gets QEMU
 * virt's 10 MHz, so a bound still ends. */
#include <mica/timebase.h>

#include <mica/syscall.h>

#define TIMEBASE_FALLBACK_HZ 10000000ull

uint64_t timebase_hz(void)
{
    static uint64_t hz;
    if (!hz) {
        long r = mica_sys_system_info(0, MICA_INFO_TIMEBASE_HZ);
        hz = r > 0 ? (uint64_t)r : TIMEBASE_FALLBACK_HZ;
    }
    return hz;
}

uint64_t timebase_ticks_ms(uint64_t ms)
{
    return ms * timebase_hz() / 1000u;
}
