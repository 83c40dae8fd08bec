/* RFC 8032 section 7.1 test vectors (public key, message, signature) and a
 * hex decoder, shared by the verifier's, the trailer's and init's tests and
 * by the fuzzer. TEST ABC's message is SHA-512("abc"), given here as hex. */
#ifndef ED25519_TEST_VECTORS_H
#define ED25519_TEST_VECTORS_H

#include <stddef.h>
#include <stdint.h>

struct ed25519_vector {
    const char *name, *public_key, *message, *signature;
};

static const struct ed25519_vector rfc8032_vectors[] = {
    { "TEST 1", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
      "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
    { "TEST 2", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
      "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
    { "TEST 3", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290"
      "ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
    { "TEST SHA(abc)", "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
      "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
      "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
      "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704" },
};
#define RFC8032_VECTOR_COUNT (sizeof rfc8032_vectors / sizeof rfc8032_vectors[0])

static inline int test_hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes lower-case hex into out; returns the byte count. */
static inline size_t test_from_hex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2)
        out[n++] = (uint8_t)(test_hex_digit(hex[0]) << 4 | test_hex_digit(hex[1]));
    return n;
}

#endif
