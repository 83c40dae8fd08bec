/* Messages longer than the registers, and capability transfer: both go
 * through the calling thread's IPC buffer. */
#include <mica/abi/errno.h>
#include <mica/ipc.h>

/* Puts words[0..n) and caps[0..ncaps) where the kernel reads them and
 * makes the info word. A message longer than the ABI allows is refused here
 * (cutting it short would deliver a different message), with the error the
 * kernel gives for the same info word. Inlined so info stays in a register
 * (ipc.cap1 costs no more than before the checks). */
static inline __attribute__((always_inline)) long
stage(uint64_t label, const uint64_t *words, unsigned n, const uint64_t *caps, unsigned ncaps,
      uint64_t reg[MICA_MSG_REG_WORDS], uint64_t *info)
{
    if (n > MICA_MSG_MAX_WORDS)
        return -MICA_E2BIG;
    if (ncaps > MICA_MSG_MAX_CAPS)
        return -MICA_EINVAL;
    struct mica_ipc_buffer *buf = ipc_buffer();
    for (unsigned i = 0; i < MICA_MSG_REG_WORDS; i++)
        reg[i] = i < n ? words[i] : 0;
    for (unsigned i = MICA_MSG_REG_WORDS; i < n; i++)
        buf->msg[i] = words[i];
    for (unsigned i = 0; i < ncaps; i++)
        buf->send_caps[i] = caps[i];
    *info = MICA_MSGINFO(label, n, ncaps);
    return 0;
}

struct ipc_msg ipc_call_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                              const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS], info;
    long err = stage(label, words, n, caps, ncaps, r, &info);
    if (err)
        return (struct ipc_msg){ .badge = err };
    return ipc_call(ep, info, r[0], r[1], r[2], r[3]);
}

long ipc_send_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                    const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS], info;
    long err = stage(label, words, n, caps, ncaps, r, &info);
    return err ? err : ipc_send(ep, info, r[0], r[1], r[2], r[3]);
}

struct ipc_msg ipc_reply_recv_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                                    const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS], info;
    long err = stage(label, words, n, caps, ncaps, r, &info);
    if (err)
        return (struct ipc_msg){ .badge = err };
    return ipc_reply_recv(ep, info, r[0], r[1], r[2], r[3]);
}

long ipc_reply_send_words(long reply, uint64_t label, const uint64_t *words, unsigned n,
                          const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS], info;
    long err = stage(label, words, n, caps, ncaps, r, &info);
    return err ? err : ipc_reply_send(reply, info, r[0], r[1], r[2], r[3]);
}

uint64_t ipc_msg_word(const struct ipc_msg *msg, unsigned i)
{
    if (i >= MICA_MSGINFO_WORDS(msg->info) || i >= MICA_MSG_MAX_WORDS)
        return 0;
    return i < MICA_MSG_REG_WORDS ? msg->w[i] : ipc_buffer()->msg[i];
}

int ipc_msg_text(const struct ipc_msg *msg, unsigned first, uint64_t len, char *out, size_t max)
{
    if (len == 0 || len >= max || MICA_MSGINFO_WORDS(msg->info) < first + (len + 7u) / 8u)
        return -MICA_EINVAL;
    for (uint64_t i = 0; i < len; i++) {
        /* Little-endian: byte i is in word first + i / 8. */
        char c = (char)(ipc_msg_word(msg, first + (unsigned)(i / 8u)) >> (8u * (i % 8u)));
        if (c < ' ' || c > '~')
            return -MICA_EINVAL;
        out[i] = c;
    }
    out[len] = 0;
    return 0;
}

void ipc_set_recv_slots(const uint64_t *slots, unsigned n)
{
    struct mica_ipc_buffer *buf = ipc_buffer();
    buf->recv_cnode = 0;
    for (unsigned i = 0; i < MICA_MSG_MAX_CAPS; i++)
        buf->recv_slots[i] = i < n ? slots[i] : 0;
}

unsigned ipc_received_caps(void)
{
    return (unsigned)ipc_buffer()->recv_caps;
}
