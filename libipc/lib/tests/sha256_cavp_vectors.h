/* SHA-256 known answers from NIST CAVP (SHA256ShortMsg.rsp, SHA256LongMsg.rsp,
 * byte-oriented, CAVS 11.0): message and digest in hex, exactly as published. */

#ifndef MICA_TEST_SHA256_CAVP_VECTORS_H
#define MICA_TEST_SHA256_CAVP_VECTORS_H

struct sha256_cavp_vector {
    unsigned bits;
    const char *message_hex;
    const char *digest_hex;
};

static const struct sha256_cavp_vector sha256_cavp_vectors[] = {
    {
        8,
        "d3",
        "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1",
    },
    {
        24,
        "b4190e",
        "dff2e73091f6c05e528896c4c831b9448653dc2ff043528f6769437bc7b975c2",
    },
    {
        440,
        "3ebfb06db8c38d5ba037f1363e118550aad94606e26835a01af05078533cc25f"
        "2f39573c04b632f62f68c294ab31f2a3e2a1a0d8c2be51",
        "6595a2ef537a69ba8583dfbf7f5bec0ab1f93ce4c8ee1916eff44a93af5749c4",
    },
    {
        448,
        "2d52447d1244d2ebc28650e7b05654bad35b3a68eedc7f8515306b496d75f3e7"
        "3385dd1b002625024b81a02f2fd6dffb6e6d561cb7d0bd7a",
        "cfb88d6faf2de3a69d36195acec2e255e2af2b7d933997f348e09f6ce5758360",
    },
    {
        504,
        "e2f76e97606a872e317439f1a03fcd92e632e5bd4e7cbc4e97f1afc19a16fde9"
        "2d77cbe546416b51640cddb92af996534dfd81edb17c4424cf1ac4d75aceeb",
        "18041bd4665083001fba8c5411d2d748e8abbfdcdfd9218cb02b68a78e7d4c23",
    },
    {
        512,
        "5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8"
        "a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509",
        "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa",
    },
    {
        1304,
        "451101250ec6f26652249d59dc974b7361d571a8101cdfd36aba3b5854d3ae08"
        "6b5fdd4597721b66e3c0dc5d8c606d9657d0e323283a5217d1f53f2f284f57b8"
        "5c8a61ac8924711f895c5ed90ef17745ed2d728abd22a5f7a13479a462d71b56"
        "c19a74a40b655c58edfe0a188ad2cf46cbf30524f65d423c837dd1ff2bf462ac"
        "4198007345bb44dbb7b1c861298cdf61982a833afc728fae1eda2f87aa2c9480"
        "858bec",
        "3c593aa539fdcdae516cdf2f15000f6634185c88f505b39775fb9ab137a10aa2",
    },
    {
        2096,
        "6b918fb1a5ad1f9c5e5dbdf10a93a9c8f6bca89f37e79c9fe12a57227941b173"
        "ac79d8d440cde8c64c4ebc84a4c803d198a296f3de060900cc427f58ca6ec373"
        "084f95dd6c7c427ecfbf781f68be572a88dbcbb188581ab200bfb99a3a816407"
        "e7dd6dd21003554d4f7a99c93ebfce5c302ff0e11f26f83fe669acefb0c1bbb8"
        "b1e909bd14aa48ba3445c88b0e1190eef765ad898ab8ca2fe507015f1578f10d"
        "ce3c11a55fb9434ee6e9ad6cc0fdc4684447a9b3b156b908646360f24fec2d8f"
        "a69e2c93db78708fcd2eef743dcb9353819b8d667c48ed54cd436fb1476598c4"
        "a1d7028e6f2ff50751db36ab6bc32435152a00abd3d58d9a8770d9a3e52d5a36"
        "28ae3c9e0325",
        "46500b6ae1ab40bde097ef168b0f3199049b55545a1588792d39d594f493dca7",
    },
};

#endif
