/* Time in the units of rdtime: the kernel reports the timebase's frequency
 * (from the device tree; QEMU virt 10 MHz, the P550 1 MHz), and every wait
 * bound in user space is written in milliseconds and converted here. */
#ifndef MICA_TIMEBASE_H
#define MICA_TIMEBASE_H
#include <stdint.h>

/* The timebase frequency in Hz (asked once, then kept). */
uint64_t timebase_hz(void);
/* rdtime ticks in ms milliseconds. */
uint64_t timebase_ticks_ms(uint64_t ms);

#endif
