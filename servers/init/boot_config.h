/* The boot configuration: init.conf (or the file the boot arguments name),
 * started line by line; a reload=<n> line holds the lines after it back
 * until its sequence is done. */
#ifndef INIT_BOOT_CONFIG_H
#define INIT_BOOT_CONFIG_H

#include <mica/bootinfo.h>

/* Opens the configuration and starts lines up to the first reload line. */
void boot_config_start(const struct mica_bootinfo *bi, const char *default_path);
/* Starts the following lines (reload.h calls it when a sequence ends). */
void boot_config_continue(void);

#endif
