/* blkbench: Mica's IPC and block-I/O benchmark. Its command line comes from
 * init (args="..." in init.conf or the shell's load); several commands
 * separated by ';' run in order under one final verdict. blkbench started
 * by itself as a peer process gets a peer role in its arg instead. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <mica/args.h>
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "blkbench.h"
#include "peer.h"

MICA_PROGRAM("blkbench");

int blkbench_initrd_file(const char *name, const uint8_t **data, size_t *size)
{
    struct mica_sysret2 initrd = ipc_frame_info(MICA_SLOT_INITRD_FRAME);
    if (initrd.value < 0)
        return (int)initrd.value;
    return initrd_find((uint64_t)initrd.value, name, data, size);
}

/* Where the run stands: one command's verdict is the run's result line; in
 * a sequence each step's verdict is an info line and the last line sums
 * them up, so `blkbench|result:` appears exactly once either way. */
static struct {
    unsigned count, current, failed, first_failed;
} steps;

int blkbench_verdict(bool pass, const char *fmt, ...)
{
    char text[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    const char *word = pass ? "PASS" : "FAIL";
    if (steps.count <= 1)
        ipc_log_result("%s %s", word, text);
    else
        ipc_log_info("step %u of %u: %s %s", steps.current + 1, steps.count, word, text);
    if (!pass && steps.failed++ == 0)
        steps.first_failed = steps.current;
    return pass ? 0 : 1;
}

static void print_usage(void)
{
    for (const char *const *line = blkbench_usage; *line; line++)
        ipc_log_info("%s", *line);
}

unsigned blkbench_priority(void)
{
    unsigned own = mica_args_priority(MICA_PROC_DEFAULT_PRIORITY);
    return own < MICA_PROC_DEFAULT_PRIORITY ? own : MICA_PROC_DEFAULT_PRIORITY;
}

static int bad_arguments(const struct blkbench_arg_error *err)
{
    if (err->arg)
        ipc_log_error("%s: %s", err->why, err->arg);
    else
        ipc_log_error("%s", err->why);
    print_usage();
    return blkbench_verdict(false, "bad arguments");
}

static int run_command(char *text)
{
    char *argv[BLKBENCH_MAX_ARGS];
    int argc = blkbench_split(text, argv, BLKBENCH_MAX_ARGS);
    struct blkbench_opts opts;
    struct blkbench_arg_error err = { "too many arguments", 0 };
    if (argc < 0 || blkbench_parse(argc, argv, &opts, &err) < 0)
        return bad_arguments(&err);
    switch (opts.cmd) {
    case BLKBENCH_CMD_HELP:
        print_usage();
        return blkbench_verdict(true, "usage shown");
    case BLKBENCH_CMD_IPC:
        return blkbench_ipc(&opts);
    case BLKBENCH_CMD_BLK:
        return blkbench_blk(&opts);
    case BLKBENCH_CMD_MATRIX:
        return blkbench_matrix(&opts);
    case BLKBENCH_CMD_VERIFY:
        return blkbench_verify(&opts);
    case BLKBENCH_CMD_FILE:
        return blkbench_file(&opts);
    case BLKBENCH_CMD_CHAOS:
        return blkbench_chaos(&opts);
    case BLKBENCH_CMD_COUNT:
        break; /* the parser never gives it */
    }
    return blkbench_verdict(false, "unknown subcommand");
}

int mica_main(uintptr_t arg)
{
    enum peer_role role;
    if (peer_role_of(arg, &role))
        return peer_main(role);

    const char *args = mica_args();
    if (!args) {
        ipc_log_error("no command line: start blkbench with args=\"<command>\" "
                      "(init.conf, or the shell's load)");
        print_usage();
        ipc_log_result("FAIL no command line");
        return 1;
    }
    char line[MICA_ARGS_MAX];
    snprintf(line, sizeof line, "%s", args);
    ipc_log_info("command: blkbench %s", line);
    char *step_text[BLKBENCH_MAX_STEPS];
    int count = blkbench_steps(line, step_text, BLKBENCH_MAX_STEPS);
    if (count < 0) {
        ipc_log_error("more than %u commands separated by ';'", BLKBENCH_MAX_STEPS);
        ipc_log_result("FAIL bad arguments");
        return 1;
    }
    steps.count = (unsigned)count;
    for (unsigned i = 0; i < steps.count; i++) {
        steps.current = i;
        if (steps.count > 1)
            ipc_log_info("step %u of %u: blkbench %s", i + 1, steps.count,
                         step_text[i] + strspn(step_text[i], " \t"));
        run_command(step_text[i]);
    }
    if (steps.count > 1 && steps.failed)
        ipc_log_result("FAIL %u of %u steps failed, the first is step %u", steps.failed,
                       steps.count, steps.first_failed + 1);
    else if (steps.count > 1)
        ipc_log_result("PASS all %u steps", steps.count);
    return steps.failed ? 1 : 0;
}
