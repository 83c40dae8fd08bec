/* init's side of supervision (mica/server_supervision.h): a block server's
 * offer of its notification, its asks, held memory, fault orders
 * (PROC_CTL_CRASH) and the heartbeat. init never waits on a server here: it
 * signals, and the server calls back. Supervisor thread only. */
#ifndef INIT_SUPERVISION_H
#define INIT_SUPERVISION_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/ipc.h>

#include "children.h"

/* The heartbeat's timer, a notification bound to the supervisor thread:
 * its signals arrive on the supervisor endpoint as notifications. */
int supervision_init(void);
/* SUPERVISED, SUPERVISOR_ASK or HELD_MEMORY from a live child c: true
 * when it was one of them (and is answered). `inbox` holds the cap the
 * message brought, if any; a kept one is moved out of it. */
bool supervision_message(struct child *c, const struct ipc_msg *m, long inbox);
/* The timer fired: pings the servers with a heartbeat, kills those whose
 * ping went unanswered for their whole heartbeat. */
void supervision_tick(void);
/* PROC_CTL_CRASH on c: 0, or -ESRCH (not alive), -EINVAL (a point it does
 * not have, a count of 0). */
long supervision_crash(struct child *c, unsigned point, uint64_t count);
/* The instance ended: its notification goes. */
void supervision_forget(struct child *c);
/* The line ended for good: the memory held for it goes. */
void supervision_release_held(struct child *c);

#endif
