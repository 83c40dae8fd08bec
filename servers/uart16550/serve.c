/* Requests of the serial protocol, decoded here and nowhere else, and the
 * interrupt: a bound notification ends the same receive, so requests and
 * input arrive through one call. A read with nothing to read keeps its
 * reply (reply_save) until input comes. */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/scheme.h>
#include <mica/serial.h>

#include "serial.h"

/* Reply words: count, bytes. */
static uint64_t reply_words[MICA_MSG_MAX_WORDS];

static unsigned take_input(struct serial *s, unsigned max)
{
    unsigned n = s->rx_head - s->rx_tail;
    if (n > max)
        n = max;
    uint8_t bytes[SERIAL_MAX_BYTES];
    for (unsigned i = 0; i < n; i++)
        bytes[i] = s->rx[s->rx_tail++ % RX_RING_BYTES];
    serial_pack(reply_words, bytes, n);
    return serial_words(n);
}

/* Answers waiting readers, oldest first, while input lasts. */
static void wake_readers(struct serial *s)
{
    for (unsigned i = 0; i < MAX_WAITING_READERS && s->rx_head != s->rx_tail; i++) {
        struct waiting_reader *r = &s->readers[i];
        if (!r->reply)
            continue;
        unsigned n = take_input(s, r->max);
        ipc_reply_send_words(r->reply, 0, reply_words, n, 0, 0);
        ipc_slot_free(r->reply); /* reply_send used the cap up */
        r->reply = 0;
    }
}

static long wait_for_input(struct serial *s, unsigned max)
{
    for (unsigned i = 0; i < MAX_WAITING_READERS; i++) {
        struct waiting_reader *r = &s->readers[i];
        if (r->reply)
            continue;
        long slot = ipc_slot_alloc();
        if (slot < 0)
            return slot;
        long err = ipc_reply_save(slot);
        if (err < 0) {
            ipc_slot_free(slot);
            return err;
        }
        *r = (struct waiting_reader){ slot, max };
        return 0;
    }
    return -MICA_EBUSY;
}

/* Returns the reply's word count, or 0 when the reply was kept for later. */
static unsigned handle(struct serial *s, const struct ipc_msg *m)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    unsigned words = MICA_MSGINFO_WORDS(m->info);
    uint64_t n = m->w[0];
    /* Clients hold the door; badge 0 (the endpoint itself) and other
     * badges were never handed out. */
    if (!ipc_scheme_is_door((uint64_t)m->badge))
        return reply_words[0] = (uint64_t)-MICA_EBADF, 1;
    if (words < 1 || n < 1 || n > SERIAL_MAX_BYTES)
        return reply_words[0] = (uint64_t)-MICA_EINVAL, 1;
    if (label == SERIAL_WRITE) {
        if (words < serial_words((unsigned)n))
            return reply_words[0] = (uint64_t)-MICA_EINVAL, 1;
        uint64_t in[MICA_MSG_MAX_WORDS];
        uint8_t bytes[SERIAL_MAX_BYTES];
        for (unsigned w = 0; w < words; w++)
            in[w] = ipc_msg_word(m, w);
        for (unsigned i = 0; i < n; i++)
            bytes[i] = serial_byte(in, i);
        serial_transmit(s, bytes, (unsigned)n);
        return reply_words[0] = n, 1;
    }
    if (label == SERIAL_READ) {
        if (s->rx_head != s->rx_tail)
            return take_input(s, (unsigned)n);
        long r = wait_for_input(s, (unsigned)n);
        return r < 0 ? (reply_words[0] = (uint64_t)r, 1) : 0;
    }
    return reply_words[0] = (uint64_t)-MICA_ENOSYS, 1;
}

void serial_serve(struct serial *s, long irq)
{
    struct ipc_msg m = ipc_recv(s->ep);
    for (;;) {
        if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION) {
            serial_receive(s);
            mica_sys_irq_ack(irq);
            wake_readers(s);
            m = ipc_recv(s->ep);
            continue;
        }
        if (m.badge < 0) { /* nothing to answer: wait again */
            m = ipc_recv(s->ep);
            continue;
        }
        unsigned words = handle(s, &m);
        m = words ? ipc_reply_recv_words(s->ep, 0, reply_words, words, 0, 0) : ipc_recv(s->ep);
    }
}
