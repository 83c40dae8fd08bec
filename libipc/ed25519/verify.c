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

_Static_assert(sizeof(ge_split_table) == ED25519_PREPARED_TABLE_WORDS * sizeof(uint64_t),
               "the public header sizes the prepared key's table");

static const ge_split_table *split_table(const struct ed25519_prepared_key *key)
{
    return (const ge_split_table *)key->table;
}

enum ed25519_result ed25519_prepare_key(struct ed25519_prepared_key *key,
                                        const uint8_t public_key[ED25519_PUBLIC_KEY_SIZE])
{
    ge_point a;
    if (!ge_decode(&a, public_key))
        return ED25519_BAD_PUBLIC_KEY;
    for (int i = 0; i < ED25519_PUBLIC_KEY_SIZE; i++)
        key->public_key[i] = public_key[i];
    ge_negate(&a, &a);
    ge_split_table_make((ge_split_table *)key->table, &a);
    return ED25519_OK;
}

enum ed25519_result ed25519_verify_prepared(const uint8_t signature[ED25519_SIGNATURE_SIZE],
                                            const void *message, size_t message_len,
                                            const struct ed25519_prepared_key *key)
{
    const uint8_t *r_bytes = signature, *s_bytes = signature + 32;
    ge_point r, check;
    if (!ge_decode(&r, r_bytes))
        return ED25519_BAD_R;
    if (!sc_is_canonical(s_bytes))
        return ED25519_S_OUT_OF_RANGE;

    uint8_t digest[SHA512_DIGEST_SIZE], k[32];
    struct sha512_ctx ctx;
    sha512_init(&ctx);
    sha512_update(&ctx, r_bytes, 32);
    sha512_update(&ctx, key->public_key, ED25519_PUBLIC_KEY_SIZE);
    sha512_update(&ctx, message, message_len);
    sha512_final(&ctx, digest);
    sc_reduce64(k, digest);

    /* The table is of -A: this is [S]B - [k]A. */
    ge_double_scalarmult_base(&check, k, split_table(key), s_bytes);
    return ge_equal(&check, &r) ? ED25519_OK : ED25519_MISMATCH;
}

/* One signature by a key used once: the key's table costs more than the
 * doublings it saves, but one code path checks both. */
enum ed25519_result ed25519_verify(const uint8_t signature[ED25519_SIGNATURE_SIZE],
                                   const void *message, size_t message_len,
                                   const uint8_t public_key[ED25519_PUBLIC_KEY_SIZE])
{
    struct ed25519_prepared_key key;
    enum ed25519_result r = ed25519_prepare_key(&key, public_key);
    if (r != ED25519_OK)
        return r;
    return ed25519_verify_prepared(signature, message, message_len, &key);
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
