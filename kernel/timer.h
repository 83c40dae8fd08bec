/* The scheduler tick from the SBI timer; the period derives from the
 * timebase frequency the device tree gives. */
#pragma once
#include <stdint.h>

#include "mica/abi/syscall_list.h"

#define TIMER_TICK_HZ MICA_TIMER_TICK_HZ
/* An idle hart polls 1/this of a second before wfi while other harts run (sched.c). */
#define TIMER_IDLE_POLL_DIVISOR 10000u

/* Sets the period and starts the calling (boot) hart's tick. */
void timer_init(uint64_t timebase_hz);
/* Starts the calling hart's tick (a secondary hart, after timer_init). */
void timer_start_hart(void);
void timer_handle_interrupt(void);
uint64_t timer_ticks(void);
/* rdtime ticks an idle hart polls before wfi while other harts run. */
uint64_t timer_idle_poll_span(void);
