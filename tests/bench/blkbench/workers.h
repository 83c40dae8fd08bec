/* blkbench's client threads: up to BLKBENCH_MAX_CLIENTS workers, started
 * once and reused by every run (a thread's stack and IPC buffer are never
 * given back, so a matrix must not start threads per cell). A worker sleeps
 * on its own notification, runs the job it is given, and reports through a
 * shared notification with its own bit. */
#ifndef BLKBENCH_WORKERS_H
#define BLKBENCH_WORKERS_H

/* Runs fn(args[i]) on workers 0..count-1 at once and returns when all have
 * finished: 0, or a negative error when a worker could not be started. */
int workers_run(unsigned count, void (*fn)(void *), void *const args[]);
/* Places worker i on the (i % harts)-th hart that runs the scheduler,
 * counting from blkbench's own (1: every worker on blkbench's hart) for
 * the following runs: 0, or -EINVAL when fewer harts run. */
int workers_spread(unsigned harts);

#endif
