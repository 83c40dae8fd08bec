/* reload=<n> on a configuration line: init loads the program, stops it once
 * it is ready (or has ended), and loads it again, n loads in all, while the
 * rest of the configuration waits. It reports the kernel's memory figures
 * after the first and the last stop (equal when nothing leaks) and the
 * load time of the image as a BENCH line. */
#ifndef INIT_RELOAD_H
#define INIT_RELOAD_H

#include "children.h"

/* c has just been loaded by a reload=<n> line: the first of its loads. */
void reload_begin(struct child *c);
/* Whether c is the child a reload sequence is cycling. */
int reload_owns(const struct child *c);
/* c is ready, or has ended by itself: stop it, count, load again or finish. */
void reload_step(struct child *c);

/* The boot configuration goes on once a sequence is done (boot_config.c). */
void boot_config_continue(void);

#endif
