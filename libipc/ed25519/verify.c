/* RFC 8032 5.1.7 for Ed25519 (no context, no prehash). The group equation
 * is checked in its cofactorless form, which 5.1.7 allows: [S]B - [k]A is
 * computed and compared with R. As points, not as encodings: R's bytes
 * decoded, and decoding refuses every encoding but the canonical one, so
 * the point is equal to R exactly when its encoding equals R's bytes, and
 * the comparison needs no inversion. */
#include <mica/ed25519.h>
#include <mica/sha512.h>

#include "point.h"
#include "scalar.h"

enum ed25519_result ed25519_verify(const uint8_t signature[ED25519_SIGNATURE_SIZE],
                                   const void *message, size_t message_len,
                                   const uint8_t public_key[ED25519_PUBLIC_KEY_SIZE])
{
    const uint8_t *r_bytes = signature, *s_bytes = signature + 32;
    ge_point a, r, check;
    if (!ge_decode(&a, public_key))
        return ED25519_BAD_PUBLIC_KEY;
    if (!ge_decode(&r, r_bytes))
        return ED25519_BAD_R;
    if (!sc_is_canonical(s_bytes))
        return ED25519_S_OUT_OF_RANGE;

    uint8_t digest[SHA512_DIGEST_SIZE], k[32];
    struct sha512_ctx ctx;
    sha512_init(&ctx);
    sha512_update(&ctx, r_bytes, 32);
    sha512_update(&ctx, public_key, ED25519_PUBLIC_KEY_SIZE);
    sha512_update(&ctx, message, message_len);
    sha512_final(&ctx, digest);
    sc_reduce64(k, digest);

    ge_negate(&a, &a);
    ge_double_scalarmult_base(&check, k, &a, s_bytes);
    return ge_equal(&check, &r) ? ED25519_OK : ED25519_MISMATCH;
}

const char *ed25519_result_text(enum ed25519_result r)
{
    switch (r) {
    case ED25519_OK:
        return "signature verifies";
    case ED25519_BAD_PUBLIC_KEY:
        return "public key is not a curve point";
    case ED25519_BAD_R:
        return "signature's R is not a curve point";
    case ED25519_S_OUT_OF_RANGE:
        return "signature's S is not below the group order";
    case ED25519_MISMATCH:
        return "signature does not match";
    }
    return "unknown result";
}
