/* The other side of the IPC benchmarks: servers that answer calls and a
 * notification signaller. Each runs as a peer process (a second address
 * space, built by init's process builder from blkbench's own image) or, for
 * the same-address-space figure, as a thread of blkbench. */
#ifndef BLKBENCH_PEER_H
#define BLKBENCH_PEER_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/abi/ipc_abi.h>
#include <mica/proc.h>

#include <mica/proc_spawn.h>

enum peer_role {
    PEER_NULL,      /* replies with an empty message */
    PEER_COUNT,     /* replies with one word: how many words arrived */
    PEER_CAPS,      /* accepts one capability, deletes it, replies with how many arrived */
    PEER_SIGNAL,    /* signals, then sends the counter value read just before */
    PEER_ROLE_COUNT,
};

/* The benchmark's messages carry no label: an empty one, and the one-word
 * answers the peers give. */
#define PEER_EMPTY_MSG MICA_MSGINFO(0, 0, 0)
#define PEER_ONE_WORD_MSG MICA_MSGINFO(0, 1, 0)

/* The capabilities a peer process is granted, in its own cspace. */
#define PEER_SLOT_EP MICA_CHILD_SLOT_FIRST_GRANT
#define PEER_SLOT_NTFN (MICA_CHILD_SLOT_FIRST_GRANT + 1)

/* blkbench's mica_main argument when it is started as a peer: far above any
 * command number an init.conf would hold. */
bool peer_role_of(uintptr_t arg, enum peer_role *role);
/* The peer process's body; returns only when its endpoint fails. */
int peer_main(enum peer_role role);

/* Starts a peer process granted `ep` (and `ntfn` for PEER_SIGNAL). */
int peer_spawn(enum peer_role role, unsigned priority, long ep, long ntfn, struct process *p);
void peer_stop(struct process *p);

/* Thread entry of a PEER_NULL server in blkbench's own address space; arg
 * is the endpoint slot. */
void peer_thread_null(uintptr_t ep);

#endif
