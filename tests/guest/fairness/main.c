/* fairness: arg 1 the heavy client, arg 2 the light one (fairness.h); the
 * scheme is the command line. Block 0 is their only channel. */
#include <string.h>

#include <mica/args.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include "fairness.h"

MICA_PROGRAM("fairness");

int fair_wait_mark(struct ipc_blk_handle *h, uint64_t magic, uint64_t ms)
{
    uint64_t words[FAIR_BLOCK / 8];
    uint64_t start = arch_rdtime(), ticks = timebase_ticks_ms(ms);
    do {
        long r = ipc_blk_read(h, 0, words, FAIR_BLOCK);
        if (r != FAIR_BLOCK)
            return r < 0 ? (int)r : -MICA_EIO;
        if (words[0] == magic)
            return 0;
        mica_sys_thread_yield();
    } while (arch_rdtime() - start < ticks);
    return -MICA_ETIMEDOUT;
}

int fair_put_mark(struct ipc_blk_handle *h, uint64_t magic)
{
    uint64_t words[FAIR_BLOCK / 8] = { magic };
    long r = ipc_blk_write(h, 0, words, FAIR_BLOCK);
    return r == FAIR_BLOCK ? 0 : r < 0 ? (int)r : -MICA_EIO;
}

int mica_main(uintptr_t arg)
{
    const char *scheme = mica_args();
    if (!scheme || !scheme[0] || (arg != 1 && arg != 2)) {
        ipc_log_error("start with arg=1 (heavy) or arg=2 (light) and args=\"<scheme>\"");
        ipc_log_result("FAIL bad arguments");
        return 1;
    }
    return arg == 1 ? fair_heavy(scheme) : fair_light(scheme);
}
