/* Serial requests over IPC. Replies come from a server, so their counts
 * are checked before any byte is copied. */
#include "serial_client.h"

#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/serial.h>

long serial_write(long ep, const char *bytes, size_t n)
{
    uint64_t words[MICA_MSG_MAX_WORDS];
    size_t done = 0;
    while (done < n) {
        unsigned chunk = n - done > SERIAL_MAX_BYTES ? SERIAL_MAX_BYTES : (unsigned)(n - done);
        serial_pack(words, (const uint8_t *)bytes + done, chunk);
        struct ipc_msg r = ipc_call_words(ep, SERIAL_WRITE, words, serial_words(chunk), 0, 0);
        if (r.badge < 0)
            return r.badge;
        if ((long)r.w[0] < 0)
            return (long)r.w[0];
        done += chunk;
    }
    return (long)n;
}

long serial_read(long ep, char *bytes, size_t max)
{
    unsigned want = max > SERIAL_MAX_BYTES ? SERIAL_MAX_BYTES : (unsigned)max;
    struct ipc_msg r = ipc_call(ep, MICA_MSGINFO(SERIAL_READ, 1, 0), want, 0, 0, 0);
    if (r.badge < 0)
        return r.badge;
    long n = (long)r.w[0];
    unsigned words = MICA_MSGINFO_WORDS(r.info);
    if (n <= 0)
        return n < 0 ? n : -MICA_EPROTO;
    if ((unsigned long)n > want || words < serial_words((unsigned)n))
        return -MICA_EPROTO;
    uint64_t in[MICA_MSG_MAX_WORDS];
    for (unsigned w = 0; w < words; w++)
        in[w] = ipc_msg_word(&r, w);
    for (long i = 0; i < n; i++)
        bytes[i] = (char)serial_byte(in, (unsigned)i);
    return n;
}
