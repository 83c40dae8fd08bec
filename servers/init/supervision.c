/* Supervising block servers without waiting on them: init holds a
 * signal-only copy of each one's notification and signals it; the server's
 * loop then calls init (SUPERVISOR_ASK), which answers the heartbeat and
 * takes a pending fault order. Every word a server sends is checked here. */
#include "supervision.h"

#include <stdio.h>
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/abi/syscall_list.h>
#include <mica/log.h>
#include <mica/proc_ctl.h>
#include <mica/runtime.h>
#include <mica/server_supervision.h>
#include <mica/timebase.h>

static long timer; /* bound to this thread; 0 until supervision_init */

int supervision_init(void)
{
    timer = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (timer < 0)
        return (int)timer;
    return (int)mica_sys_ntfn_bind(timer, MICA_SLOT_SELF_THREAD);
}

static void answer(long status)
{
    ipc_reply(MICA_MSGINFO(0, 1, 0), (uint64_t)status, 0, 0, 0);
}

static bool watched(const struct child *c)
{
    return child_alive(c) && c->sup.doorbell && c->conf.heartbeat_ms;
}

/* Wakes the supervisor at half the shortest heartbeat of the servers
 * watched (a ping goes out, or is found unanswered, within that); not at
 * all when none is. */
static void arm_timer(void)
{
    unsigned shortest = 0;
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++) {
        const struct child *c = children_at(i);
        if (c && watched(c) && (!shortest || c->conf.heartbeat_ms < shortest))
            shortest = c->conf.heartbeat_ms;
    }
    uint64_t ticks = (uint64_t)shortest * MICA_TIMER_TICK_HZ / 2000u;
    if (timer > 0)
        mica_sys_ntfn_timer(timer, shortest ? (long)(ticks ? ticks : 1) : 0);
}

static long take_doorbell(struct child *c, const struct ipc_msg *m, long inbox)
{
    if (!c->manifest.magic)
        return -MICA_EPERM; /* a program serving from a thread of its own */
    if (c->sup.doorbell)
        return -MICA_EBUSY;
    struct ipc_cap_id id = ipc_cap_identify(inbox);
    if (MICA_MSGINFO_CAPS(m->info) != 1 || MICA_MSGINFO_WORDS(m->info) < 1 ||
        id.type != MICA_CAP_NOTIFICATION || !(id.rights & MICA_RIGHT_WRITE))
        return -MICA_EINVAL;
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    long r = mica_sys_cap_move(0, slot, inbox);
    if (r < 0) {
        ipc_slot_free(slot);
        return r;
    }
    c->sup.doorbell = slot;
    /* Only the points the framework has; RANDOM is init's to resolve. */
    c->sup.points = (uint32_t)m->w[0] & ((1u << PROC_FAULT_RANDOM) - 1u);
    if (c->conf.heartbeat_ms) {
        ipc_log_info("%s pid %llu: heartbeat every %u ms", child_name(c),
                     (unsigned long long)c->pid, c->conf.heartbeat_ms);
        arm_timer();
    }
    return 0;
}

static void ask(struct child *c)
{
    c->sup.ping_sent = 0;
    uint64_t point = c->sup.arm_point, count = c->sup.arm_count;
    c->sup.arm_point = 0;
    ipc_reply(MICA_MSGINFO(0, 3, 0), 0, point, count, 0);
}

/* Memory for the line: made (zeroed) at the first ask, the same frame for
 * every later instance; each gets a copy without DMA or ADMIN, which dies
 * with it. */
static long held_memory(struct child *c, const struct ipc_msg *m)
{
    uint64_t bytes = m->w[0];
    if (!c->manifest.magic)
        return -MICA_EPERM;
    if (bytes == 0 || bytes % MICA_PAGE_SIZE || bytes > c->conf.quota_bytes ||
        (c->held_frame && bytes != c->held_bytes))
        return -MICA_EINVAL;
    if (!c->held_frame) {
        long frame = ipc_obj_create(MICA_CAP_FRAME, bytes / MICA_PAGE_SIZE);
        if (frame < 0)
            return frame;
        c->held_frame = frame;
        c->held_bytes = bytes;
        ipc_log_info("%s pid %llu: holding %llu KiB for it across restarts", child_name(c),
                     (unsigned long long)c->pid, (unsigned long long)(bytes / 1024u));
    }
    long copy = ipc_slot_alloc();
    if (copy < 0)
        return copy;
    long r = mica_sys_cap_copy(0, copy, c->held_frame, MICA_RIGHT_READ | MICA_RIGHT_WRITE);
    if (r == 0) {
        ipc_buffer()->send_caps[0] = (uint64_t)copy;
        ipc_reply(MICA_MSGINFO(0, 1, 1), 0, 0, 0, 0);
        mica_sys_cap_delete(0, copy); /* the server's copy was made by the reply */
    }
    ipc_slot_free(copy);
    return r;
}

bool supervision_message(struct child *c, const struct ipc_msg *m, long inbox)
{
    long status;
    switch (MICA_MSGINFO_LABEL(m->info)) {
    case MICA_LABEL_SUPERVISED:
        answer(take_doorbell(c, m, inbox));
        return true;
    case MICA_LABEL_SUPERVISOR_ASK:
        if (c->sup.doorbell)
            ask(c);
        else
            answer(-MICA_EPERM);
        return true;
    case MICA_LABEL_HELD_MEMORY:
        status = held_memory(c, m);
        if (status < 0)
            answer(status);
        return true;
    default:
        return false;
    }
}

void supervision_tick(void)
{
    uint64_t now = arch_rdtime();
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++) {
        struct child *c = children_at(i);
        if (!c || !watched(c))
            continue;
        uint64_t limit = timebase_ticks_ms(c->conf.heartbeat_ms);
        if (c->sup.ping_sent && now - c->sup.ping_sent >= limit) {
            char why[64];
            snprintf(why, sizeof why, "no heartbeat answer in %u ms", c->conf.heartbeat_ms);
            child_kill_as_fault(c, why);
        } else if (!c->sup.ping_sent) {
            c->sup.ping_sent = now ? now : 1;
            ntfn_signal(c->sup.doorbell);
        }
    }
    arm_timer();
}

/* xorshift64: a RANDOM order's choices follow from its seed alone. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ull;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* RANDOM: one of the points the server has (HANG only when a heartbeat
 * will find it, NOW never: "soon", not at once) and a count of 1..4. */
static long pick_random(const struct child *c, uint64_t seed, unsigned *point, uint64_t *count)
{
    uint32_t usable = c->sup.points & ~(1u << PROC_FAULT_NOW);
    if (!c->conf.heartbeat_ms)
        usable &= ~(1u << PROC_FAULT_HANG);
    unsigned n = (unsigned)__builtin_popcount(usable);
    if (!n)
        return -MICA_EINVAL;
    unsigned k = (unsigned)(next_random(&seed) % n);
    for (*point = 0; !(usable >> *point & 1u) || k--; (*point)++)
        ;
    *count = 1u + next_random(&seed) % 4u;
    return 0;
}

long supervision_crash(struct child *c, unsigned point, uint64_t count)
{
    if (!child_alive(c))
        return -MICA_ESRCH;
    if (point == PROC_FAULT_NOW && count == 0) {
        child_kill_as_fault(c, "killed by a crash order");
        return 0;
    }
    if (!c->sup.doorbell)
        return -MICA_EINVAL; /* it takes no orders: not a block server */
    if (point == PROC_FAULT_RANDOM) {
        long r = pick_random(c, count, &point, &count);
        if (r < 0)
            return r;
    } else if (!(c->sup.points >> point & 1u) || count == 0) {
        return -MICA_EINVAL;
    } else if (point == PROC_FAULT_HANG && !c->conf.heartbeat_ms) {
        /* Nothing would ever find it: every client, and the shell asking
         * for the server's partitions, would wait on it for ever. */
        ipc_log_error("%s pid %llu: a hang needs a heartbeat to find it (heartbeat= on its line); "
                      "not armed",
                      child_name(c), (unsigned long long)c->pid);
        return -MICA_EINVAL;
    }
    ipc_log_info("%s pid %llu: fault armed at %s, pass %llu", child_name(c),
                 (unsigned long long)c->pid, proc_fault_point_name(point),
                 (unsigned long long)count);
    c->sup.arm_point = point + 1u;
    c->sup.arm_count = count;
    ntfn_signal(c->sup.doorbell);
    return 0;
}

void supervision_forget(struct child *c)
{
    /* The doorbell copies the server's notification, which went with its
     * process: the slot is usually empty by now, and is released anyway. */
    ipc_slot_forget(c->sup.doorbell);
    memset(&c->sup, 0, sizeof c->sup);
}

void supervision_release_held(struct child *c)
{
    if (c->held_frame)
        ipc_cap_drop(c->held_frame);
    c->held_frame = 0;
    c->held_bytes = 0;
}
