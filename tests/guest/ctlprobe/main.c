/* ctlprobe: a hostile client of init's process-control protocol, for
 * tests/system/test_shell_server.py. arg 0 (granted control): malformed
 * and out-of-range requests, each of which init must refuse with an error;
 * arg 1 (not granted): the control slot is empty; arg 2: faults on purpose
 * after a good request, which must cost init nothing. */
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/proc_ctl.h>
#include <mica/runtime.h>

MICA_PROGRAM("ctlprobe");

static long raw(uint64_t label, unsigned words, uint64_t w0, uint64_t w1)
{
    struct ipc_msg r = ipc_call(MICA_CHILD_SLOT_CONTROL, MICA_MSGINFO(label, words, 0), w0, w1, 0, 0);
    return r.badge < 0 ? r.badge : (long)r.w[0];
}

/* A LOAD whose length word says more than the message carries, and one
 * with a control character in the line. */
static long load_short(void)
{
    return raw(PROC_CTL_LOAD, 2, 200, 0x6f6c6c6568);
}

static long load_control_char(void)
{
    uint64_t words[3] = { 9, 0x2f7672732f0a7273ull, 0x0a };
    return ipc_call_words(MICA_CHILD_SLOT_CONTROL, PROC_CTL_LOAD, words, 3, 0, 0).w[0];
}

static long with_a_cap(void)
{
    uint64_t cap = MICA_SLOT_SELF_THREAD, w = 0;
    struct ipc_msg r = ipc_call_words(MICA_CHILD_SLOT_CONTROL, PROC_CTL_PROGRAM, &w, 1, &cap, 1);
    return r.badge < 0 ? r.badge : (long)r.w[0];
}

static void hostile(void)
{
    ipc_log_info("refused: label %ld, no words %ld, index %ld, pid 0 %ld, pid 99999 %ld, "
                 "poweroff 256 %ld, empty line %ld, short line %ld, control char %ld, cap %ld",
                 raw(0x1234, 1, 0, 0), raw(PROC_CTL_STOP, 0, 0, 0),
                 raw(PROC_CTL_PROGRAM, 1, 1ull << 40, 0), raw(PROC_CTL_STOP, 1, 0, 0),
                 raw(PROC_CTL_WAIT, 1, 99999, 0), raw(PROC_CTL_POWEROFF, 1, 256, 0),
                 raw(PROC_CTL_LOAD, 1, 0, 0), load_short(), load_control_char(), with_a_cap());
    struct proc_ctl_program p;
    ipc_log_info("past the tables: program %ld, device %ld, image %ld; a good request %ld",
                 proc_program_at(1000, &p), raw(PROC_CTL_DEVICE, 1, 1000, 0),
                 raw(PROC_CTL_IMAGE, 1, 100000, 0), proc_program_at(0, &p));
}

int mica_main(uintptr_t arg)
{
    if (arg == 0) {
        hostile();
    } else if (arg == 1) {
        struct proc_ctl_memory m;
        ipc_log_info("without control: %s", mica_errno_name((int)proc_memory(&m)));
    } else {
        struct proc_ctl_memory m;
        ipc_log_info("with control: memory %ld; faulting on purpose", proc_memory(&m));
        volatile uint64_t *unmapped = (volatile uint64_t *)(uintptr_t)arg; /* 2: page 0 */
        *unmapped = 1;
    }
    return 0;
}
