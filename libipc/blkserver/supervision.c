/* The block server's side of supervision (mica/server_supervision.h): init
 * gets a signal-only copy of the serving thread's notification, so it can
 * reach the server without ever waiting on it. On that signal the loop
 * calls init back: the call is the heartbeat's answer (a hung loop never
 * makes it), and its reply may arm a fault point. The points are here and
 * at the places the framework passes them, once for every driver; a fault
 * is a real one (a store to an unmapped page), so init sees the trap. */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/server_supervision.h>

#include "blk_server_private.h"

/* Stores here take a page fault (page 0 is never mapped); the offset says
 * which point it was. Volatile: the compiler must not see through it. */
static volatile uintptr_t fault_address = 0x100u;

void blk_server_supervised(struct blk_server *s)
{
    uint32_t points = BLK_FAULT(PROC_FAULT_NOW) | BLK_FAULT(PROC_FAULT_DECODE) |
                      BLK_FAULT(PROC_FAULT_DMA) | BLK_FAULT(PROC_FAULT_RING_BATCH) |
                      BLK_FAULT(PROC_FAULT_HANG);
    if (s->c.ops->irq)
        points |= BLK_FAULT(PROC_FAULT_IRQ);
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return;
    if (mica_sys_cap_mint(0, slot, s->notification, MICA_RIGHT_WRITE,
                          (long)BLK_SERVER_SUPERVISOR_BADGE) == 0) {
        uint64_t cap = (uint64_t)slot;
        /* A refusal (a program serving from a thread, not a server image)
         * leaves it unsupervised: nothing to report. */
        ipc_call_words(MICA_CHILD_SLOT_PARENT, MICA_LABEL_SUPERVISED, (uint64_t[]){ points }, 1,
                       &cap, 1);
        mica_sys_cap_delete(0, slot); /* init has its own copy now */
    }
    ipc_slot_free(slot);
}

/* Whether the caller is a ring worker (workers.c), which never logs: the
 * runtime's IPC buffer pointer is the main thread's. A system call, made
 * only on the way to a fault. */
static bool on_worker(const struct blk_server *s)
{
    return s->worker_count && mica_sys_system_info(0, MICA_INFO_HART) != (long)s->main_hart;
}

static __attribute__((noreturn)) void fault(struct blk_server *s, enum proc_ctl_fault_point point)
{
    const char *name = proc_fault_point_name(point);
    /* A worker's fault is told by the main thread (blk_server_fault_again). */
    if (!on_worker(s))
        ipc_log_warn("%s: injected fault at %s", s->c.name, name ? name : "?");
    /* The main thread's hang stops its answers by itself; a worker's is
     * found as a real one would be (blk_server_workers_stuck). */
    if (point == PROC_FAULT_HANG)
        for (;;)
            __asm__ volatile("" ::: "memory"); /* busy, never asking init again */
    *(volatile uint64_t *)(fault_address + 8u * (unsigned)point) = point;
    __builtin_unreachable();
}

void blk_server_supervisor_ask(struct blk_server *s)
{
    if (s->hung)
        return; /* a worker hangs: so does the server */
    /* A worker that never comes back from a turn (a driver that spins) is
     * not seen by this thread otherwise: it stops answering too. */
    if (blk_server_workers_stuck(s)) {
        s->hung = true; /* the main thread's alone: only it looks and sets */
        return;
    }
    struct ipc_msg r = ipc_call(MICA_CHILD_SLOT_PARENT, MICA_MSGINFO(MICA_LABEL_SUPERVISOR_ASK, 0, 0),
                                0, 0, 0, 0);
    if (r.badge < 0 || r.w[0] != 0 || r.w[MICA_SUPERVISOR_W_POINT] == 0)
        return;
    uint64_t point = r.w[MICA_SUPERVISOR_W_POINT] - 1u;
    uint64_t count = r.w[MICA_SUPERVISOR_W_COUNT];
    if (point >= PROC_FAULT_RANDOM || count == 0)
        return; /* init checked both: never happens */
    if (point == PROC_FAULT_NOW)
        fault(s, PROC_FAULT_NOW);
    s->fault_point = (unsigned)point;
    s->fault_left = count;
    /* Release: a worker that sees the point armed sees its count too
     * (blk_server_fault_pass's acquire). */
    __atomic_store_n(&s->fault_armed, BLK_FAULT(point), __ATOMIC_RELEASE);
}

void blk_server_fault_again(struct blk_server *s, uint64_t stval)
{
    uint64_t point = (stval - fault_address) / 8u;
    if (stval >= fault_address && point < PROC_FAULT_RANDOM && point != PROC_FAULT_HANG)
        fault(s, (enum proc_ctl_fault_point)point);
    *(volatile uint64_t *)(fault_address - 8u) = 0; /* page 0: a fault of our own */
    __builtin_unreachable();
}

/* Ring workers pass the points too, on other harts: one atomic step of
 * the count, so exactly one pass takes it to 0 and faults, as many passes
 * after arming as init asked. */
void blk_server_fault_pass(struct blk_server *s)
{
    (void)__atomic_load_n(&s->fault_armed, __ATOMIC_ACQUIRE);
    if (__atomic_sub_fetch(&s->fault_left, 1, __ATOMIC_RELAXED) == 0)
        fault(s, (enum proc_ctl_fault_point)s->fault_point);
}
