/* Messages longer than the registers, and capability transfer: both go
 * through the calling thread's IPC buffer. */
#include <mica/ipc.h>

static uint64_t stage(uint64_t label, const uint64_t *words, unsigned n, const uint64_t *caps,
                      unsigned ncaps, uint64_t reg[MICA_MSG_REG_WORDS])
{
    struct mica_ipc_buffer *buf = ipc_buffer();
    if (n > MICA_MSG_MAX_WORDS)
        n = MICA_MSG_MAX_WORDS;
    if (ncaps > MICA_MSG_MAX_CAPS)
        ncaps = MICA_MSG_MAX_CAPS;
    for (unsigned i = 0; i < MICA_MSG_REG_WORDS; i++)
        reg[i] = i < n ? words[i] : 0;
    for (unsigned i = MICA_MSG_REG_WORDS; i < n; i++)
        buf->msg[i] = words[i];
    for (unsigned i = 0; i < ncaps; i++)
        buf->send_caps[i] = caps[i];
    return MICA_MSGINFO(label, n, ncaps);
}

struct ipc_msg ipc_call_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                              const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS];
    uint64_t info = stage(label, words, n, caps, ncaps, r);
    return ipc_call(ep, info, r[0], r[1], r[2], r[3]);
}

long ipc_send_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                    const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS];
    uint64_t info = stage(label, words, n, caps, ncaps, r);
    return ipc_send(ep, info, r[0], r[1], r[2], r[3]);
}

struct ipc_msg ipc_reply_recv_words(long ep, uint64_t label, const uint64_t *words, unsigned n,
                                    const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS];
    uint64_t info = stage(label, words, n, caps, ncaps, r);
    return ipc_reply_recv(ep, info, r[0], r[1], r[2], r[3]);
}

long ipc_reply_send_words(long reply, uint64_t label, const uint64_t *words, unsigned n,
                          const uint64_t *caps, unsigned ncaps)
{
    uint64_t r[MICA_MSG_REG_WORDS];
    uint64_t info = stage(label, words, n, caps, ncaps, r);
    return ipc_reply_send(reply, info, r[0], r[1], r[2], r[3]);
}

uint64_t ipc_msg_word(const struct ipc_msg *msg, unsigned i)
{
    if (i >= MICA_MSGINFO_WORDS(msg->info) || i >= MICA_MSG_MAX_WORDS)
        return 0;
    return i < MICA_MSG_REG_WORDS ? msg->w[i] : ipc_buffer()->msg[i];
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
