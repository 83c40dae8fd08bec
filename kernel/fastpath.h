/* The IPC fastpath: ipc_call and ipc_reply_recv with a register-only
 * message (or buffer words between two IPC buffers), no capability
 * transfer, and a partner already waiting, switch directly to the partner
 * without the scheduler. Anything else returns and takes the slow path,
 * which gives the same result. */
#pragma once
#include <stdint.h>
#include "thread.h"

/* ipc_call and ipc_reply_recv of t, the thread this hart runs, with its
 * arguments a0..a5 (t's registers are saved in t->ctx as well). Each
 * returns t only when the fastpath does not apply; trap.S calls them with
 * the arguments still in their registers. */
struct thread *fastpath_call(uint64_t slot, uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3,
                             struct thread *t);
struct thread *fastpath_reply_recv(uint64_t slot, uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2,
                                   uint64_t w3, struct thread *t);
