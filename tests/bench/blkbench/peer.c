/* Peer servers and the signaller. The loops do nothing the figure does not
 * name: a server replies at once, so a round trip measures the kernel and
 * the libipc stubs; each loop ends when its endpoint fails (it was deleted),
 * so a peer never spins at blkbench's priority. */
#include "peer.h"

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/runtime.h>

#include "blkbench.h"

#define PEER_ARG_BASE 0x7065657200ull /* "peer" */
#define PEER_QUOTA (512u * 1024u)

bool peer_role_of(uintptr_t arg, enum peer_role *role)
{
    if (arg < PEER_ARG_BASE || arg >= PEER_ARG_BASE + PEER_ROLE_COUNT)
        return false;
    *role = (enum peer_role)(arg - PEER_ARG_BASE);
    return true;
}

static void serve_null(long ep)
{
    struct ipc_msg m = ipc_recv(ep);
    while (m.badge >= 0)
        m = ipc_reply_recv(ep, PEER_EMPTY_MSG, 0, 0, 0, 0);
}

static void serve_count(long ep)
{
    struct ipc_msg m = ipc_recv(ep);
    while (m.badge >= 0)
        m = ipc_reply_recv(ep, PEER_ONE_WORD_MSG, MICA_MSGINFO_WORDS(m.info), 0, 0, 0);
}

/* The received capability is deleted before the reply, so every round
 * transfers into an empty slot, as a server taking a capability per request would. */
static void serve_caps(long ep)
{
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return;
    uint64_t recv_slot = (uint64_t)slot;
    ipc_set_recv_slots(&recv_slot, 1);
    struct ipc_msg m = ipc_recv(ep);
    while (m.badge >= 0) {
        unsigned caps = MICA_MSGINFO_CAPS(m.info);
        if (caps)
            mica_sys_cap_delete(0, slot);
        m = ipc_reply_recv(ep, PEER_ONE_WORD_MSG, caps, 0, 0, 0);
    }
}

/* The counter is read just before the signal; the waiter, which runs at a
 * higher priority, reads it again as soon as it runs and receives this
 * value afterwards. */
static void signal_loop(long ntfn, long ep)
{
    for (;;) {
        uint64_t start = arch_rdcycle();
        if (ntfn_signal(ntfn) < 0 || ipc_send(ep, PEER_ONE_WORD_MSG, start, 0, 0, 0) < 0)
            return;
    }
}

int peer_main(enum peer_role role)
{
    switch (role) {
    case PEER_NULL:
        serve_null(PEER_SLOT_EP);
        break;
    case PEER_COUNT:
        serve_count(PEER_SLOT_EP);
        break;
    case PEER_CAPS:
        serve_caps(PEER_SLOT_EP);
        break;
    case PEER_SIGNAL:
        signal_loop(PEER_SLOT_NTFN, PEER_SLOT_EP);
        break;
    case PEER_ROLE_COUNT:
        break;
    }
    return 1;
}

void peer_thread_null(uintptr_t ep)
{
    serve_null((long)ep);
}

static long supervisor_ep(void)
{
    /* Nobody listens: a peer that faults stops, and the benchmark waiting
     * for it is ended by the system test's timeout. */
    static long ep;
    if (!ep)
        ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    return ep;
}

int peer_spawn(enum peer_role role, unsigned priority, long ep, long ntfn, struct process *p)
{
    const uint8_t *image;
    size_t size;
    int r = blkbench_initrd_file(mica_program_name, &image, &size);
    if (r < 0) {
        ipc_log_error("cannot find my own image /%s in the initrd: %s", mica_program_name,
                      mica_errno_name(r));
        return r;
    }
    long supervisor = supervisor_ep();
    if (supervisor < 0)
        return (int)supervisor;
    struct spawn_request req = {
        .name = "blkbench-peer",
        .image = image,
        .image_size = size,
        .quota_bytes = PEER_QUOTA,
        .priority = priority,
        .supervisor_ep = supervisor,
        .badge = 1,
        .arg = (uintptr_t)(PEER_ARG_BASE + role),
        .grant_count = role == PEER_SIGNAL ? 2 : 1,
        .grants = { ep, ntfn },
    };
    const char *why = "";
    r = spawn_process(&req, p, &why);
    if (r < 0)
        ipc_log_error("cannot start a peer process: %s: %s", why, mica_errno_name(r));
    return r;
}

void peer_stop(struct process *p)
{
    process_destroy(p);
}
