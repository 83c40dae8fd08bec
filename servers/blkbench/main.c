/* blkbench: Mica's IPC and block-I/O benchmark. init passes one number, the
 * entry of /etc/blkbench.cmds that holds the command line; blkbench started
 * by itself as a peer process gets a peer role instead. */
#include <mica/bootinfo.h>
#include <mica/cap.h>
#include <mica/errno.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "blkbench.h"
#include "blkbench_cmds.h"
#include "peer.h"

MICA_PROGRAM("blkbench");

int blkbench_initrd_file(const char *name, const uint8_t **data, size_t *size)
{
    struct mica_sysret2 initrd = ipc_frame_info(MICA_SLOT_INITRD_FRAME);
    if (initrd.value < 0)
        return (int)initrd.value;
    return initrd_find((uint64_t)initrd.value, name, data, size);
}

static int load_command(uint64_t index, char *line, size_t size)
{
    const uint8_t *text;
    size_t text_size;
    int r = blkbench_initrd_file(BLKBENCH_CMDS_PATH, &text, &text_size);
    if (r < 0) {
        ipc_log_error("cannot read /%s (is blkbench granted `initrd`?): %s", BLKBENCH_CMDS_PATH,
                      mica_errno_name(r));
        return r;
    }
    r = blkbench_cmd_find((const char *)text, text_size, index, line, size);
    if (r < 0)
        ipc_log_error("/%s: entry %llu: %s", BLKBENCH_CMDS_PATH, (unsigned long long)index,
                      r == -MICA_ENOENT ? "no such entry" : "line too long");
    return r;
}

static void print_usage(void)
{
    for (const char *const *line = blkbench_usage; *line; line++)
        ipc_log_info("%s", *line);
}

static int not_available(enum blkbench_cmd cmd)
{
    ipc_log_error("%s: not available yet: it needs the block servers", blkbench_cmd_names[cmd]);
    ipc_log_result("FAIL %s not available yet", blkbench_cmd_names[cmd]);
    return 1;
}

int mica_main(uintptr_t arg)
{
    enum peer_role role;
    if (peer_role_of(arg, &role))
        return peer_main(role);

    char line[BLKBENCH_CMD_LINE_MAX];
    if (load_command(arg, line, sizeof line) < 0) {
        ipc_log_result("FAIL no command line");
        return 1;
    }
    ipc_log_info("command %llu: blkbench %s", (unsigned long long)arg, line);
    char *argv[BLKBENCH_MAX_ARGS];
    int argc = blkbench_split(line, argv, BLKBENCH_MAX_ARGS);
    struct blkbench_opts opts;
    struct blkbench_arg_error err = { 0 };
    if (argc < 0)
        err.why = "too many arguments";
    if (argc < 0 || blkbench_parse(argc, argv, &opts, &err) < 0) {
        if (err.arg)
            ipc_log_error("%s: %s", err.why, err.arg);
        else
            ipc_log_error("%s", err.why);
        print_usage();
        ipc_log_result("FAIL bad arguments");
        return 1;
    }
    switch (opts.cmd) {
    case BLKBENCH_CMD_HELP:
        print_usage();
        ipc_log_result("PASS usage shown");
        return 0;
    case BLKBENCH_CMD_IPC:
        return blkbench_ipc(&opts);
    case BLKBENCH_CMD_BLK:
        return blkbench_blk(&opts);
    case BLKBENCH_CMD_MATRIX:
        return blkbench_matrix(&opts);
    default:
        return not_available(opts.cmd);
    }
}
