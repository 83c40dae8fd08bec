/* What a server and init say to each other beyond READY and EXIT, on
 * MICA_CHILD_SLOT_PARENT (badged with the server's pid): a block server
 * offers init a way to reach it without ever blocking init (a notification
 * init signals; the server then asks what init wants), which carries the
 * heartbeat and fault injection; and a server asks for memory that init
 * holds across its restarts (docs/recovery.md). init answers only server
 * images, and checks every word here (servers/init/supervision.c). */
#ifndef MICA_SERVER_SUPERVISION_H
#define MICA_SERVER_SUPERVISION_H
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/proc.h>

/* Server -> init (call): w0 the fault points the server has (bit p: enum
 * proc_ctl_fault_point p), one cap: a signal-only notification of the
 * server's, badged as the server chose; init signals it when it wants
 * something. Reply w0: 0 (the cap is init's), -EPERM (not a server
 * image), -EBUSY (sent before), -EINVAL (no cap, not a notification). */
#define MICA_LABEL_SUPERVISED 0x5e7e1ull
/* Server -> init (call), each time the notification came: the heartbeat's
 * answer, and the question what init wants. Reply w0: 0, w1 the fault point
 * to arm plus one (0: none), w2 its count. */
#define MICA_LABEL_SUPERVISOR_ASK 0x5e7e2ull
#define MICA_SUPERVISOR_W_POINT 1u
#define MICA_SUPERVISOR_W_COUNT 2u
/* Server -> init (call): w0 bytes (whole pages). Reply w0: 0 and one frame
 * cap (READ|WRITE) of memory init holds for the server's configuration line:
 * the same frame, with what the last instance wrote, for every instance
 * that line starts (restarts by policy, `restart`, a live update), zeroed
 * only the first time; freed when the line is stopped. -EINVAL (0, not whole
 * pages, more than the line's quota, or not the size held), -EPERM (not a
 * server image), -ENOMEM. */
#define MICA_LABEL_HELD_MEMORY 0x5e7e3ull

/* The frame init holds for this server, `bytes` long, into the empty slot
 * `slot`: 0 or the refusal. */
static inline long mica_server_held_memory(uint64_t bytes, long slot)
{
    uint64_t recv = (uint64_t)slot;
    ipc_set_recv_slots(&recv, 1u);
    struct ipc_msg r = ipc_call(MICA_CHILD_SLOT_PARENT, MICA_MSGINFO(MICA_LABEL_HELD_MEMORY, 1, 0),
                                bytes, 0, 0, 0);
    ipc_set_recv_slots(0, 0);
    if (r.badge < 0)
        return r.badge;
    if ((long)r.w[0] == 0 && MICA_MSGINFO_CAPS(r.info) != 1)
        return -MICA_EPROTO;
    return (long)r.w[0];
}

#endif
