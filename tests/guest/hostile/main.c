/* hostile: arg 1 is the victim, arg 2 the attacker (hostile.h). The
 * attacker's last line is the verdict of both, with its counts. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>

#include "hostile.h"

MICA_PROGRAM("hostile");

const char *const hostile_disks[HOSTILE_DISKS] = { "disk.ram0:", "disk.vblk0:" };

void hostile_fill(uint8_t *bytes, unsigned disk, unsigned block)
{
    for (unsigned i = 0; i < HOSTILE_BLOCK; i++)
        bytes[i] = (uint8_t)(0xa5u ^ (disk * 97u + block * 13u + i * 3u));
}

int hostile_wait_block(struct ipc_blk_handle *h, unsigned block, uint64_t magic,
                       uint64_t out[HOSTILE_BLOCK / 8])
{
    uint64_t start = arch_rdtime();
    do {
        long r = ipc_blk_read(h, (uint64_t)block * HOSTILE_BLOCK, out, HOSTILE_BLOCK);
        if (r != HOSTILE_BLOCK)
            return r < 0 ? (int)r : -MICA_EIO;
        if (out[0] == magic)
            return 0;
        mica_sys_thread_yield();
    } while (arch_rdtime() - start < HOSTILE_WAIT_TICKS);
    return -MICA_ETIMEDOUT;
}

int hostile_put_block(struct ipc_blk_handle *h, unsigned block, const uint64_t words[HOSTILE_BLOCK / 8])
{
    long r = ipc_blk_write(h, (uint64_t)block * HOSTILE_BLOCK, words, HOSTILE_BLOCK);
    return r == HOSTILE_BLOCK ? 0 : r < 0 ? (int)r : -MICA_EIO;
}

int mica_main(uintptr_t arg)
{
    if (arg == HOSTILE_ROLE_VICTIM)
        return hostile_victim() ? 1 : 0;
    if (arg == HOSTILE_ROLE_ATTACKER)
        return hostile_attacker() ? 1 : 0;
    ipc_log_error("arg %lu: want 1 (victim) or 2 (attacker)", (unsigned long)arg);
    return 1;
}
