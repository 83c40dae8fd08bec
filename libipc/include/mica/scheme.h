/* The name service's protocol: servers register scheme names ("disk.ram0")
 * with init, clients look a scheme up and get a send capability to the
 * serving endpoint (its door). Inline, so server images need only ipc_call_words. */
#ifndef MICA_SCHEME_H
#define MICA_SCHEME_H
#include <stdint.h>

#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/proc.h>

/* A scheme name: 1..MICA_SCHEME_NAME_MAX-1 characters of [a-z0-9._-]. It
 * travels NUL-padded in the IPC buffer from word MICA_MSG_REG_WORDS; w0 is
 * its length. init checks it (servers/init/names.c); clients only pack it. */
#define MICA_SCHEME_NAME_MAX 32u
#define MICA_SCHEME_NAME_WORDS (MICA_SCHEME_NAME_MAX / 8u)

/* Server -> init: serve this scheme on my service endpoint. The name must
 * be one the server's manifest declares (`schemes`: as is, or with a
 * decimal unit after it: "disk.vblk" covers "disk.vblk0"). Reply w0: 0,
 * -EACCES (not declared), -EEXIST (taken: w1 the holder's pid, w2 the length
 * of its name, packed from word MICA_MSG_REG_WORDS like a scheme name),
 * -EINVAL (malformed), -EPERM (not a server), -ENOSPC. */
#define MICA_LABEL_SCHEME_REGISTER 0x5c4e1ull
/* Client -> init: the endpoint of this scheme. Reply w0: 0 with one cap
 * (WRITE|GRANT, badged ipc_scheme_door_badge(the caller's pid): the server's
 * door), -ENOENT (unknown, and no server that may register it is starting),
 * -EAGAIN (unknown while a server is starting), -EINVAL. w1: milliseconds
 * the caller will wait (0: answer at once; init caps it at 60 s): while a
 * server is starting, init keeps the lookup and answers when the name is
 * registered, when nothing that could register it is starting any more
 * (-ENOENT), or at init's first wakeup past the time (-EAGAIN). */
#define MICA_LABEL_SCHEME_LOOKUP 0x5c4e2ull
#define MICA_SCHEME_LOOKUP_W_WAIT_MS 1u
/* Every door init hands out (lookups, the shell's console) is badged with
 * MICA_SCHEME_DOOR_MARKER and, in the low 32 bits, the client it was made
 * for: a lookup's door carries the pid of the process that looked up (init
 * knows it from the badge of the caller's own cap to init, so no client can
 * name another). A server takes only its first request on a door (a block
 * server OPEN, the serial server READ/WRITE) and answers -EBADF to badge 0
 * and to any badge it did not mint; a block server counts what each client
 * holds by that pid (docs/block-protocol.md, "Fairness"). A door cannot be
 * re-badged, and a client's copy carries no ADMIN, so a client never holds
 * a badge the server or init did not choose. Below the block handles'
 * marker bit (mica/blk_handle_badge.h). */
#define MICA_SCHEME_DOOR_MARKER (1ull << 61)
#define MICA_SCHEME_DOOR_CLIENT_MASK 0xffffffffull
/* A door made for no particular process (client 0). */
#define MICA_SCHEME_DOOR_BADGE MICA_SCHEME_DOOR_MARKER

static inline uint64_t ipc_scheme_door_badge(uint64_t client)
{
    return MICA_SCHEME_DOOR_MARKER | (client & MICA_SCHEME_DOOR_CLIENT_MASK);
}

static inline int ipc_scheme_is_door(uint64_t badge)
{
    return (badge & ~MICA_SCHEME_DOOR_CLIENT_MASK) == MICA_SCHEME_DOOR_MARKER;
}

static inline uint64_t ipc_scheme_door_client(uint64_t badge)
{
    return badge & MICA_SCHEME_DOOR_CLIENT_MASK;
}

/* Server -> init: the facts of a block scheme it registered, for lsblk
 * (init never asks a server: a hung one would hang the supervisor). w1 size
 * in bytes, w2 logical block size, w3 MICA_BLOCK_FACT_* flags. Reply w0: 0,
 * -ENOENT (not a name the caller registered), -EINVAL (malformed facts). */
#define MICA_LABEL_SCHEME_BLOCK_FACTS 0x5c4e3ull
#define MICA_BLOCK_FACTS_W_SIZE 1u
#define MICA_BLOCK_FACTS_W_BLOCK_SIZE 2u
#define MICA_BLOCK_FACTS_W_FLAGS 3u
#define MICA_BLOCK_FACT_READ_ONLY 1u
/* Driver -> init: what it negotiated with the device it holds, in its own
 * words (virtio-blk: "SEG_MAX BLK_SIZE FLUSH VERSION_1"), for lsdev: init
 * keeps the text and knows nothing of any device's features. w0 the
 * device's physical address, w1 the text's length (1..TEXT_MAX-1 printable
 * bytes), the text from word MICA_MSG_REG_WORDS. Reply w0: 0, -ENOENT (no
 * such device), -EPERM (not the caller's), -EINVAL (malformed text). */
#define MICA_LABEL_DEVICE_FEATURES 0x5c4e4ull
#define MICA_DEVICE_FEATURES_W_PHYS 0u
#define MICA_DEVICE_FEATURES_W_LENGTH 1u
#define MICA_DEVICE_FEATURES_TEXT_MAX 96u
#define MICA_SCHEME_W_LENGTH 0u
#define MICA_SCHEME_REPLY_W_STATUS 0u

/* One name-service call with `length` bytes of name and w1..w3; caps land
 * in recv (0: none accepted), the reply in *reply. The reply's status, or
 * the kernel's error. */
static inline long ipc_scheme_call_reply(uint64_t label, const char *name, uint64_t length,
                                         long recv, uint64_t w1, uint64_t w2, uint64_t w3,
                                         struct ipc_msg *reply)
{
    if (length >= MICA_SCHEME_NAME_MAX)
        return -MICA_EINVAL;
    uint64_t words[MICA_MSG_REG_WORDS + MICA_SCHEME_NAME_WORDS] = { length, w1, w2, w3 };
    char *packed = (char *)&words[MICA_MSG_REG_WORDS];
    for (uint64_t i = 0; i < length; i++)
        packed[i] = name[i];
    uint64_t slot = (uint64_t)recv;
    ipc_set_recv_slots(&slot, recv ? 1u : 0u);
    struct ipc_msg m = ipc_call_words(MICA_CHILD_SLOT_NAMES, label, words,
                                      sizeof words / sizeof words[0], 0, 0);
    ipc_set_recv_slots(0, 0);
    *reply = m;
    if (m.badge < 0)
        return m.badge;
    long status = (long)m.w[MICA_SCHEME_REPLY_W_STATUS];
    if (status == 0 && recv && MICA_MSGINFO_CAPS(m.info) != 1)
        return -MICA_EPROTO;
    return status;
}

static inline long ipc_scheme_call_facts(uint64_t label, const char *name, uint64_t length,
                                         long recv, uint64_t w1, uint64_t w2, uint64_t w3)
{
    struct ipc_msg reply;
    return ipc_scheme_call_reply(label, name, length, recv, w1, w2, w3, &reply);
}

static inline long ipc_scheme_call(uint64_t label, const char *name, uint64_t length, long recv)
{
    return ipc_scheme_call_facts(label, name, length, recv, 0, 0, 0);
}

static inline uint64_t ipc_scheme_strlen(const char *s)
{
    uint64_t n = 0;
    while (n < MICA_SCHEME_NAME_MAX && s[n])
        n++;
    return n;
}

/* Who holds a name a registration found taken. */
struct ipc_scheme_holder {
    uint64_t pid; /* 0: init did not say */
    char name[MICA_SCHEME_NAME_MAX];
};

/* Registers `scheme` for the calling server's endpoint (slot 24) until it
 * stops; on -EEXIST, *holder (may be 0) says who has it. */
static inline long ipc_scheme_register_as(const char *scheme, struct ipc_scheme_holder *holder)
{
    struct ipc_msg m;
    long status = ipc_scheme_call_reply(MICA_LABEL_SCHEME_REGISTER, scheme,
                                        ipc_scheme_strlen(scheme), 0, 0, 0, 0, &m);
    if (!holder)
        return status;
    holder->pid = 0;
    holder->name[0] = 0;
    uint64_t length = m.w[2];
    if (status != -MICA_EEXIST || length >= MICA_SCHEME_NAME_MAX ||
        MICA_MSGINFO_WORDS(m.info) < MICA_MSG_REG_WORDS + MICA_SCHEME_NAME_WORDS)
        return status;
    uint64_t words[MICA_SCHEME_NAME_WORDS];
    for (unsigned i = 0; i < MICA_SCHEME_NAME_WORDS; i++)
        words[i] = ipc_msg_word(&m, MICA_MSG_REG_WORDS + i);
    const char *packed = (const char *)words;
    for (uint64_t i = 0; i < length; i++)
        holder->name[i] = packed[i];
    holder->name[length] = 0;
    holder->pid = m.w[1];
    return status;
}

static inline long ipc_scheme_register(const char *scheme)
{
    return ipc_scheme_register_as(scheme, 0);
}

/* ipc_scheme_register, and on a refusal one line through log (ipc_log_error
 * or ipc_log_warn) saying why, naming the holder of a taken name. */
static inline long ipc_scheme_register_or_say(const char *scheme,
                                              void (*log)(const char *fmt, ...))
{
    struct ipc_scheme_holder holder;
    long r = ipc_scheme_register_as(scheme, &holder);
    if (r < 0 && holder.pid)
        log("cannot register scheme %s: held by %s pid %llu", scheme, holder.name,
            (unsigned long long)holder.pid);
    else if (r < 0)
        log("cannot register scheme %s: %s", scheme, mica_errno_name((int)r));
    return r;
}

/* Tells init the size, block size and read-only flag of a registered block scheme. */
static inline long ipc_scheme_block_facts(const char *scheme, uint64_t size_bytes,
                                          uint32_t block_size, int read_only)
{
    return ipc_scheme_call_facts(MICA_LABEL_SCHEME_BLOCK_FACTS, scheme, ipc_scheme_strlen(scheme),
                                 0, size_bytes, block_size,
                                 read_only ? MICA_BLOCK_FACT_READ_ONLY : 0);
}

/* Tells init what was negotiated with the device at `phys` (text as above;
 * what is past MICA_DEVICE_FEATURES_TEXT_MAX - 1 bytes is left out). */
static inline long ipc_device_features(uint64_t phys, const char *text)
{
    uint64_t length = 0;
    while (text[length] && length < MICA_DEVICE_FEATURES_TEXT_MAX - 1)
        length++;
    uint64_t words[MICA_MSG_REG_WORDS + MICA_DEVICE_FEATURES_TEXT_MAX / 8u] = { phys, length };
    char *packed = (char *)&words[MICA_MSG_REG_WORDS];
    for (uint64_t i = 0; i < length; i++)
        packed[i] = text[i];
    struct ipc_msg m = ipc_call_words(MICA_CHILD_SLOT_NAMES, MICA_LABEL_DEVICE_FEATURES, words,
                                      MICA_MSG_REG_WORDS + (unsigned)((length + 7u) / 8u), 0, 0);
    return m.badge < 0 ? m.badge : (long)m.w[MICA_SCHEME_REPLY_W_STATUS];
}

/* Looks `length` bytes of scheme name up; on 0 the server's endpoint is in
 * the empty slot `dest`. */
static inline long ipc_scheme_lookup(const char *scheme, uint64_t length, long dest)
{
    return ipc_scheme_call(MICA_LABEL_SCHEME_LOOKUP, scheme, length, dest);
}

/* The same, kept by init for up to wait_ms while a server that may register
 * the name is starting (a restarted driver, one still bringing its device
 * up): one call instead of asking again. */
static inline long ipc_scheme_lookup_waiting(const char *scheme, uint64_t length, long dest,
                                             uint64_t wait_ms)
{
    return ipc_scheme_call_facts(MICA_LABEL_SCHEME_LOOKUP, scheme, length, dest, wait_ms, 0, 0);
}

#endif
