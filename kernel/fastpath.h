/* The IPC fastpath: ipc_call and ipc_reply_recv with a register-only
 * message, no capability transfer, and a partner already waiting, switch
 * directly to the partner without the scheduler. Anything else returns
 * false and takes the slow path, which gives the same result. */
#pragma once
#include <stdbool.h>
#include "thread.h"

/* Both return only when the fastpath does not apply. */
void fastpath_call(struct thread *t);
void fastpath_reply_recv(struct thread *t);
