/* Scalars modulo L. The verifier reduces one hash per signature, so the
 * reduction is plain binary long division: 512 steps of shift and
 * conditional subtract on four 64-bit words, short and easy to check. */
#include "scalar.h"

static const uint64_t order[4] = {
    UINT64_C(0x5812631a5cf5d3ed), UINT64_C(0x14def9dea2f79cd6),
    UINT64_C(0x0000000000000000), UINT64_C(0x1000000000000000),
};

static void load_words(uint64_t w[4], const uint8_t s[32])
{
    for (int i = 0; i < 4; i++) {
        w[i] = 0;
        for (int j = 7; j >= 0; j--)
            w[i] = w[i] << 8 | s[8 * i + j];
    }
}

static bool below_order(const uint64_t w[4])
{
    for (int i = 3; i >= 0; i--) {
        if (w[i] != order[i])
            return w[i] < order[i];
    }
    return false;
}

bool sc_is_canonical(const uint8_t s[32])
{
    uint64_t w[4];
    load_words(w, s);
    return below_order(w);
}

static void subtract_order(uint64_t w[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t sub = order[i] + borrow;
        /* order[i] + borrow cannot wrap: no word of L is all ones. */
        borrow = w[i] < sub;
        w[i] -= sub;
    }
}

void sc_reduce64(uint8_t out[32], const uint8_t in[64])
{
    /* Invariant: r < L < 2^253, so 2r + 1 < 2^254 fits the four words. */
    uint64_t r[4] = { 0, 0, 0, 0 };
    for (int bit = 511; bit >= 0; bit--) {
        r[3] = r[3] << 1 | r[2] >> 63;
        r[2] = r[2] << 1 | r[1] >> 63;
        r[1] = r[1] << 1 | r[0] >> 63;
        r[0] = r[0] << 1 | ((in[bit / 8] >> (bit % 8)) & 1);
        if (!below_order(r))
            subtract_order(r);
    }
    for (int i = 0; i < 32; i++)
        out[i] = (uint8_t)(r[i / 8] >> (8 * (i % 8)));
}
