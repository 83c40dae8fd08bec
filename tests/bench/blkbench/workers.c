/* The worker pool behind workers_run. Threads are started from the calling
 * (main) thread, the only one that allocates slots. */
#include "workers.h"

#include <stdint.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>
#include <mica/syscall.h>

#include "blkbench.h"

#define WORKER_STACK_PAGES 8u

struct worker {
    long thread;
    long go;         /* the worker waits here for a job */
    long done;       /* signal-only copy of the shared notification, badge 1 << index */
    void (*fn)(void *);
    void *arg;
};

static struct worker workers[BLKBENCH_MAX_CLIENTS];
static long all_done;
/* Where worker i runs: placement[i % spread]. */
static unsigned placement[BLKBENCH_MAX_CLIENTS], spread = 1;

int workers_spread(unsigned harts)
{
    if (harts > BLKBENCH_MAX_CLIENTS || ipc_harts(placement, harts) < harts)
        return -MICA_EINVAL;
    spread = harts;
    return 0;
}

static void worker_main(uintptr_t index)
{
    struct worker *w = &workers[index];
    for (;;) {
        if (ntfn_wait(w->go) < 0)
            return;
        w->fn(w->arg);
        ntfn_signal(w->done);
    }
}

static int start_worker(unsigned i)
{
    struct worker *w = &workers[i];
    long go = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (go < 0)
        return (int)go;
    long done = ipc_slot_alloc();
    if (done < 0)
        return (int)done;
    long r = mica_sys_cap_mint(0, done, all_done, MICA_RIGHT_WRITE, 1ull << i);
    if (r < 0)
        return (int)r;
    w->go = go;
    w->done = done;
    long thread = ipc_thread_spawn(worker_main, i, blkbench_priority(), MICA_CHILD_SLOT_PARENT,
                                   WORKER_STACK_PAGES);
    if (thread < 0)
        return (int)thread;
    w->thread = thread;
    return 0;
}

int workers_run(unsigned count, void (*fn)(void *), void *const args[])
{
    if (count == 0 || count > BLKBENCH_MAX_CLIENTS)
        return -MICA_EINVAL;
    if (!all_done) {
        long n = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
        if (n < 0)
            return (int)n;
        all_done = n;
    }
    for (unsigned i = 0; i < count; i++) {
        if (!workers[i].thread) {
            int r = start_worker(i);
            if (r < 0) {
                ipc_log_error("cannot start client thread %u: %s", i, mica_errno_name(r));
                return r;
            }
        }
        long r = mica_sys_thread_set_hart(workers[i].thread, placement[i % spread]);
        if (r < 0)
            return (int)r;
        workers[i].fn = fn;
        workers[i].arg = args[i];
    }
    for (unsigned i = 0; i < count; i++)
        ntfn_signal(workers[i].go);
    uint64_t want = (1ull << count) - 1, seen = 0;
    while (seen != want) {
        long word = ntfn_wait(all_done);
        if (word < 0)
            return (int)word;
        seen |= (uint64_t)word;
    }
    return 0;
}
