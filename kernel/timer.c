/* Periodic timer tick, on every hart that runs the scheduler. Each tick
 * re-arms the hart's timer one period after its previous deadline, not
 * after "now", so ticks do not drift. A hart whose cpu node declares Sstc
 * writes its own stimecmp: the tick is one S-mode interrupt. Otherwise the
 * SBI call sets it, and the M-mode firmware takes the machine timer's
 * interrupt and passes it on: about 280 more instructions a tick under QEMU
 * (tools/profile's `?`), and an ecall to re-arm. */
#include "timer.h"
#include "console.h"
#include "isa_extensions.h"
#include "notification.h"
#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/sbi.h"
#include "hart.h"

/* tick_period and idle_poll_span are set once at boot; ticks is counted by
 * the boot hart only (one tick per period however many harts run), under
 * the kernel lock. */
static uint64_t tick_period, idle_poll_span, ticks;

static inline void set_deadline(const struct hart *h, uint64_t at)
{
    if (h->tick_stimecmp)
        csr_write_stimecmp(at);
    else
        sbi_set_timer(at);
}

void timer_start_hart(void)
{
    struct hart *h = this_hart();
    h->tick_stimecmp = false;
    if (h->isa_extensions & ISA_KERNEL_SSTC) {
        /* A firmware that left Sstc closed to S-mode (menvcfg.STCE) makes
         * stimecmp an illegal instruction: probed, not trusted. */
        h->tick_stimecmp = arch_probe_stimecmp() == 0;
        if (!h->tick_stimecmp)
            log_warn("kernel", "hart %u: its cpu node declares Sstc but the firmware keeps stimecmp from "
                     "S-mode: its tick goes through SBI", h->hartid);
    }
    h->tick_deadline = csr_read_time() + tick_period;
    set_deadline(h, h->tick_deadline);
    csr_set_sie(SIE_STIE);
}

void timer_init(uint64_t timebase_hz)
{
    tick_period = timebase_hz / TIMER_TICK_HZ;
    if (tick_period == 0)
        tick_period = 1;
    idle_poll_span = timebase_hz / TIMER_IDLE_POLL_DIVISOR;
    timer_start_hart();
    log_info("kernel", "timer: %u Hz tick from %s", TIMER_TICK_HZ,
             this_hart()->tick_stimecmp ? "stimecmp (Sstc)" : "the SBI timer");
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
    set_deadline(h, h->tick_deadline);
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
