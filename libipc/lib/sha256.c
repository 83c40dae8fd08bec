/* SHA-256 compression and padding as specified in FIPS 180-4 section 6.2.
 * Written for clarity over speed: image digests are computed once per load. */

#include <mica/abi/errno.h>
#include <mica/block_feed.h>
#include <mica/sha256.h>

/* FIPS 180-4 4.2.2: first 32 bits of the fractional parts of the cube roots
 * of the first 64 primes. */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 5.3.3: fractional parts of the square roots of the first 8 primes. */
static const uint32_t initial_state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t rotate_right(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void compress_block(void *state_words, const uint8_t *block)
{
    uint32_t *state = state_words;
    uint32_t schedule[64];

    for (int t = 0; t < 16; t++)
        schedule[t] = load_be32(block + 4 * t);
    for (int t = 16; t < 64; t++) {
        uint32_t w15 = schedule[t - 15], w2 = schedule[t - 2];
        uint32_t sigma0 = rotate_right(w15, 7) ^ rotate_right(w15, 18) ^ (w15 >> 3);
        uint32_t sigma1 = rotate_right(w2, 17) ^ rotate_right(w2, 19) ^ (w2 >> 10);
        schedule[t] = sigma1 + schedule[t - 7] + sigma0 + schedule[t - 16];
    }

    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

    for (int t = 0; t < 64; t++) {
        uint32_t big_sigma1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
        uint32_t choose = (e & f) ^ (~e & g);
        uint32_t t1 = h + big_sigma1 + choose + round_constants[t] + schedule[t];
        uint32_t big_sigma0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
        uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = big_sigma0 + majority;

        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }

    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

void sha256_init(struct sha256_ctx *ctx)
{
    for (int i = 0; i < 8; i++)
        ctx->state[i] = initial_state[i];
    ctx->total_bytes = 0;
    ctx->pending_bytes = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
    ctx->total_bytes += len;
    block_feed(ctx->state, compress_block, ctx->pending, &ctx->pending_bytes, SHA256_BLOCK_SIZE,
               data, len);
}

static void wipe(volatile uint8_t *p, size_t len)
{
    /* volatile: the context is dead after final, and the wipe must still happen. */
    while (len-- > 0)
        *p++ = 0;
}

void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE])
{
    uint64_t total_bits = ctx->total_bytes * 8;
    size_t used = ctx->pending_bytes;

    /* Padding: a single 1 bit, zeros, then the 64-bit big-endian bit length
     * at the end of a block; a second block is needed when fewer than 8
     * bytes remain after the 0x80. */
    ctx->pending[used++] = 0x80;
    if (used > SHA256_BLOCK_SIZE - 8) {
        while (used < SHA256_BLOCK_SIZE)
            ctx->pending[used++] = 0;
        compress_block(ctx->state, ctx->pending);
        used = 0;
    }
    while (used < SHA256_BLOCK_SIZE - 8)
        ctx->pending[used++] = 0;
    store_be32(ctx->pending + SHA256_BLOCK_SIZE - 8, (uint32_t)(total_bits >> 32));
    store_be32(ctx->pending + SHA256_BLOCK_SIZE - 4, (uint32_t)total_bits);
    compress_block(ctx->state, ctx->pending);

    for (int i = 0; i < 8; i++)
        store_be32(digest + 4 * i, ctx->state[i]);

    wipe((volatile uint8_t *)ctx, sizeof(*ctx));
}

void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx ctx;

    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, digest);
}

static const char hex_digits[] = "0123456789abcdef";

void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[SHA256_HEX_SIZE])
{
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = hex_digits[digest[i] >> 4];
        hex[2 * i + 1] = hex_digits[digest[i] & 0xf];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

static int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int sha256_from_hex(const char *hex, uint8_t digest[SHA256_DIGEST_SIZE])
{
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        /* Checking the high digit first stops at a NUL before reading past it. */
        int high = hex_digit_value(hex[2 * i]);
        if (high < 0)
            return -MICA_EINVAL;
        int low = hex_digit_value(hex[2 * i + 1]);
        if (low < 0)
            return -MICA_EINVAL;
        digest[i] = (uint8_t)(high << 4 | low);
    }
    return hex[2 * SHA256_DIGEST_SIZE] == '\0' ? 0 : -MICA_EINVAL;
}

bool sha256_equal(const uint8_t a[SHA256_DIGEST_SIZE], const uint8_t b[SHA256_DIGEST_SIZE])
{
    uint8_t difference = 0;

    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        difference |= a[i] ^ b[i];
    return difference == 0;
}
