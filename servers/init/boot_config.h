/* The boot configuration: init.conf (or the file the boot arguments name),
 * every line started in order at boot. */
#ifndef INIT_BOOT_CONFIG_H
#define INIT_BOOT_CONFIG_H

#include <mica/abi/bootinfo.h>

/* Reads the configuration and starts each line's program; default_path
 * replaces etc/init.conf unless the boot arguments name a file. */
void boot_config_start(const struct mica_bootinfo *bi, const char *default_path);

#endif
