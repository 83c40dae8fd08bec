/* Ring workers (blk_server_config.ring_workers): a synchronous driver's
 * rings served on their clients' harts. A cross-hart wakeup costs far more
 * than a same-hart one, and the copy, most of a request's work, would
 * otherwise stay on the main thread's hart whatever hart the client runs
 * on. One worker per hart that runs threads, but the main thread's (whose
 * clients the main thread serves as before); RING_SETUP's hart word picks
 * the worker, whose notification the ring's doorbell rings. A worker only
 * serves: the main thread still answers every message, closes handles
 * (under the handle's lock, so never inside a worker's batch), watches for
 * dead clients and talks to init. A worker's fault ends the whole server:
 * its fault endpoint is a badged copy of the server's endpoint, and the
 * main thread faults on hearing of it. */
#include <mica/cap.h>
#include <mica/fault.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/scheme.h>

#include "blk_server_private.h"

#define WORKER_STACK_PAGES 2u
/* Hart ids the kernel may have: masks are 64 bits wide. */
#define HART_ID_LIMIT 64u

_Static_assert((BLK_SERVER_MAX_WORKERS & (BLK_SERVER_MAX_WORKERS + 1u)) == 0,
               "a worker's index is the low bits of its fault badge");
_Static_assert((BLK_SERVER_WORKER_FAULT_BADGE & (BLK_BADGE_HANDLE | MICA_SCHEME_DOOR_MARKER)) == 0,
               "no client holds a worker's fault badge");

/* Wait for doorbells, serve the rung rings in turns, yielding between
 * turns while some have more (the clients on this hart run meanwhile).
 * Only system calls that pass everything in registers: the runtime's IPC
 * buffer pointer is the main thread's (a server has no TLS). */
static __attribute__((noreturn)) void worker_main(struct blk_server_worker *w)
{
    uint64_t rings = 0;
    for (;;) {
        long word;
        if (rings) {
            word = ntfn_poll(w->notification);
        } else {
            __atomic_store_n(&w->waiting, true, __ATOMIC_RELEASE);
            word = ntfn_wait(w->notification);
            __atomic_store_n(&w->waiting, false, __ATOMIC_RELEASE);
        }
        if (word < 0)
            __builtin_trap(); /* its own notification gone: a fault ends the server */
        rings |= (uint64_t)word & BLK_SERVER_DOORBELLS;
        rings = blk_server_worker_turn(w, rings);
        __atomic_store_n(&w->turns, w->turns + 1u, __ATOMIC_RELEASE);
        if (rings)
            mica_sys_thread_yield();
    }
}

/* A worker's thread: its own stack and IPC buffer, started on `hart`, its
 * faults reported on a badged copy of the server's endpoint. 0, 1 when the
 * hart runs no threads, or a negative code. */
static int worker_start(struct blk_server *s, struct blk_server_worker *w, unsigned hart)
{
    long err, stack_frame, ipc_frame;
    long thread = ipc_obj_create(MICA_CAP_THREAD, 0);
    if (thread < 0)
        return (int)thread;
    /* An unstarted thread is placed only on a hart that runs threads. */
    if (mica_sys_thread_set_hart(thread, hart) < 0) {
        ipc_cap_drop(thread);
        return 1;
    }
    *w = (struct blk_server_worker){ .s = s, .index = s->worker_count, .hart = hart };
    w->notification = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    uint8_t *stack = ipc_frame_map_new(WORKER_STACK_PAGES, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                       &stack_frame, &err);
    struct mica_ipc_buffer *buf = stack ? ipc_frame_map_new(MICA_IPC_BUFFER_PAGES,
                                                            MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                                            &ipc_frame, &err)
                                        : 0;
    long fault_ep = ipc_slot_alloc();
    long r = w->notification < 0 ? w->notification : !buf ? err : fault_ep;
    if (r >= 0)
        r = mica_sys_cap_mint(0, fault_ep, s->endpoint, MICA_RIGHT_WRITE,
                              (long)(BLK_SERVER_WORKER_FAULT_BADGE | w->index));
    if (r >= 0)
        r = mica_sys_thread_configure(thread, MICA_SLOT_SELF_CNODE, MICA_SLOT_SELF_VSPACE,
                                      ipc_frame, (long)(uintptr_t)buf);
    if (r >= 0)
        r = mica_sys_thread_set_sched(thread, s->c.worker_priority, fault_ep);
    uintptr_t sp = ((uintptr_t)stack + WORKER_STACK_PAGES * MICA_PAGE_SIZE) & ~(uintptr_t)15;
    if (r >= 0)
        r = mica_sys_thread_start(thread, (long)(uintptr_t)worker_main, (long)sp, (long)(uintptr_t)w);
    if (r < 0) {
        /* Not started: what it was given stays with the process, unused. */
        ipc_cap_drop(thread);
        return (int)r;
    }
    s->worker_count++;
    return 0;
}

int blk_server_workers_start(struct blk_server *s)
{
    if (!s->c.ring_workers || !blk_server_sync(s))
        return 0;
    long here = mica_sys_system_info(0, MICA_INFO_HART);
    if (here < 0)
        return (int)here;
    s->main_hart = (unsigned)here;
    s->worker_news = ipc_slot_alloc();
    if (s->worker_news < 0)
        return (int)s->worker_news;
    long r = mica_sys_cap_mint(0, s->worker_news, s->notification, MICA_RIGHT_WRITE,
                               (long)BLK_SERVER_WORKER_NEWS_BADGE);
    if (r < 0)
        return (int)r;
    for (unsigned hart = 0; hart < HART_ID_LIMIT && s->worker_count < BLK_SERVER_MAX_WORKERS; hart++) {
        if (hart == s->main_hart)
            continue;
        int err = worker_start(s, &s->workers[s->worker_count], hart);
        if (err < 0)
            return err;
    }
    for (unsigned i = 0; i < s->worker_count; i++)
        ipc_log_info("%s: rings of clients on hart %u served there", s->c.name, s->workers[i].hart);
    return 0;
}

struct blk_server_worker *blk_server_worker_for(struct blk_server *s, const struct ipc_msg *m)
{
    if (MICA_MSGINFO_WORDS(m->info) <= BLK_RING_SETUP_W_HART)
        return 0;
    for (unsigned i = 0; i < s->worker_count; i++)
        if (s->workers[i].hart == m->w[BLK_RING_SETUP_W_HART])
            return &s->workers[i];
    return 0;
}

/* Heartbeats in a row that may find a worker busy in one turn before it
 * counts as hung: a turn is at most BLK_SERVER_TURN_REQUESTS requests, far
 * below one heartbeat period (20 ms at least), so three in a row leave room
 * for a hart the host did not run for a while. */
#define WORKER_STUCK_ASKS 3u

bool blk_server_workers_stuck(struct blk_server *s)
{
    bool stuck = false;
    for (unsigned i = 0; i < s->worker_count; i++) {
        struct blk_server_worker *w = &s->workers[i];
        bool waiting = __atomic_load_n(&w->waiting, __ATOMIC_ACQUIRE);
        uint64_t turns = __atomic_load_n(&w->turns, __ATOMIC_ACQUIRE);
        w->busy_asks = !waiting && turns == w->turns_seen ? w->busy_asks + 1u : 0u;
        w->turns_seen = turns;
        if (w->busy_asks >= WORKER_STUCK_ASKS) {
            ipc_log_warn("%s: the ring worker on hart %u has been in one turn for %u heartbeats: "
                         "the server stops answering them", s->c.name, w->hart, w->busy_asks);
            stuck = true;
        }
    }
    return stuck;
}

void blk_server_worker_news(struct blk_server *s)
{
    for (unsigned i = 0; i < BLK_SERVER_MAX_HANDLES; i++) {
        struct blk_server_handle *h = &s->handles[i];
        if ((s->worker_handles >> i & 1u) && __atomic_load_n(&h->ring_broken, __ATOMIC_ACQUIRE))
            blk_server_ring_broken(s, h);
    }
}

void blk_server_worker_faulted(struct blk_server *s, const struct ipc_msg *m)
{
    struct ipc_fault f = ipc_fault_of(m);
    unsigned hart = s->workers[(uint64_t)m->badge & BLK_SERVER_MAX_WORKERS].hart;
    ipc_log_error("%s: the ring worker on hart %u faulted: scause %llu at %llx (stval %llx); "
                  "the server ends", s->c.name, hart, (unsigned long long)f.scause,
                  (unsigned long long)f.pc, (unsigned long long)f.stval);
    blk_server_fault_again(s, f.stval);
}
