/* The serial protocol: requests a client sends on a serial server's
 * endpoint (uart16550 serves it). Bytes travel packed little-endian, eight
 * to a message word, after a first word that counts them. docs/servers.md
 * ("The serial protocol") is the reference. */
#ifndef MICA_SERIAL_H
#define MICA_SERIAL_H
#include <stdint.h>

#include <mica/abi/ipc_abi.h>

enum serial_label {
    /* w0 = n (1..SERIAL_MAX_BYTES), then the bytes. Returns when every byte
     * is in the transmitter; reply w0 = n or a negative -MICA_E* code. */
    SERIAL_WRITE = 1,
    /* w0 = most bytes wanted (1..SERIAL_MAX_BYTES). Waits until at least one
     * byte has been received; reply w0 = n (>= 1) then the bytes, or a
     * negative code (-MICA_EBUSY: too many readers wait already). */
    SERIAL_READ = 2,
};

/* The scheme name uart16550 registers with the name service. */
#define SERIAL_SCHEME "serial"
/* Message words after the count word, eight bytes each. */
#define SERIAL_MAX_BYTES ((MICA_MSG_MAX_WORDS - 1u) * 8u)

/* Words of a message carrying n bytes, the count word included. */
static inline unsigned serial_words(unsigned n)
{
    return 1u + (n + 7u) / 8u;
}

/* words[0] = n, words[1..] = bytes. */
static inline void serial_pack(uint64_t *words, const uint8_t *bytes, unsigned n)
{
    words[0] = n;
    for (unsigned w = 1; w < serial_words(n); w++)
        words[w] = 0;
    for (unsigned i = 0; i < n; i++)
        words[1 + i / 8] |= (uint64_t)bytes[i] << (8 * (i % 8));
}

static inline uint8_t serial_byte(const uint64_t *words, unsigned i)
{
    return (uint8_t)(words[1 + i / 8] >> (8 * (i % 8)));
}

#endif
