/* libFuzzer target for the Ed25519 verifier. The first input byte picks a
 * mode:
 *   even: the rest is key (32) || signature (64) || message, verified as is;
 *         any result is fine, a crash or sanitizer report is not.
 *   odd:  the rest is an XOR mask over one RFC 8032 vector's key ||
 *         signature || message (the byte picks the vector); a mask that
 *         changes anything must make the signature fail. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mica/ed25519.h>

#include "vectors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    data++;
    size--;
    if ((mode & 1) == 0) {
        if (size < 96)
            return 0;
        ed25519_verify(data + 32, data + 96, size - 96, data);
        return 0;
    }
    const struct ed25519_vector *v = &rfc8032_vectors[(mode >> 1) % RFC8032_VECTOR_COUNT];
    uint8_t buf[32 + 64 + 64];
    size_t n = test_from_hex(v->public_key, buf);
    n += test_from_hex(v->signature, buf + n);
    n += test_from_hex(v->message, buf + n);
    int changed = 0;
    for (size_t i = 0; i < n && i < size; i++) {
        buf[i] ^= data[i];
        changed |= data[i] != 0;
    }
    enum ed25519_result r = ed25519_verify(buf + 32, buf + 96, n - 96, buf);
    if (changed != (r != ED25519_OK))
        abort();
    return 0;
}
