/* Synchronous IPC endpoints: a queue of blocked senders or of blocked
 * receivers (never both at once), and the message transfer between two
 * threads: register words, IPC-buffer words, capabilities, badge. */
#pragma once
#include <stdint.h>
#include "cap.h"
#include "thread.h"
#include "thread_queue.h"

struct endpoint {
    struct kobj obj;
    struct thread_queue queue;      /* blocked senders or receivers, FIFO */
    uint8_t receivers;              /* 1: the queue holds receivers */
};

struct endpoint *endpoint_create(struct quota *q, long *err);
/* Wakes every queued thread with -EPIPE: the endpoint is gone. */
void endpoint_destroy(struct endpoint *ep);
/* Removes a blocked thread from the endpoint queue it is on. */
void endpoint_cancel(struct thread *t);

/* Copies message words MICA_MSG_REG_WORDS..words-1 from one thread's IPC
 * buffer to another's (both must have one). Shared by the slow path and the
 * fastpath, out of line so a register-only message never pays for it. */
void ipc_copy_buffer_words(struct thread *from, struct thread *to, unsigned words);

/* Copies a message from `from` to `to`: words (registers, then IPC buffer),
 * capabilities if `grant`, and sets to's a0 = badge, a1 = delivered info. */
void ipc_transfer(struct thread *from, struct thread *to, uint64_t info, uint64_t badge, bool grant);

/* The operations behind the IPC syscalls, after decode. `t` is the current
 * thread; each leaves t running, ready or blocked. */
void invoke_send(struct thread *t, struct endpoint *ep, uint64_t info, uint64_t badge, bool grant,
                 bool is_call, bool blocking);
void invoke_recv(struct thread *t, struct endpoint *ep);
/* A receive that keeps t's pending reply (if any): a bound notification
 * leaves it pending; a message saves it in t's slot `slot` first. */
void invoke_recv_hold(struct thread *t, struct endpoint *ep, uint64_t slot);
/* Moves the pending reply of `server` (there is one) into the empty slot
 * `dest` as a REPLY cap. */
void invoke_reply_save(struct thread *server, struct cap *dest);
/* Sends the pending reply of `server` (if any) with the server's message. */
void invoke_reply(struct thread *server, uint64_t info);
/* Sends a kernel-made message (a fault report) from `t` to ep. */
void endpoint_send_fault(struct thread *t, struct cap *fault_ep, uint64_t scause, uint64_t sepc, uint64_t stval);
