/* The scheduler tick from the SBI timer; the period derives from the
 * timebase frequency the device tree gives. */
#pragma once
#include <stdint.h>

#include "mica/abi/syscall_list.h"

#define TIMER_TICK_HZ MICA_TIMER_TICK_HZ

void timer_init(uint64_t timebase_hz);
void timer_handle_interrupt(void);
uint64_t timer_ticks(void);
