/* Threads: register context, scheduling state, and what a thread is
 * blocked on. A thread belongs to no process: it runs in the cspace and
 * vspace it was configured with, each held by a reference.
 * Ownership: every field belongs to the one kernel path running, under the
 * big kernel lock (kernel_assert_exclusive in kernel_lock.h); `ctx` is also
 * written by trap.S, before it takes the lock, on entry from user mode of
 * the thread running on that hart. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "arch/riscv/context.h"
#include "cap.h"
#include "hart.h"
#include "object.h"

enum thread_state {
    THREAD_INACTIVE,        /* created or suspended: never scheduled */
    THREAD_RUNNING,         /* current on a hart */
    THREAD_READY,           /* on a ready queue */
    THREAD_BLOCKED_SEND,    /* on an endpoint's send queue (ipc_call or ipc_send) */
    THREAD_BLOCKED_RECV,    /* on an endpoint's receive queue */
    THREAD_BLOCKED_REPLY,   /* called; waiting for the reply */
    THREAD_BLOCKED_NTFN,    /* waiting on a notification */
};

struct endpoint;
struct notification;
struct vspace;
struct frame;

struct thread {
    struct kobj obj;
    struct user_context ctx;    /* first after the header: trap.S reaches it by sscratch */
    enum thread_state state;
    uint8_t priority;
    uint8_t max_priority;       /* highest priority it may give others */
    uint8_t is_call;            /* BLOCKED_SEND: expecting a reply */
    uint8_t grant;              /* BLOCKED_SEND: caps may travel */
    uint8_t sending_fault;      /* BLOCKED_SEND: the message is a fault report */
    uint64_t badge;             /* BLOCKED_SEND: badge of the cap used */
    uint64_t send_info;         /* BLOCKED_SEND: message info (a fault report: scause) */
    uint64_t fault_stval;       /* BLOCKED_SEND with sending_fault: stval */
    struct hart *hart;          /* the hart it runs on: its ready queue and where it is current */
    struct cnode *cspace;
    struct vspace *vspace;
    struct frame *ipc_frame;    /* the IPC buffer's frame (NULL: none) */
    uint64_t ipc_vaddr;
    struct notification *bound_ntfn; /* ends receives when signalled (one reference) */
    bool ntfn_passed_senders;   /* the last receive took the bound word while senders waited */
    struct cap fault_ep;        /* a copy of the fault endpoint cap (its badge names the thread) */
    /* Queue links: ready queue or the queue of the object blocked on. */
    struct thread *next, *prev;
    void *blocked_on;           /* endpoint or notification */
    /* Reply bookkeeping: a server's pending caller, and the reverse link. */
    struct thread *reply_to;    /* server side: who the next reply goes to */
    struct thread *replying_server; /* caller side: whose reply_to holds us */
    struct cap *reply_cap;      /* caller side: the saved REPLY cap naming us (no reference:
                                   deleted when we stop, so we die with our last real cap) */
    uint64_t thread_id;
    /* BLOCKED_RECV from ipc_recv_hold with a pending reply (reply_to): the
     * slot of its own cspace a message saves that reply in first. */
    uint64_t reply_hold_slot;
};

/* The thread running on this hart. */
#define current_thread (this_hart()->current)

struct thread *thread_create(struct quota *q, long *err);
void thread_destroy(struct thread *t);
/* Stops a thread wherever it is blocked or runs (on any hart); a pending
 * reply to it is voided. */
void thread_make_inactive(struct thread *t);
/* The caller waiting for `server`'s pending reply (if any) is released
 * with -EPIPE: the server stopped, or received again without replying. */
void thread_abandon_reply(struct thread *server);
/* Places the thread on another hart (affinity): a ready or running one is
 * queued there at once, a blocked one when it wakes. */
void thread_move(struct thread *t, struct hart *to);
/* The thread's IPC buffer through the direct map, or NULL. */
struct mica_ipc_buffer *thread_ipc_buffer(struct thread *t);
/* Sets the syscall result registers of a blocked or preempted thread. */
static inline void thread_set_result(struct thread *t, long value)
{
    t->ctx.regs[REG_A0] = (uint64_t)value;
}
