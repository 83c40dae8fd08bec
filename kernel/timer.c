/* Periodic timer tick, on every hart that runs the scheduler. Each tick
 * re-arms the hart's SBI timer one period after its previous deadline, not
 * after "now", so ticks do not drift. */
#include "timer.h"
#include "notification.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/sbi.h"
#include "hart.h"

/* tick_period and idle_poll_span are set once at boot; ticks is counted by
 * the boot hart only (one tick per period however many harts run), under
 * the kernel lock. */
static uint64_t tick_period, idle_poll_span, ticks;

void timer_start_hart(void)
{
    struct hart *h = this_hart();
    h->tick_deadline = csr_read_time() + tick_period;
    sbi_set_timer(h->tick_deadline);
    csr_set_sie(SIE_STIE);
}

void timer_init(uint64_t timebase_hz)
{
    tick_period = timebase_hz / TIMER_TICK_HZ;
    if (tick_period == 0)
        tick_period = 1;
    idle_poll_span = timebase_hz / TIMER_IDLE_POLL_DIVISOR;
    timer_start_hart();
}

void timer_handle_interrupt(void)
{
    struct hart *h = this_hart();
    if (h->hartid == boot_hartid)
        ticks++;
    h->tick_deadline += tick_period;
    uint64_t now = csr_read_time();
    if (h->tick_deadline <= now)
        h->tick_deadline = now + tick_period;
    sbi_set_timer(h->tick_deadline);
    if (h->hartid == boot_hartid)
        notification_timers_expire(ticks);
}

uint64_t timer_ticks(void)
{
    return ticks;
}

uint64_t timer_idle_poll_span(void)
{
    return idle_poll_span;
}
