/* Periodic timer tick. Each tick re-arms the SBI timer one period after the
 * previous deadline, not after "now", so ticks do not drift. */
#include "timer.h"
#include "notification.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/sbi.h"

/* Written only by the timer interrupt on the owning hart (one hart, kernel not
 * preemptible: kernel_assert_exclusive). */
static uint64_t tick_period, next_deadline, ticks;

void timer_init(uint64_t timebase_hz)
{
    tick_period = timebase_hz / TIMER_TICK_HZ;
    if (tick_period == 0)
        tick_period = 1;
    next_deadline = csr_read_time() + tick_period;
    sbi_set_timer(next_deadline);
    csr_set_sie(SIE_STIE);
}

void timer_handle_interrupt(void)
{
    ticks++;
    next_deadline += tick_period;
    uint64_t now = csr_read_time();
    if (next_deadline <= now)
        next_deadline = now + tick_period;
    sbi_set_timer(next_deadline);
    notification_timers_expire(ticks);
}

uint64_t timer_ticks(void)
{
    return ticks;
}
