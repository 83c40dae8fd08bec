/* The public IPC API: synchronous call/reply/receive with the first
 * MICA_MSG_REG_WORDS words in registers, longer messages and capability
 * transfer through this thread's IPC buffer, and notifications. */
#ifndef MICA_IPC_H
#define MICA_IPC_H
#include <stddef.h>
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/abi/ipc_abi.h>
#include <mica/syscall.h>

/* What a receive (or the reply to a call) delivered. badge is >= 0 on
 * success and a negative -MICA_E* code on failure; w[] are the register
 * words, the rest are in ipc_buffer()->msg[MICA_MSG_REG_WORDS..]. */
struct ipc_msg {
    long badge;
    uint64_t info;
    uint64_t w[MICA_MSG_REG_WORDS];
};

/* This thread's IPC buffer (set up by the runtime for every thread it starts).
 * The shared runtime image has no TLS segment, so there the pointer is a
 * plain per-server variable: the first thread's (a server's other threads,
 * such as the block framework's ring workers, make only system calls that
 * pass everything in registers). */
#ifdef MICA_RUNTIME_IMAGE
extern struct mica_ipc_buffer *ipc_tls_buffer;
#else
extern __thread struct mica_ipc_buffer *ipc_tls_buffer;
#endif
static inline struct mica_ipc_buffer *ipc_buffer(void)
{
    return ipc_tls_buffer;
}

/* One IPC system call; the register-only message in and out. */
static inline struct ipc_msg ipc_syscall_msg(long nr, long ep, uint64_t info, uint64_t w0,
                                             uint64_t w1, uint64_t w2, uint64_t w3)
{
    register long a0_ __asm__("a0") = ep;
    register uint64_t a1_ __asm__("a1") = info;
    register uint64_t a2_ __asm__("a2") = w0;
    register uint64_t a3_ __asm__("a3") = w1;
    register uint64_t a4_ __asm__("a4") = w2;
    register uint64_t a5_ __asm__("a5") = w3;
    MICA_ECALL_ASM(nr);
    return (struct ipc_msg){ a0_, a1_, { a2_, a3_, a4_, a5_ } };
}

static inline struct ipc_msg ipc_call(long ep, uint64_t info, uint64_t w0, uint64_t w1,
                                      uint64_t w2, uint64_t w3)
{
    return ipc_syscall_msg(MICA_SYS_ipc_call, ep, info, w0, w1, w2, w3);
}

/* Replies to the current caller (if any), then waits on ep. */
static inline struct ipc_msg ipc_reply_recv(long ep, uint64_t info, uint64_t w0, uint64_t w1,
                                            uint64_t w2, uint64_t w3)
{
    return ipc_syscall_msg(MICA_SYS_ipc_reply_recv, ep, info, w0, w1, w2, w3);
}

static inline struct ipc_msg ipc_recv(long ep)
{
    return ipc_syscall_msg(MICA_SYS_ipc_recv, ep, 0, 0, 0, 0, 0);
}

/* Waits on ep like ipc_recv, but the pending reply (if any) is not
 * released: it stays pending while what ends the wait is the bound
 * notification (label MICA_LABEL_NOTIFICATION), so it can still be
 * answered with ipc_reply or ipc_reply_recv; anything else the kernel
 * delivers saves it in `slot` first, as ipc_reply_save would (the caller
 * released with -EPIPE if the slot was filled meanwhile). The slot must be
 * empty at the call (-MICA_EEXIST, -MICA_EBADF: nothing done). */
static inline struct ipc_msg ipc_recv_hold(long ep, long slot)
{
    return ipc_syscall_msg(MICA_SYS_ipc_recv_hold, ep, (uint64_t)slot, 0, 0, 0, 0);
}

/* Signals ntfn, then waits on ep: ntfn_signal and ipc_recv in one system
 * call. Refused (an error, nothing signalled) unless ntfn may be signalled
 * and ep received on. */
static inline struct ipc_msg ipc_signal_recv(long ntfn, long ep)
{
    return ipc_syscall_msg(MICA_SYS_ntfn_signal_recv, ntfn, (uint64_t)ep, 0, 0, 0, 0);
}

static inline long ipc_send(long ep, uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2,
                            uint64_t w3)
{
    return ipc_syscall_msg(MICA_SYS_ipc_send, ep, info, w0, w1, w2, w3).badge;
}

/* -MICA_EAGAIN when nobody is waiting on ep. */
static inline long ipc_nbsend(long ep, uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2,
                              uint64_t w3)
{
    return ipc_syscall_msg(MICA_SYS_ipc_nbsend, ep, info, w0, w1, w2, w3).badge;
}

static inline long ipc_reply(uint64_t info, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
    return ipc_syscall_msg(MICA_SYS_ipc_reply, 0, info, w0, w1, w2, w3).badge;
}

/* Keeps the pending reply in an empty slot, to answer later with ipc_reply_send. */
static inline long ipc_reply_save(long slot)
{
    return mica_sys_reply_save(slot);
}

static inline long ipc_reply_send(long reply, uint64_t info, uint64_t w0, uint64_t w1,
                                  uint64_t w2, uint64_t w3)
{
    return ipc_syscall_msg(MICA_SYS_reply_send, reply, info, w0, w1, w2, w3).badge;
}

/* Windows (docs/ipc.md, "Windows"). The caller names the range of its own
 * memory the next call offers, with the access it grants the server
 * (MICA_WINDOW_* bits), and takes it back once the call returned. */
static inline void ipc_window_offer(const void *at, uint64_t bytes, unsigned access)
{
    struct mica_ipc_window *w = &ipc_buffer()->window;
    w->addr = (uintptr_t)at;
    w->access = access;
    w->bytes = bytes;
}

static inline void ipc_window_withdraw(void)
{
    ipc_buffer()->window.bytes = 0;
}

/* The server's side: copies between [at, at + length) of its own memory and
 * the window of the caller waiting for `reply` (0: the pending call), in
 * `direction` (one MICA_WINDOW_* bit). The bytes copied (no more than the
 * window holds) or a negative error; a bad page anywhere copies nothing. */
static inline long ipc_window_copy(long reply, unsigned direction, const void *at, uint64_t length)
{
    return mica_sys_ipc_window_copy(reply, direction, (long)(uintptr_t)at, (long)length);
}

/* Notifications: signal ORs the cap's badge in; wait and poll return the
 * word (and clear it) or a negative error. */
static inline long ntfn_signal(long ntfn)
{
    return mica_sys_ntfn_signal(ntfn);
}

static inline long ntfn_wait(long ntfn)
{
    return mica_sys_ntfn_wait(ntfn);
}

static inline long ntfn_poll(long ntfn)
{
    return mica_sys_ntfn_poll(ntfn);
}

/* Signals ntfn, then waits on `wait` (another notification, or the same):
 * ntfn_signal and ntfn_wait in one system call, the word or an error
 * (refused: nothing signalled). */
static inline long ntfn_signal_wait(long ntfn, long wait)
{
    return mica_sys_ntfn_signal_recv(ntfn, wait);
}

/* Long messages: words[0..n) with the first MICA_MSG_REG_WORDS in registers,
 * the rest copied into the IPC buffer; caps[0..ncaps) are sender slots that
 * travel with the message (the endpoint cap needs GRANT). n above
 * MICA_MSG_MAX_WORDS gives -MICA_E2BIG, ncaps above MICA_MSG_MAX_CAPS
 * -MICA_EINVAL, and nothing is sent. */
struct ipc_msg ipc_call_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                              const uint64_t *caps, unsigned ncaps);
long ipc_send_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                    const uint64_t *caps, unsigned ncaps);
struct ipc_msg ipc_reply_recv_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                                    const uint64_t *caps, unsigned ncaps);
/* Answers through a saved REPLY cap (ipc_reply_save) with a long message. */
long ipc_reply_send_words(long reply, uint64_t label, const uint64_t *words, unsigned n,
                          const uint64_t *caps, unsigned ncaps);

/* Word i of a received message (registers first, then the IPC buffer);
 * 0 past the message's word count. */
uint64_t ipc_msg_word(const struct ipc_msg *msg, unsigned i);

/* Text a message carries from word `first` on, `len` bytes (the sender
 * gives the length in a word of its own), copied NUL-ended into out, which
 * holds `max` bytes; every byte printable ASCII. 0, or -MICA_EINVAL when len
 * is 0 or does not fit with its NUL, the message has too few words for it,
 * or a byte is not printable. Callers narrow the characters further. */
int ipc_msg_text(const struct ipc_msg *msg, unsigned first, uint64_t len, char *out, size_t max);
/* Data a reply carries in the IPC buffer from word `first` (>= 4) on,
 * `bytes` long (the sender gives the count in a word of its own): copied
 * into out when it is at most `max` and the reply has the words for it.
 * The bytes, or -MICA_EPROTO. Inline: it is on every message-path read. */
static inline long ipc_msg_data(const struct ipc_msg *msg, unsigned first, uint64_t bytes,
                                uint64_t max, void *out)
{
    unsigned words = MICA_MSGINFO_WORDS(msg->info);
    uint64_t carried = words > first ? (uint64_t)(words - first) * 8u : 0;
    if (bytes > max || bytes > carried)
        return -MICA_EPROTO;
    __builtin_memcpy(out, &ipc_buffer()->msg[first], bytes);
    return (long)bytes;
}

/* Where received capabilities go: up to MICA_MSG_MAX_CAPS empty slots in
 * the receiver's own cspace (0 = do not accept). Stays set until changed. */
void ipc_set_recv_slots(const uint64_t *slots, unsigned n);
/* How many capabilities the last receive placed. */
unsigned ipc_received_caps(void);

#endif
