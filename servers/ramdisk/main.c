/* ramdisk.srv: the ramdisk as a loadable server image. Its named
 * parameters (args="size=4M unit=1 ro") describe the device, whose blocks live in memory
 * init holds across restarts; it serves on the endpoint
 * init grants every server, registered with init's name service as
 * disk.ram<n>. */
#include <stdint.h>

#include <mica/rt_string.h>

#include <mica/args.h>
#include <mica/blk_client_limits.h>
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>
#include <mica/server_params.h>
#include <mica/server_supervision.h>

#include "ramdisk.h"

/* Another minor version builds ramdisk-next.srv (build.mk), the image a
 * live update swaps in. */
#ifndef RAMDISK_VERSION_MINOR
#define RAMDISK_VERSION_MINOR 0
#endif

#define RAMDISK_PRIORITY 100u

MICA_SERVER_MANIFEST(.name = "ramdisk", .version = MICA_VERSION(1, RAMDISK_VERSION_MINOR, 0),
                     .schemes = { "disk.ram" },
                     .stack_bytes = 16384, .priority = RAMDISK_PRIORITY, .entry = "ramdisk_main");

MICA_SERVER_PARAMS(MICA_PARAM("size", SIZE, "1M", "disk bytes, a multiple of 4096"),
                   MICA_PARAM_INT_MAX("unit", "0", 255, "n of the scheme disk.ram<n>"),
                   MICA_PARAM("ro", BOOL, "no", "read-only: writes are refused"),
                   MICA_PARAM("workers", BOOL, "no",
                              "serve each ring on a thread on its client's hart"),
                   BLK_CLIENT_LIMIT_PARAMS);
enum { PARAM_SIZE, PARAM_UNIT, PARAM_RO, PARAM_WORKERS };

int ramdisk_main(uintptr_t arg);

static struct ramdisk disk;

int ramdisk_main(uintptr_t arg)
{
    struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
    if (mica_server_params_read(arg, v, ipc_log_error) < 0)
        return 1;
    if (v[PARAM_SIZE].number == 0 || v[PARAM_SIZE].number % MICA_PAGE_SIZE) {
        ipc_log_error("size=%s: not a non-zero multiple of %u bytes", v[PARAM_SIZE].text, MICA_PAGE_SIZE);
        return 1;
    }
    char name[BLK_SERIAL_MAX];
    snprintf(name, sizeof name, "ram%u", (unsigned)v[PARAM_UNIT].number);
    struct ramdisk_config config = {
        .name = name,
        .size_bytes = v[PARAM_SIZE].number,
        .read_only = v[PARAM_RO].number != 0,
        .ring_workers = v[PARAM_WORKERS].number != 0,
        .worker_priority = RAMDISK_PRIORITY,
    };
    /* The blocks live in memory init holds for this configuration line, so
     * they outlive this process: a restarted ramdisk serves what the last
     * one was given (docs/recovery.md). */
    long held = ipc_slot_alloc();
    int r = held < 0 ? (int)held : (int)mica_server_held_memory(config.size_bytes, held);
    if (r < 0) {
        ipc_log_error("%s: init holds no memory for it: %s", name, mica_errno_name(r));
        return 1;
    }
    config.storage = held;
    r = ramdisk_init(&disk, &config, MICA_SERVER_SLOT_ENDPOINT);
    if (r == 0)
        r = ramdisk_bind(&disk, MICA_SLOT_SELF_THREAD);
    if (r < 0) {
        ipc_log_error("%s: cannot start: %s", name, mica_errno_name(r));
        return 1;
    }
    ipc_log_info("%s: %llu KiB, block size %u%s, serving", name,
                 (unsigned long long)(config.size_bytes / 1024u), RAMDISK_BLOCK_SIZE,
                 config.read_only ? ", read-only" : "");
    char scheme[MICA_SCHEME_NAME_MAX];
    snprintf(scheme, sizeof scheme, "disk.%s", name);
    if (ipc_scheme_register_or_say(scheme, ipc_log_error) < 0)
        return 1;
    /* For lsblk; a refusal costs only the listing's columns. */
    long facts = ipc_scheme_block_facts(scheme, config.size_bytes, RAMDISK_BLOCK_SIZE,
                                        config.read_only);
    if (facts < 0)
        ipc_log_warn("%s: init refused the block facts: %s", name, mica_errno_name((int)facts));
    mica_server_ready();
    r = ramdisk_serve(&disk, (struct mica_ipc_buffer *)MICA_PROC_IPC_BUFFER_VADDR);
    ipc_log_error("%s: receive failed: %s", name, mica_errno_name(r));
    return 1;
}
