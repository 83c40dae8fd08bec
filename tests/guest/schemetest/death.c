/* schemetest arg 17: a server's death ends every wait of its clients. Three
 * threads each hold a disk.vblk0: handle (a throttled disk keeps requests in
 * flight) and wait in one data path: the message path's READ call, the
 * zero-copy path's READ_BUFFER call, and the queued path's wait for a
 * completion. The server is killed from the shell (stop, then restart); each
 * wait must end with an error, the queued one with -EPIPE, none may hang. */
#include <stdint.h>
#include <string.h>

#include <mica/blk_client.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include "schemetest.h"

enum path { MESSAGE, ZERO_COPY, QUEUED, PATHS };
static const char *const path_names[PATHS] = { "message", "zero_copy", "queued" };

#define RING_DEPTH 16u
#define WAIT_PAGES 1u
/* Bound on the wait for the shell's kill (and its reload of the driver
 * between the rounds) and for the waits' ends. */
#define DEATH_WAIT_MS 60000u

struct waiter {
    volatile int busy;   /* its requests are in flight: the kill may come */
    volatile int ended;
    volatile long result;
};
static struct waiter waiters[PATHS];

static long message_path(struct ipc_blk_handle *h)
{
    static uint8_t sector[512];
    long r;
    waiters[MESSAGE].busy = 1;
    while ((r = ipc_blk_read(h, 0, sector, sizeof sector)) >= 0)
        ;
    return r;
}

static long zero_copy_path(struct ipc_blk_handle *h)
{
    long r = ipc_blk_buffer_create(h, WAIT_PAGES, 1);
    if (r < 0)
        return r;
    waiters[ZERO_COPY].busy = 1;
    while ((r = ipc_blk_read_buffer(h, 0, WAIT_PAGES * 4096u, 0)) >= 0)
        ;
    return r;
}

static long queued_path(struct ipc_blk_handle *h)
{
    long r = ipc_blk_buffer_create(h, WAIT_PAGES, 1);
    if (r >= 0)
        r = ipc_blk_ring_setup(h, RING_DEPTH, RING_DEPTH);
    for (unsigned i = 0; r >= 0 && i < RING_DEPTH; i++) {
        struct blk_submission sub = { .request_id = i, .opcode = BLK_OP_READ, .length = 512, .lba = i };
        r = ipc_blk_submit(h, &sub);
    }
    if (r < 0)
        return r;
    waiters[QUEUED].busy = 1;
    struct blk_completion c;
    /* Completions before the kill come back as usual; then the wait must end. */
    while ((r = ipc_blk_wait_completion(h, &c)) == 0)
        ;
    return r;
}

/* Between the rounds the shell loads the driver again: until its load
 * command arrives nobody is starting disk.vblk0, and a lookup is -ENOENT. */
static long open_once_loaded(struct ipc_blk_handle *h)
{
    uint64_t start = arch_rdtime(), bound = timebase_ticks_ms(DEATH_WAIT_MS);
    long r;
    while ((r = vblk_open0(h, BLK_OPEN_READ)) == -MICA_ENOENT && arch_rdtime() - start < bound)
        mica_sys_thread_yield();
    return r;
}

static void wait_in(uintptr_t which)
{
    struct ipc_blk_handle h;
    long r = open_once_loaded(&h);
    if (r == 0) {
        /* The death itself is under test here, not the recovery from it. */
        ipc_blk_recovery_off(&h);
        long (*const run[PATHS])(struct ipc_blk_handle *) = { message_path, zero_copy_path, queued_path };
        r = run[which](&h);
        ipc_blk_close(&h); /* frees what is left here */
    }
    waiters[which].result = r;
    waiters[which].ended = 1;
}

static int all_set(int ended)
{
    for (unsigned p = 0; p < PATHS; p++)
        if (!(ended ? waiters[p].ended : waiters[p].busy))
            return 0;
    return 1;
}

/* 1 once every waiter is busy (ended 0) or has ended (1); 0 after the bound. */
static int wait_all(int ended)
{
    uint64_t start = arch_rdtime(), bound = timebase_ticks_ms(DEATH_WAIT_MS);
    while (!all_set(ended)) {
        if (arch_rdtime() - start > bound)
            return 0;
        mica_sys_thread_yield();
    }
    return 1;
}

static void round_of(const char *kill)
{
    memset((void *)waiters, 0, sizeof waiters);
    for (unsigned p = 0; p < PATHS; p++) {
        long t = ipc_thread_spawn(wait_in, p, 50, 0, 4);
        if (t < 0) {
            check(0, "death_thread", "could not start a waiting thread", t);
            return;
        }
    }
    if (!wait_all(0)) {
        check(0, "death_busy", "a path never got its requests in flight", 0);
        return;
    }
    ipc_log_info("waiting in all three paths; %s virtio-blk now", kill);
    int ended = wait_all(1);
    for (unsigned p = 0; p < PATHS; p++) {
        char name[48];
        long r = waiters[p].result;
        int ok = waiters[p].ended && (p == QUEUED ? r == -MICA_EPIPE : r == -MICA_EPIPE || r == -MICA_EBADF);
        strcpy(name, "death_");
        strcat(name, kill);
        strcat(name, "_");
        strcat(name, path_names[p]);
        check(ok, name, waiters[p].ended ? "the wait ended without the expected error" : "the wait never ended", r);
    }
    if (ended)
        ipc_log_info("every wait ended after %s", kill);
}

void waits_end_on_death(void)
{
    round_of("stop");
    round_of("restart");
}
