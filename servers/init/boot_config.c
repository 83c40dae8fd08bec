/* Reads the configuration from the initrd and walks it with a cursor that
 * survives between calls, so a reload sequence can pause it. */
#include "boot_config.h"

#include <string.h>

#include <mica/log.h>

#include "children.h"
#include "config.h"
#include "spawn.h"

static struct config_cursor cursor;
static char path[64];
static int open_file;

void boot_config_start(const struct mica_bootinfo *bi, const char *default_path)
{
    char bootargs[sizeof bi->bootargs + 1];
    memcpy(bootargs, bi->bootargs, sizeof bi->bootargs);
    bootargs[sizeof bi->bootargs] = 0;
    config_path_from_bootargs(bootargs, path, sizeof path);
    if (default_path && strcmp(path, CONFIG_DEFAULT_PATH) == 0 && !strstr(bootargs, "init.conf="))
        strncpy(path, default_path, sizeof path - 1);

    const uint8_t *text;
    size_t size;
    if (initrd_find(bi->initrd_size, path, &text, &size) < 0) {
        ipc_log_warn("no %s in the initrd: nothing to start", path);
        return;
    }
    config_begin(&cursor, (const char *)text, size);
    open_file = 1;
    boot_config_continue();
}

void boot_config_continue(void)
{
    struct config_entry conf;
    const char *why = "";
    int r = 0;
    while (open_file && (r = config_next(&cursor, &conf, &why)) > 0) {
        struct child *c = 0;
        if (child_load(&conf, &c) < 0) {
            if (conf.poweroff)
                init_power_off(1);
            continue;
        }
        if (conf.reload)
            return; /* reload.c calls back when the sequence is done */
    }
    if (open_file && r < 0)
        ipc_log_error("%s line %u: %s", path, cursor.line, why);
    open_file = 0;
}
