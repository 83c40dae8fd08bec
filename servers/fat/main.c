/* fat: a read-only FAT file system served as a scheme. Its command line
 * names the scheme, optionally a file the volume must hold, and the block
 * devices to look on:
 *     args="scheme=boot find=/extlinux/extlinux.conf disk.vblk0:"
 * (the boot volume: the one U-Boot read extlinux.conf from). */
#include <stdbool.h>
#include <stdint.h>

#include <mica/abi/bootargs.h>
#include <mica/abi/errno.h>
#include <mica/args.h>
#include <mica/log.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>

#include "fat_server.h"

MICA_SERVER_MANIFEST(.name = "fat", .version = MICA_VERSION(1, 0, 0), .schemes = { "boot", "fat" },
                     .stack_bytes = 32768, .priority = 100, .entry = "fat_main");

#define ARGS_FIND_MAX 128u

int fat_main(uintptr_t arg);

static struct fat_server server;

/* Every word is scheme=, find= or a block scheme path ("disk.vblk0:");
 * 0, or -1 after a line naming the first that is not. */
static int check_args(const char *args)
{
    const char *p = args, *word;
    size_t len;
    while ((word = bootargs_next_word(&p, &len))) {
        bool keyed = (len > 7 && memcmp(word, "scheme=", 7) == 0) ||
                     (len > 5 && memcmp(word, "find=", 5) == 0);
        if (!keyed && word[len - 1] != ':') {
            ipc_log_error("unknown argument %.*s (scheme=<name> find=<path> <disk>:...)",
                          (int)(len > 48 ? 48 : len), word);
            return -1;
        }
    }
    return 0;
}

int fat_main(uintptr_t arg)
{
    (void)arg;
    const char *args = mica_args();
    char find[ARGS_FIND_MAX] = "";
    if (!args || check_args(args) < 0)
        return 1;
    bootargs_get(args, "scheme", server.scheme, sizeof server.scheme);
    bootargs_get(args, "find", find, sizeof find);
    if (!server.scheme[0]) {
        ipc_log_error("give scheme=<name> and the devices (args=\"scheme=boot disk.vblk0:\")");
        return 1;
    }
    if (fat_probe(&server, args, find) < 0) {
        ipc_log_error("%s: no FAT volume%s%s on the devices given", server.scheme,
                      find[0] ? " holding " : "", find);
        return 1;
    }
    if (ipc_scheme_register_or_say(server.scheme, ipc_log_error) < 0)
        return 1;
    const struct fat_volume *v = &server.volume;
    ipc_log_info("%s: FAT%u volume %s on %s, %u clusters of %u bytes, serving", server.scheme, v->type,
                 v->label[0] ? v->label : "(no label)", server.device, v->cluster_count,
                 v->cluster_bytes);
    mica_server_ready();
    int r = fat_serve(&server, MICA_SERVER_SLOT_ENDPOINT);
    ipc_log_error("%s: receive failed: %s", server.scheme, mica_errno_name(r));
    return 1;
}
