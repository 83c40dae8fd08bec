/* blkbench chaos's crasher thread and the one function that crashes the
 * driver. It only calls init (process control) and reads shared words: no
 * slot is allocated here (the slot allocator belongs to the main thread). */
#include <mica/abi/errno.h>
#include <mica/proc.h>
#include <mica/proc_ctl.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include <string.h>

#include "blkbench.h"
#include "chaos.h"

/* The pause before each crash, drawn from 0..CRASH_GAP_MAX_MS: long enough
 * for a crash to land in any part of the workload's cycle. */
#define CRASH_GAP_MAX_MS 20u
/* A crash the workload has not recovered from in this time fails the run. */
#define RECOVERY_BOUND_MS 60000u
#define CRASHER_STACK_PAGES 4u

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 0x2545F4914F6CDD1Dull;
}

/* PROC_CTL_CRASH at a random point: init picks one of the driver's fault
 * points (decode, dma, irq, ring-batch, now; not hang, since the line has no
 * heartbeat) and a count of 1..4 from the seed and logs them, and the driver
 * takes a real fault there (docs/recovery.md, "Fault injection"); its
 * restart=on-fault policy starts it again. With --update, PROC_CTL_RESTART
 * with the next image instead: init checks and links it while the driver
 * serves on, then stops the driver wherever it is and starts the image
 * (docs/recovery.md, "Live update"). */
long chaos_crash(struct chaos_shared *s, uint32_t k, uint64_t pid)
{
    if (!s->image_count)
        return proc_crash(pid, PROC_FAULT_RANDOM, next_random(&s->rng) | 1u);
    long r = proc_update(pid, s->images[k % s->image_count], 0);
    return r < 0 ? r : 0;
}

/* The pid of the server that registered `scheme`, 0 when nobody has. */
static uint64_t scheme_pid(const char *scheme)
{
    struct proc_ctl_scheme record;
    long r;
    for (unsigned i = 0; (r = proc_scheme_at(i, &record)) != -MICA_ENOENT; i++)
        if (r == 1 && strcmp(record.name, scheme) == 0)
            return record.pid;
    return 0;
}

static void pause_ms(uint64_t ms)
{
    uint64_t start = arch_rdtime(), ticks = timebase_ticks_ms(ms);
    while (arch_rdtime() - start < ticks)
        mica_sys_thread_yield();
}

static long wait_recovered(struct chaos_shared *s, uint32_t count)
{
    uint64_t start = arch_rdtime(), bound = timebase_ticks_ms(RECOVERY_BOUND_MS);
    while (s->recovered < count) {
        if (arch_rdtime() - start > bound)
            return -MICA_ETIMEDOUT;
        mica_sys_thread_yield();
    }
    return 0;
}

static void crasher(uintptr_t arg)
{
    struct chaos_shared *s = (struct chaos_shared *)arg;
    long r = 0;
    while (!s->go)
        mica_sys_thread_yield();
    for (uint32_t k = 0; k < s->crashes && r == 0; k++) {
        pause_ms(next_random(&s->rng) % (CRASH_GAP_MAX_MS + 1));
        uint64_t pid = scheme_pid(s->scheme);
        if (!pid) {
            r = -MICA_ENOENT;
            break;
        }
        s->crash_time[k] = arch_rdtime();
        __atomic_store_n(&s->issued, k + 1, __ATOMIC_SEQ_CST);
        r = chaos_crash(s, k, pid);
        if (r == 0)
            r = wait_recovered(s, k + 1);
    }
    s->error = r;
    __atomic_store_n(&s->finished, true, __ATOMIC_SEQ_CST);
}

int chaos_crasher_start(struct chaos_shared *s)
{
    long thread = ipc_thread_spawn(crasher, (uintptr_t)s, blkbench_priority(),
                                   MICA_CHILD_SLOT_PARENT, CRASHER_STACK_PAGES);
    return thread < 0 ? (int)thread : 0;
}
