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
 * in recv (0: none accepted). The reply's status, or the kernel's error. */
static inline long ipc_scheme_call_facts(uint64_t label, const char *name, uint64_t length,
                                         long recv, uint64_t w1, uint64_t w2, uint64_t w3)
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
    if (m.badge < 0)
        return m.badge;
    long status = (long)m.w[MICA_SCHEME_REPLY_W_STATUS];
    if (status == 0 && recv && MICA_MSGINFO_CAPS(m.info) != 1)
        return -MICA_EPROTO;
    return status;
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

/* Registers `scheme` for the calling server's endpoint (slot 24) until it stops. */
static inline long ipc_scheme_register(const char *scheme)
{
    return ipc_scheme_call(MICA_LABEL_SCHEME_REGISTER, scheme, ipc_scheme_strlen(scheme), 0);
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

#endif
