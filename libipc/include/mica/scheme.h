/* The name service's protocol: servers register scheme names ("disk.ram0")
 * with init, clients look a scheme up and get a send capability to the
 * serving endpoint. Inline, so server images need only ipc_call_words. */
#ifndef MICA_SCHEME_H
#define MICA_SCHEME_H
#include <stdint.h>

#include <mica/caps.h>
#include <mica/errno.h>
#include <mica/ipc.h>
#include <mica/proc.h>

/* A scheme name: 1..MICA_SCHEME_NAME_MAX-1 characters of [a-z0-9._-]. It
 * travels NUL-padded in the IPC buffer from word MICA_MSG_REG_WORDS; w0 is
 * its length. init checks it (servers/init/names.c); clients only pack it. */
#define MICA_SCHEME_NAME_MAX 32u
#define MICA_SCHEME_NAME_WORDS (MICA_SCHEME_NAME_MAX / 8u)

/* Server -> init: serve this scheme on my service endpoint. Reply w0: 0,
 * -EEXIST (taken), -EINVAL (malformed), -EPERM (not a server), -ENOSPC. */
#define MICA_LABEL_SCHEME_REGISTER 0x5c4e1ull
/* Client -> init: the endpoint of this scheme. Reply w0: 0 with one cap
 * (WRITE|GRANT, unbadged: the server's OPEN door), -ENOENT, -EINVAL. */
#define MICA_LABEL_SCHEME_LOOKUP 0x5c4e2ull
#define MICA_SCHEME_W_LENGTH 0u
#define MICA_SCHEME_REPLY_W_STATUS 0u

/* One name-service call with `length` bytes of name; caps land in recv
 * (0: none accepted). The reply's status, or the kernel's error. */
static inline long ipc_scheme_call(uint64_t label, const char *name, uint64_t length, long recv)
{
    if (length >= MICA_SCHEME_NAME_MAX)
        return -MICA_EINVAL;
    uint64_t words[MICA_MSG_REG_WORDS + MICA_SCHEME_NAME_WORDS] = { length };
    char *packed = (char *)&words[MICA_MSG_REG_WORDS];
    for (uint64_t i = 0; i < length; i++)
        packed[i] = name[i];
    uint64_t slot = (uint64_t)recv;
    ipc_set_recv_slots(&slot, recv ? 1u : 0u);
    struct ipc_msg m = ipc_call_words(MICA_CHILD_SLOT_NAMES, label, words,
                                      sizeof words / sizeof words[0], 0, 0);
    ipc_set_recv_slots(0, 0);
    if (m.badge < 0)
        return m.badge;
    long status = (long)m.w[MICA_SCHEME_REPLY_W_STATUS];
    if (status == 0 && recv && MICA_MSGINFO_CAPS(m.info) != 1)
        return -MICA_EPROTO;
    return status;
}

static inline uint64_t ipc_scheme_strlen(const char *s)
{
    uint64_t n = 0;
    while (n < MICA_SCHEME_NAME_MAX && s[n])
        n++;
    return n;
}

/* Registers `scheme` for the calling server's endpoint (slot 24) until it stops. */
static inline long ipc_scheme_register(const char *scheme)
{
    return ipc_scheme_call(MICA_LABEL_SCHEME_REGISTER, scheme, ipc_scheme_strlen(scheme), 0);
}

/* Looks `length` bytes of scheme name up; on 0 the server's endpoint is in
 * the empty slot `dest`. */
static inline long ipc_scheme_lookup(const char *scheme, uint64_t length, long dest)
{
    return ipc_scheme_call(MICA_LABEL_SCHEME_LOOKUP, scheme, length, dest);
}

#endif
