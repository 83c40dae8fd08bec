/* Reads the configuration from the initrd and starts its lines in order;
 * a line that fails to start, or that init cannot read, and says poweroff
 * ends the boot. */
#include "boot_config.h"

#include <string.h>

#include <mica/log.h>

#include "children.h"
#include "config.h"
#include "fetch.h"
#include <mica/proc_spawn.h>

void boot_config_start(const struct mica_bootinfo *bi, const char *default_path)
{
    char bootargs[sizeof bi->bootargs + 1];
    char path[64];
    memcpy(bootargs, bi->bootargs, sizeof bi->bootargs);
    bootargs[sizeof bi->bootargs] = 0;
    config_path_from_bootargs(bootargs, path, sizeof path);
    if (default_path && strcmp(path, CONFIG_DEFAULT_PATH) == 0 && !strstr(bootargs, "init.conf="))
        strncpy(path, default_path, sizeof path - 1);

    const uint8_t *text;
    size_t size;
    if (initrd_find(bi->initrd_size, path, &text, &size) < 0) {
        /* Nothing would ever run, and nobody could type a command: say so
         * and end the run with a failing status instead of idling. */
        ipc_log_error("no %s in the initrd: nothing to start; powering off", path);
        init_power_off(1);
    }
    struct config_cursor cursor;
    struct config_entry conf;
    const char *why = "";
    int r;
    config_begin(&cursor, (const char *)text, size);
    /* A line naming an image on a scheme waits in the fetch queue for its
     * scheme (and its poweroff with it); the lines after it go on. */
    while ((r = config_next(&cursor, &conf, &why)) != 0) {
        if (r < 0) {
            /* The lines after it still start (a shell among them can be
             * used); a boot meant to end there must not wait for ever. */
            int ends = config_line_says_poweroff(cursor.line_text, cursor.line_len);
            ipc_log_error("%s line %u: %s%s", path, cursor.line, why,
                          ends ? "; the line says poweroff: powering off" : "");
            if (ends)
                init_power_off(1);
            continue;
        }
        if (fetch_is_scheme_path(conf.program) ? fetch_queue(&conf, 0, 0) < 0
                                                : child_load(&conf, 0) < 0)
            if (conf.poweroff)
                init_power_off(1);
    }
}
