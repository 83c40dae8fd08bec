/* Notifications: a word of bits that signal ORs into and wait takes out.
 * Interrupts and ring doorbells arrive this way; nothing is ever queued
 * beyond the bits, so a signal can never block the signaller. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "thread.h"
#include "thread_queue.h"

struct notification {
    struct kobj obj;
    uint64_t word;
    struct thread_queue waiters;    /* FIFO */
    struct thread *bound;           /* a thread whose receives it also ends (no reference) */
    /* An armed one-shot timer (ntfn_timer): the tick it fires at (0: none),
     * the bits it signals, and the next armed notification. */
    uint64_t timer_at;
    uint64_t timer_bits;
    struct notification *timer_next;
};

struct notification *notification_create(struct quota *q, long *err);
void notification_destroy(struct notification *n);
void notification_cancel(struct thread *t);
void notification_signal(struct notification *n, uint64_t bits);
/* Arms n's timer to signal `bits` at tick `at` (replacing an armed one);
 * at 0 disarms it. */
void notification_timer_arm(struct notification *n, uint64_t at, uint64_t bits);
/* From the timer interrupt: signals every armed timer whose tick has come. */
void notification_timers_expire(uint64_t now);
/* Returns the word to t now (clearing it) or blocks t until a signal. */
void invoke_ntfn_wait(struct thread *t, struct notification *n);
/* Binds n to t (replacing either side's previous binding) or, with n NULL,
 * unbinds t. The thread holds a reference on its bound notification. */
void notification_bind(struct thread *t, struct notification *n);
/* A receive by t ends at once with the bound word when it is non-zero:
 * returns true after setting t's result registers. */
bool notification_take_bound(struct thread *t);
