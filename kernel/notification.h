/* Notifications: a word of bits that signal ORs into and wait takes out.
 * Interrupts and ring doorbells arrive this way; nothing is ever queued
 * beyond the bits, so a signal can never block the signaller. */
#pragma once
#include <stdint.h>
#include "thread.h"

struct notification {
    struct kobj obj;
    uint64_t word;
    struct thread *head, *tail;     /* waiters, FIFO */
};

struct notification *notification_create(struct quota *q, long *err);
void notification_destroy(struct notification *n);
void notification_cancel(struct thread *t);
void notification_signal(struct notification *n, uint64_t bits);
/* Returns the word to t now (clearing it) or blocks t until a signal. */
void invoke_ntfn_wait(struct thread *t, struct notification *n);
