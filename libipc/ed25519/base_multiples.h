/* The odd multiples of B_j = [2^(64 j)] B, B_j, 3 B_j, ..., 63 B_j for j < 4,
 * as (y + x, y - x, 2 d x y), for scalarmult.c's width-7 NAF. Generated,
 * not typed: made and checked by libipc/ed25519/tests/base_multiples_test.c
 * (its --write). */
#ifndef MICA_ED25519_BASE_MULTIPLES_H
#define MICA_ED25519_BASE_MULTIPLES_H

#include "point.h"

#define BASE_PARTS 4
#define BASE_MULTIPLES 32

static const ge_affine_cached base_multiples[BASE_PARTS][BASE_MULTIPLES] = {
    {
        /* 1 B_0 */
        {
            { { 0x493c6f58c3b85, 0x0df7181c325f7, 0x0f50b0b3e4cb7, 0x5329385a44c32, 0x07cf9d3a33d4b } },
            { { 0x03905d740913e, 0x0ba2817d673a2, 0x23e2827f4e67c, 0x133d2e0c21a34, 0x44fd2f9298f81 } },
            { { 0x11205877aaa68, 0x479955893d579, 0x50d66309b67a0, 0x2d42d0dbee5ee, 0x6f117b689f0c6 } },
        },
        /* 3 B_0 */
        {
            { { 0x5b0a84cee9730, 0x61d10c97155e4, 0x4059cc8096a10, 0x47a608da8014f, 0x7a164e1b9a80f } },
            { { 0x11fe8a4fcd265, 0x7bcb8374faacc, 0x52f5af4ef4d4f, 0x5314098f98d10, 0x2ab91587555bd } },
            { { 0x6933f0dd0d889, 0x44386bb4c4295, 0x3cb6d3162508c, 0x26368b872a2c6, 0x5a2826af12b9b } },
        },
        /* 5 B_0 */
        {
            { { 0x2bc4408a5bb33, 0x078ebdda05442, 0x2ffb112354123, 0x375ee8df5862d, 0x2945ccf146e20 } },
            { { 0x182c3a447d6ba, 0x22964e536eff2, 0x192821f540053, 0x2f9f19e788e5c, 0x154a7e73eb1b5 } },
            { { 0x3dbf1812a8285, 0x0fa17ba3f9797, 0x6f69cb49c3820, 0x34d5a0db3858d, 0x43aabe696b3bb } },
        },
        /* 7 B_0 */
        {
            { { 0x25cd0944ea3bf, 0x75673b81a4d63, 0x150b925d1c0d4, 0x13f38d9294114, 0x461bea69283c9 } },
            { { 0x72c9aaa3221b1, 0x267774474f74d, 0x064b0e9b28085, 0x3f04ef53b27c9, 0x1d6edd5d2e531 } },
            { { 0x36dc801b8b3a2, 0x0e0a7d4935e30, 0x1deb7cecc0d7d, 0x053a94e20dd2c, 0x7a9fbb1c6a0f9 } },
        },
        /* 9 B_0 */
        {
            { { 0x6678aa6a8632f, 0x5ea3788d8b365, 0x21bd6d6994279, 0x7ace75919e4e3, 0x34b9ed338add7 } },
            { { 0x6217e039d8064, 0x6dea408337e6d, 0x57ac112628206, 0x647cb65e30473, 0x49c05a51fadc9 } },
            { { 0x4e8bf9045af1b, 0x514e33a45e0d6, 0x7533c5b8bfe0f, 0x583557b7e14c9, 0x73c172021b008 } },
        },
        /* 11 B_0 */
        {
            { { 0x700848a802ade, 0x1e04605c4e5f7, 0x5c0d01b9767fb, 0x7d7889f42388b, 0x4275aae2546d8 } },
            { { 0x75b0249864348, 0x52ee11070262b, 0x237ae54fb5acd, 0x3bfd1d03aaab5, 0x18ab598029d5c } },
            { { 0x32cc5fd6089e9, 0x426505c949b05, 0x46a18880c7ad2, 0x4a4221888ccda, 0x3dc65522b53df } },
        },
        /* 13 B_0 */
        {
            { { 0x0c222a2007f6d, 0x356b79bdb77ee, 0x41ee81efe12ce, 0x120a9bd07097d, 0x234fd7eec346f } },
            { { 0x7013b327fbf93, 0x1336eeded6a0d, 0x2b565a2bbf3af, 0x253ce89591955, 0x0267882d17602 } },
            { { 0x0a119732ea378, 0x63bf1ba8e2a6c, 0x69f94cc90df9a, 0x431d1779bfc48, 0x497ba6fdaa097 } },
        },
        /* 15 B_0 */
        {
            { { 0x6cc0313cfeaa0, 0x1a313848da499, 0x7cb534219230a, 0x39596dedefd60, 0x61e22917f12de } },
            { { 0x3cd86468ccf0b, 0x48553221ac081, 0x6c9464b4e0a6e, 0x75fba84180403, 0x43b5cd4218d05 } },
            { { 0x2762f9bd0b516, 0x1c6e7fbddcbb3, 0x75909c3ace2bd, 0x42101972d3ec9, 0x511d61210ae4d } },
        },
        /* 17 B_0 */
        {
            { { 0x676ef950e9d81, 0x1b81ae089f258, 0x63c4922951883, 0x2f1d54d9b3237, 0x6d325924ddb85 } },
            { { 0x386484420de87, 0x2d6b25db68102, 0x650b4962873c0, 0x4081cfd271394, 0x71a7fe6fe2482 } },
            { { 0x182b8a5c8c854, 0x73fcbe5406d8e, 0x5de3430cff451, 0x554b967ac8c41, 0x4746c4b6559ee } },
        },
        /* 19 B_0 */
        {
            { { 0x77b3c6dc69a2b, 0x4edf13ec2fa6e, 0x4e85ad77beac8, 0x7dba2b28e7bda, 0x5c9a51de34fe9 } },
            { { 0x546c864741147, 0x3a1df99092690, 0x1ca8cc9f4d6bb, 0x36b7fc9cd3b03, 0x219663497db5e } },
            { { 0x0f1cf79f10e67, 0x43ccb0a2b7ea2, 0x05089dfff776a, 0x1dd84e1d38b88, 0x4804503c60822 } },
        },
        /* 21 B_0 */
        {
            { { 0x49ed02ca37fc7, 0x474c2b5957884, 0x5b8388e816683, 0x4b6c454b76be4, 0x553398a516506 } },
            { { 0x021d23a36d175, 0x4fd3373c6476d, 0x20e291eeed02a, 0x62f2ecf2e7210, 0x771e098858de4 } },
            { { 0x2f5d278451edf, 0x730b133997342, 0x6965420eb6975, 0x308a3bfa516cf, 0x5a5ed1d68ff5a } },
        },
        /* 23 B_0 */
        {
            { { 0x5122afe150e83, 0x4afc966bb0232, 0x1c478833c8268, 0x17839c3fc148f, 0x44acb897d8bf9 } },
            { { 0x5e0c558527359, 0x3395b73afd75c, 0x072afa4e4b970, 0x62214329e0f6d, 0x019b60135fefd } },
            { { 0x068145e134b83, 0x1e4860982c3cc, 0x068fb5f13d799, 0x7c9283744547e, 0x150c49fde6ad2 } },
        },
        /* 25 B_0 */
        {
            { { 0x3f29509471138, 0x729eeb4ca31cf, 0x69c22b575bfbc, 0x4910857bce212, 0x6b2b5a075bb99 } },
            { { 0x1863c9cdca868, 0x3770e295a1709, 0x0d85a3720fd13, 0x5e0ff1f71ab06, 0x78a6d7791e05f } },
            { { 0x7704b47a0b976, 0x2ae82e91aab17, 0x50bd6429806cd, 0x68055158fd8ea, 0x725c7ffc4ad55 } },
        },
        /* 27 B_0 */
        {
            { { 0x26715d1cf99b2, 0x2205441a69c88, 0x448427dcd4b54, 0x1d191e88abdc5, 0x794cc9277cb1f } },
            { { 0x02bf71cd098c0, 0x49dabcc6cd230, 0x40a6533f905b2, 0x573efac2eb8a4, 0x4cd54625f855f } },
            { { 0x6c426c2ac5053, 0x5a65ece4b095e, 0x0c44086f26bb6, 0x7429568197885, 0x7008357b6fcc8 } },
        },
        /* 29 B_0 */
        {
            { { 0x0672738773f01, 0x752bf799f6171, 0x6b4a6dae33323, 0x7b54696ead1dc, 0x06ef7e9851ad0 } },
            { { 0x39fbb82584a34, 0x47a568f257a03, 0x14d88091ead91, 0x2145b18b1ce24, 0x13a92a3669d6d } },
            { { 0x3771cc0577de5, 0x3ca06bb8b9952, 0x00b81c5d50390, 0x43512340780ec, 0x3c296ddf8a2af } },
        },
        /* 31 B_0 */
        {
            { { 0x515f9d914a713, 0x73191ff2255d5, 0x54f5cc2a4bdef, 0x3dd57fc118bcf, 0x7a99d393490c7 } },
            { { 0x34d2ebb1f2541, 0x0e815b723ff9d, 0x286b416e25443, 0x0bdfe38d1bee8, 0x0a892c7007477 } },
            { { 0x2ed2436bda3e8, 0x02afd00f291ea, 0x0be7381dea321, 0x3e952d4b2b193, 0x286762d28302f } },
        },
        /* 33 B_0 */
        {
            { { 0x036093ce35b25, 0x3b64d7552e9cf, 0x71ee0fe0b8460, 0x69d0660c969e5, 0x32f1da046a9d9 } },
            { { 0x58e2bce2ef5bd, 0x68ce8f78c6f8a, 0x6ee26e39261b2, 0x33d0aa50bcf9d, 0x7686f2a3d6f17 } },
            { { 0x512a66d597c6a, 0x0609a70a57551, 0x026c08a3c464c, 0x4531fc8ee39e1, 0x561305f8a9ad2 } },
        },
        /* 35 B_0 */
        {
            { { 0x4978dec92aed1, 0x069adae7ca201, 0x11ee923290f55, 0x69641898d916c, 0x00aaec53e35d4 } },
            { { 0x2cc28e7b0c0d5, 0x77b60eb8a6ce4, 0x4042985c277a6, 0x636657b46d3eb, 0x030a1aef2c57c } },
            { { 0x1f773003ad2aa, 0x005642cc10f76, 0x03b48f82cfca6, 0x2403c10ee4329, 0x20be9c1c24065 } },
        },
        /* 37 B_0 */
        {
            { { 0x387d8249673a6, 0x5bea8dc927c2a, 0x5bd8ed5650ef0, 0x0ef0e3fcd40e1, 0x750ab3361f0ac } },
            { { 0x0e44ae2025e60, 0x5f97b9727041c, 0x5683472c0ecec, 0x188882eb1ce7c, 0x69764c545067e } },
            { { 0x23283a2f81037, 0x477aff97e23d1, 0x0b8958dbcbb68, 0x0205b97e8add6, 0x54f96b3fb7075 } },
        },
        /* 39 B_0 */
        {
            { { 0x5f20429669279, 0x08fafae4941f5, 0x15d83c4eb7688, 0x1cf379eca4146, 0x3d7fe9c52bb75 } },
            { { 0x5afc616b11ecd, 0x39f4aec8f22ef, 0x3b39e1625d92e, 0x5f85bd4508873, 0x78e6839fbe85d } },
            { { 0x32df737b8856b, 0x0608342f14e06, 0x3967889d74175, 0x1211907fba550, 0x70f268f350088 } },
        },
        /* 41 B_0 */
        {
            { { 0x64583b1805f47, 0x22c1baf832cd0, 0x132c01bd4d717, 0x4ecf4c3a75b8f, 0x7c0d345cfad88 } },
            { { 0x4112070dcf355, 0x7dcff9c22e464, 0x54ada60e03325, 0x25cd98eef769a, 0x404e56c039b8c } },
            { { 0x71f4b8c78338a, 0x62cfc16bc2b23, 0x17cf51280d9aa, 0x3bbae5e20a95a, 0x20d754762aaec } },
        },
        /* 43 B_0 */
        {
            { { 0x7c36fc73bb758, 0x4a6c797734bd1, 0x0ef248ab3950e, 0x63154c9a53ec8, 0x2b8f1e46f3cee } },
            { { 0x4feb135b9f543, 0x63bd192ad93ae, 0x44e2ea612cdf7, 0x670f4991583ab, 0x38b8ada8790b4 } },
            { { 0x04a9cdf51f95d, 0x5d963fbd596b8, 0x22d9b68ace54a, 0x4a98e8836c599, 0x049aeb32ceba1 } },
        },
        /* 45 B_0 */
        {
            { { 0x07d0b75fc7931, 0x16f4ce4ba754a, 0x5ace4c03fbe49, 0x27e0ec12a159c, 0x795ee17530f67 } },
            { { 0x67d3c63dcfe7e, 0x112f0adc81aee, 0x53df04c827165, 0x2fe5b33b430f0, 0x51c665e0c8d62 } },
            { { 0x25b0a52ecbd81, 0x5dc0695fce4a9, 0x3b928c575047d, 0x23bf3512686e5, 0x6cd19bf49dc54 } },
        },
        /* 47 B_0 */
        {
            { { 0x6612165afc386, 0x1171aa36203ff, 0x2642ea820a8aa, 0x1f3bb7b313f10, 0x5e01b3a7429e4 } },
            { { 0x7619052179ca3, 0x0c16593f0afd0, 0x265c4795c7428, 0x31c40515d5442, 0x7520f3db40b2e } },
            { { 0x50be3d39357a1, 0x3ab33d294a7b6, 0x4c479ba59edb3, 0x4c30d184d326f, 0x71092c9ccef3c } },
        },
        /* 49 B_0 */
        {
            { { 0x3d8ac74051dcf, 0x10ab6f543d0ad, 0x5d0f3ac0fda90, 0x5ef1d2573e5e4, 0x4173a5bb7137a } },
            { { 0x0523f0364918c, 0x687f56d638a7b, 0x20796928ad013, 0x5d38405a54f33, 0x0ea15b03d0257 } },
            { { 0x56e31f0f9218a, 0x5635f88e102f8, 0x2cbc5d969a5b8, 0x533fbc98b347a, 0x5fc565614a4e3 } },
        },
        /* 51 B_0 */
        {
            { { 0x2e1e67790988e, 0x1e38b9ae44912, 0x648fbb4075654, 0x28df1d840cd72, 0x3214c7409d466 } },
            { { 0x6570dc46d7ae5, 0x18a9f1b91e26d, 0x436b6183f42ab, 0x550acaa4f8198, 0x62711c414c454 } },
            { { 0x1827406651770, 0x4d144f286c265, 0x17488f0ee9281, 0x19e6cdb5c760c, 0x5bea94073ecb8 } },
        },
        /* 53 B_0 */
        {
            { { 0x0ce63f343d2f8, 0x1e0a87d1e368e, 0x045edbc019eea, 0x6979aed28d0d1, 0x4ad0785944f1b } },
            { { 0x5bf0912c89be4, 0x62fadcaf38c83, 0x25ec196b3ce2c, 0x77655ff4f017b, 0x3aacd5c148f61 } },
            { { 0x63b34c3318301, 0x0e0e62d04d0b1, 0x676a233726701, 0x29e9a042d9769, 0x3aff0cb1d9028 } },
        },
        /* 55 B_0 */
        {
            { { 0x6430bf4c53505, 0x264c3e4507244, 0x74c9f19a39270, 0x73f84f799bc47, 0x2ccf9f732bd99 } },
            { { 0x5c7eb3a20405e, 0x5fdb5aad930f8, 0x4a757e63b8c47, 0x28e9492972456, 0x110e7e86f4cd2 } },
            { { 0x0d89ed603f5e4, 0x51e1604018af8, 0x0b8eedc4a2218, 0x51ba98b9384d0, 0x05c557e0b9693 } },
        },
        /* 57 B_0 */
        {
            { { 0x6bbb089c20eb0, 0x6df41fb0b9eee, 0x51087ed87e16f, 0x102db5c9fa731, 0x289fef0841861 } },
            { { 0x1ce311fc97e6f, 0x6023f3fb5db1f, 0x7b49775e8fc98, 0x3ad70adbf5045, 0x6e154c178fe98 } },
            { { 0x16336fed69abf, 0x4f066b929f9ec, 0x4e9ff9e6c5b93, 0x18c89bc4bb2ba, 0x6afbf642a95ca } },
        },
        /* 59 B_0 */
        {
            { { 0x55070f913a8cc, 0x765619eac2bbc, 0x3ab5225f47459, 0x76ced14ab5b48, 0x12c093cedb801 } },
            { { 0x0de0c62f5d2c1, 0x49601cf734fb5, 0x6b5c38263f0f6, 0x4623ef5b56d06, 0x0db4b851b9503 } },
            { { 0x47f9308b8190f, 0x414235c621f82, 0x31f5ff41a5a76, 0x6736773aab96d, 0x33aa8799c6635 } },
        },
        /* 61 B_0 */
        {
            { { 0x0f588fc156cb1, 0x363414da4f069, 0x7296ad9b68aea, 0x4d3711316ae43, 0x212cd0c1c8d58 } },
            { { 0x7f51ebd085cf2, 0x12cfa67e3f5e1, 0x1800cf1e3d46a, 0x54337615ff0a8, 0x233c6f29e8e21 } },
            { { 0x4d5107f18c781, 0x64a4fd3a51a5e, 0x4f4cd0448bb37, 0x671d38543151e, 0x1db7778911914 } },
        },
        /* 63 B_0 */
        {
            { { 0x14769dd701ab6, 0x28339f1b4b667, 0x4ab214b8ae37b, 0x25f0aefa0b0fe, 0x7ae2ca8a017d2 } },
            { { 0x352397c6bc26f, 0x18a7aa0227bbe, 0x5e68cc1ea5f8b, 0x6fe3e3a7a1d5f, 0x31ad97ad26e2a } },
            { { 0x017ed0920b962, 0x187e33b53b6fd, 0x55829907a1463, 0x641f248e0a792, 0x1ed1fc53a6622 } },
        },
    },
    {
        /* 1 B_1 */
        {
            { { 0x265e777d1f515, 0x0f1f54c1e39a5, 0x2f01b95522646, 0x4fdd8db9dde6d, 0x654878cba97cc } },
            { { 0x38ec78df6b0fe, 0x13caebea36a22, 0x5ebc6e54e5f6a, 0x32804903d0eb8, 0x2102fdba2b20d } },
            { { 0x6e405055ce6a1, 0x5024a35a532d3, 0x1f69054daf29d, 0x15d1d0d7a8bd5, 0x0ad725db29ecb } },
        },
        /* 3 B_1 */
        {
            { { 0x55e4c50fe1296, 0x05fdd13efc30d, 0x1c0c6c380e5ee, 0x3e11de3fb62a8, 0x6678fd69108f3 } },
            { { 0x6962feab1a9c8, 0x6aca28fb9a30b, 0x56db7ca1b9f98, 0x39f58497018dd, 0x4024f0ab59d6b } },
            { { 0x6fa31636863c2, 0x10ae5a67e42b0, 0x27abbf01fda31, 0x380a7b9e64fbc, 0x2d42e2108ead4 } },
        },
        /* 5 B_1 */
        {
            { { 0x6df5721d34e6a, 0x4f32f767a0c06, 0x1d5abeac76e20, 0x41ce9e104e1e4, 0x06e15be54c1dc } },
            { { 0x25a1e2bc9c8bd, 0x104c8f3b037ea, 0x405576fa96c98, 0x2e86a88e3876f, 0x1ae23ceb960cf } },
            { { 0x25d871932994a, 0x6b9d63b560b6e, 0x2df2814c8d472, 0x0fbbee20aa4ed, 0x58ded861278ec } },
        },
        /* 7 B_1 */
        {
            { { 0x531474912100a, 0x5afcdf7c0d057, 0x7a9e71b788ded, 0x5ef708f3b0c88, 0x07433be3cb393 } },
            { { 0x4987891610042, 0x79d9d7f5d0172, 0x3c293013b9ec4, 0x0c2b85f39caca, 0x35d30a99b4d59 } },
            { { 0x144c05ce997f4, 0x4960b8a347fef, 0x1da11f15d74f7, 0x54fac19c0fead, 0x2d873ede7af6d } },
        },
        /* 9 B_1 */
        {
            { { 0x04c2481dce666, 0x5929a0b603c1c, 0x6e83d94bf44ae, 0x5d46707f80356, 0x06129a399608a } },
            { { 0x7abbdeca2bb1f, 0x1f6326f4315b3, 0x07eb3eeda43c5, 0x72f6307a63478, 0x4b9bc6b65eb3b } },
            { { 0x384e16373339a, 0x4b9d4ea0da3e7, 0x5975dda768cdd, 0x358fd6ec3fafd, 0x016ebc2d29edf } },
        },
        /* 11 B_1 */
        {
            { { 0x3c9a0f9929eff, 0x5eda4285ec2a5, 0x6bfe5ef70fa05, 0x606836fb1d93c, 0x01b8446a186eb } },
            { { 0x6e23f06ba91fe, 0x08d6acfba0795, 0x551b87dfebf91, 0x44215e2d289ac, 0x51b8bb2592ef3 } },
            { { 0x78e10e172d287, 0x53538457ea856, 0x17abd0c45d4e8, 0x5c04beffb2460, 0x5a492a4e4a141 } },
        },
        /* 13 B_1 */
        {
            { { 0x0915fc0dcf155, 0x08b01b62ddfad, 0x35307f1f7bbe0, 0x7c15cbfa517e9, 0x34d6119a76d6d } },
            { { 0x7231dad8c37b8, 0x1c725b31e0773, 0x7bfc65a44454a, 0x593ed443f11d2, 0x2031b09eefab1 } },
            { { 0x111d6ae5e0fde, 0x33540c4bc46dd, 0x547598e5f5194, 0x3126ac9b210a3, 0x7d4c7f0c6a6f7 } },
        },
        /* 15 B_1 */
        {
            { { 0x1946239470d1c, 0x26662e484bec6, 0x138a99d34235a, 0x61592b8219b98, 0x1aa65abbf76ba } },
            { { 0x55b694658195f, 0x0e6e3437fc6ae, 0x5c3f6f97f3bb9, 0x0b257be910c09, 0x44e320e72af11 } },
            { { 0x2cb09f2ec7cc5, 0x2e6e9f1287b54, 0x75c54789681e4, 0x210776c27e988, 0x11ad37999fb73 } },
        },
        /* 17 B_1 */
        {
            { { 0x62799bf86bddf, 0x7b180871eb4e5, 0x26811e20a66f1, 0x4928beabaef51, 0x1275e4f5f1eed } },
            { { 0x6fb97d82ee589, 0x2f4ab531deccf, 0x51dfa29fce73d, 0x7550f75b454a0, 0x1d2902beb6ab4 } },
            { { 0x608c69fa7aa14, 0x50ff223a8c4ec, 0x321fee655d82b, 0x1c4959ea0bd2a, 0x7984039db24d5 } },
        },
        /* 19 B_1 */
        {
            { { 0x30061bff9dda0, 0x44ddd43181260, 0x089d56b2772e3, 0x1608db6dc4ff6, 0x324b1f12c33b3 } },
            { { 0x1d2dbd1267ef8, 0x5e32b3b07090e, 0x639bb07dbd6c4, 0x105900986ff48, 0x34c1d0011c2f4 } },
            { { 0x76262fc15fde4, 0x04e17d9fc3fa9, 0x4aedf7198e796, 0x7d080b945b6e5, 0x11911fe16be72 } },
        },
        /* 21 B_1 */
        {
            { { 0x4ce8e7fbb92f9, 0x096950ce5a732, 0x3fb59d78f2c15, 0x7e8b94ea20f9d, 0x439a717432f96 } },
            { { 0x25a42482cc774, 0x0a2125e5972ac, 0x70a09fe139b2e, 0x0831ed258b1a4, 0x3213f4415563a } },
            { { 0x583cf512f5acc, 0x6aa8daf6a3708, 0x685df6adba4c1, 0x6ee5daff1fd0a, 0x10b5929ea1ed5 } },
        },
        /* 23 B_1 */
        {
            { { 0x5958c5561495e, 0x32f92e18ecd2c, 0x34b1a8a4529e4, 0x7163aa56064a6, 0x21fc5547debc6 } },
            { { 0x111cf52a1900e, 0x1012ab41b063d, 0x51c297f8d3abe, 0x33abfc63ebe66, 0x703c26fadd128 } },
            { { 0x3cb553c4eb00f, 0x092d2ed056229, 0x3c3fc6ce844b9, 0x54d50923b9601, 0x3a74a7863ed90 } },
        },
        /* 25 B_1 */
        {
            { { 0x2fc89ec017f9a, 0x4b7900164dfbb, 0x2a8d0135f1997, 0x126a982d848af, 0x5e14c4e6c7963 } },
            { { 0x6a893b80c4cf0, 0x56886feded75f, 0x39e61c0095581, 0x2e397f74a94b2, 0x73f2e4913bce1 } },
            { { 0x064a5be3a7884, 0x48d82f5fcfb8c, 0x4fff1ceba6302, 0x47688586aa780, 0x0d27693c43a32 } },
        },
        /* 27 B_1 */
        {
            { { 0x1182bc9acbfdb, 0x3d9540b4fa916, 0x1b8c38b9e1dab, 0x2f6e1fe405bcb, 0x4165d170b276b } },
            { { 0x1bff7ccc0af8c, 0x6a27c4d41c600, 0x6cea67424fad3, 0x11d8701bcd429, 0x4f4db9baafe30 } },
            { { 0x116a7fbf02977, 0x084cd3a8de46f, 0x7eff39c593019, 0x10f1fde5bfbcc, 0x0100d0f8273da } },
        },
        /* 29 B_1 */
        {
            { { 0x1644a9b786f66, 0x56ff5f105f4e2, 0x5da2e3f373812, 0x2665a02f6ec62, 0x75515a6b19e94 } },
            { { 0x57926158e35ab, 0x17abec7e1feb7, 0x6b922e0c4ce4f, 0x34d39adcfb56e, 0x49dd464f36af5 } },
            { { 0x776071c657d8c, 0x231a9d015dc93, 0x485fa073d29b6, 0x77eea5e8757cd, 0x591b7993658c3 } },
        },
        /* 31 B_1 */
        {
            { { 0x13e9391d6e653, 0x23db7d8583530, 0x497784abb0cd7, 0x01671c1f5fcce, 0x7ba009892c6d1 } },
            { { 0x08878dcd7c239, 0x51a18d75bf003, 0x779bf6936d934, 0x5521c37ecdff1, 0x1f78ee2b450a7 } },
            { { 0x64f57a73967e0, 0x2e64ae24a905a, 0x3d74fce2ba4fe, 0x2ea41a77f17fb, 0x04371dab0c2a1 } },
        },
        /* 33 B_1 */
        {
            { { 0x2a7eaf2b56677, 0x3dbfbb7bd8446, 0x093f2cd78e1a6, 0x6bbc376951a94, 0x7c48ee90b0ca8 } },
            { { 0x6c41e1684e27d, 0x1618ebcd18001, 0x6be5a08001b34, 0x55aeea6235d34, 0x7de443b4c0648 } },
            { { 0x6a16f7ea93923, 0x3e02e1930032b, 0x0aa686cb38154, 0x6cca27caed967, 0x2793c5c99c005 } },
        },
        /* 35 B_1 */
        {
            { { 0x054100bd567af, 0x47fd56313cdae, 0x218c470190f35, 0x03a260a6b1a71, 0x58826bf028dae } },
            { { 0x1ee05e3eb861f, 0x441d872fd91df, 0x097e9cc44e1dc, 0x00d96d3bc797b, 0x4a723eb97e124 } },
            { { 0x416aa80a7f60f, 0x20119f935fa64, 0x4212700aed35d, 0x3f905bee628e0, 0x3b77e47c9ca19 } },
        },
        /* 37 B_1 */
        {
            { { 0x03075d4a6fa02, 0x3caeeb7e62f20, 0x5c165cbe96eee, 0x7a7556cec00be, 0x0ecaa0e90e8b5 } },
            { { 0x0ece7d98dd223, 0x6b5464d502451, 0x21a8a7ad5c295, 0x54ecd0ca2d095, 0x49d76c963851d } },
            { { 0x1eed11f44f493, 0x2e1997e2de62a, 0x3513a007c5379, 0x65370bd9f8ef7, 0x3d95845b50e14 } },
        },
        /* 39 B_1 */
        {
            { { 0x5ad98bc0bd052, 0x67d6a7a2d15ea, 0x2717f018d51c1, 0x151ce32bee9dd, 0x766a3da38643d } },
            { { 0x526523bda254e, 0x226a94813044e, 0x7c350d03b6a03, 0x77725470f405a, 0x35dd007b2e437 } },
            { { 0x112bb1fac4c10, 0x130cc696731fb, 0x18d654889744f, 0x4f59dd184b259, 0x64cec112510ce } },
        },
        /* 41 B_1 */
        {
            { { 0x17486ffe508fd, 0x534b95612b9a4, 0x169f202fc6c0a, 0x07ff748e9fe1e, 0x3eda68e69d3c2 } },
            { { 0x4dc030c68a4a2, 0x69bb06ff08c3d, 0x58d2e94ae417f, 0x5e0de2014d2a6, 0x17f19726a32e0 } },
            { { 0x6840ca69cde9f, 0x5d5e108a1a8a7, 0x3200454ac5faa, 0x51ca54652dde6, 0x769a8e2f3943b } },
        },
        /* 43 B_1 */
        {
            { { 0x50c784593f067, 0x54202a75ea913, 0x7eb215966750e, 0x536dcabcbd78b, 0x62afe914fbabc } },
            { { 0x5db793375521f, 0x107b5a2b7fcdc, 0x712952f4d996d, 0x66b45e012b09b, 0x26ae1e05ebba4 } },
            { { 0x335c96fa399dd, 0x5c818838556bd, 0x38e53bdee5151, 0x36aafe6139cd7, 0x4426b1524d0b5 } },
        },
        /* 45 B_1 */
        {
            { { 0x0beeab4bfa40e, 0x4fe91883b318c, 0x68fa046c77fa6, 0x68b8ac60b8f35, 0x3b5c8beaad8b8 } },
            { { 0x42405930539b0, 0x38220b1ac840e, 0x72c37375ec222, 0x46bc536a528ca, 0x1116e7cc3dab9 } },
            { { 0x79e2011a2a146, 0x36f0d37e68971, 0x6139b4338c22d, 0x5362ee52a8a11, 0x768bc4bb51b1a } },
        },
        /* 47 B_1 */
        {
            { { 0x50ce1f9fc048f, 0x3c61337c47aa3, 0x0f78117bb4bed, 0x50a578dff906d, 0x4a4568f0ec320 } },
            { { 0x435aa5a652b7f, 0x439fae3d2d4ec, 0x124545a2d8965, 0x02004711379fc, 0x188536cb601bf } },
            { { 0x6c76f70cca4f7, 0x443576affbf3d, 0x7901f5c6a07c6, 0x1e9d34e94c95a, 0x312bf85c05162 } },
        },
        /* 49 B_1 */
        {
            { { 0x4c9f5e4ef1e42, 0x0181ea9d5b53f, 0x558b04fb50169, 0x7cc97d39447aa, 0x43a8aec7b65fc } },
            { { 0x53779745954e6, 0x4e46c72b07a40, 0x7fa7f9a04a6b9, 0x03a29bebd9e91, 0x4c366ee7bd998 } },
            { { 0x043f0f665f92f, 0x415008f2d04e2, 0x74edd87185a5f, 0x61a4ba389758c, 0x40f69ef461473 } },
        },
        /* 51 B_1 */
        {
            { { 0x61dde397f66d5, 0x4f1695325a719, 0x7dfe379cb9151, 0x004ac03e695be, 0x680fb07719279 } },
            { { 0x460a3e7388468, 0x2d1ea34dfb00c, 0x7cde9aac304bf, 0x629d52ef7cb25, 0x74e4f7d451fc7 } },
            { { 0x693182738126f, 0x26a9a687b96a4, 0x4dc348d2ead63, 0x48dc0cd542b0d, 0x619a3bffb7e59 } },
        },
        /* 53 B_1 */
        {
            { { 0x64755aae2ba6f, 0x6dc059e2b6b9e, 0x05d1b460ef260, 0x418f6c71bf52e, 0x359e842fc1b71 } },
            { { 0x3e2e70807b2eb, 0x2e102de9ed55f, 0x6ff95cebc81b4, 0x65333dcfb964e, 0x5f967ce21a169 } },
            { { 0x378eb1f863f09, 0x7e9b85fc00f37, 0x507b269395874, 0x61e12582aad81, 0x08985ee9f3d58 } },
        },
        /* 55 B_1 */
        {
            { { 0x23351e9f19b63, 0x3c14828c4884f, 0x43bbfac72464f, 0x7f4d9b27f9ac2, 0x7db320d3f8ab8 } },
            { { 0x3bcf1bc01dfa1, 0x0aea09f2ce17d, 0x330bc4680842e, 0x17267af3092bc, 0x6ebfb2c13ed1a } },
            { { 0x1370b153ef600, 0x53af7d5f49f27, 0x2dc6770519924, 0x507206fb43fda, 0x23cc65323024d } },
        },
        /* 57 B_1 */
        {
            { { 0x5941b383ddd89, 0x6c549defe827d, 0x54a9788736d80, 0x3ac393c2d413c, 0x67f6c24799046 } },
            { { 0x1df2315b0e531, 0x5cd168ce22200, 0x569237c901bd0, 0x058e83af0a1fa, 0x4bebb48dba4de } },
            { { 0x2ba65ceab72fa, 0x4badf41ab3f87, 0x21012b494aba9, 0x400af86e05d22, 0x19e0d6964f9b2 } },
        },
        /* 59 B_1 */
        {
            { { 0x4ba1a06c2affb, 0x51104e6c713c3, 0x441bc7e7cbf2c, 0x69f8a60a9bcca, 0x28eb1e166bc72 } },
            { { 0x32b1560a24b15, 0x0c411c2b06f71, 0x1e7b44380df71, 0x24834a0982310, 0x02c8b79e569d5 } },
            { { 0x36c076e69094b, 0x4466d0c056076, 0x18a9123faaa12, 0x10d8ad19362e8, 0x039edf3ed2339 } },
        },
        /* 61 B_1 */
        {
            { { 0x50ab1cb944ebd, 0x0486098153bb9, 0x14c1a4ccfdd6e, 0x7f5146f9bd85f, 0x5f97646502b22 } },
            { { 0x2a5f569f25dca, 0x00333523d7f37, 0x1ce88b51df840, 0x1480e9c8022d4, 0x757b94cda9223 } },
            { { 0x576106e24d128, 0x7e0fc924ef2bb, 0x22be6e842926c, 0x39171ff6513e2, 0x3aebde0654392 } },
        },
        /* 63 B_1 */
        {
            { { 0x3243fa4ad1820, 0x129acdc2c1058, 0x781bd0b43a794, 0x237c5a1a21375, 0x45376d254d851 } },
            { { 0x32af7e66c7a37, 0x19434cffe9940, 0x36b3bacb6900f, 0x02530f8522ffc, 0x31dfbd71c613a } },
            { { 0x4a79ea3df6166, 0x3c48b0656c983, 0x7ab95320b034a, 0x6a1b1d19c30d4, 0x62e67cbca4034 } },
        },
    },
    {
        /* 1 B_2 */
        {
            { { 0x304bfacad8ea2, 0x502917d108b07, 0x043176ca6dd0f, 0x5d5158f2c1d84, 0x2b5449e58eb3b } },
            { { 0x27562eb3dbe47, 0x291d7b4170be7, 0x5d1ca67dfa8e1, 0x2a88061f298a2, 0x1304e9e71627d } },
            { { 0x014d26adc9cfe, 0x7f1691ba16f13, 0x5e71828f06eac, 0x349ed07f0fffc, 0x4468de2d7c2dd } },
        },
        /* 3 B_2 */
        {
            { { 0x264bf710ecdf6, 0x708c58527896b, 0x42ceae6c53394, 0x4381b21e82b6a, 0x6af93724185b4 } },
            { { 0x6cfab8de73e68, 0x3e6efced4bd21, 0x0056609500dbe, 0x71b7824ad85df, 0x577629c4a7f41 } },
            { { 0x0024509c6a888, 0x2696ab12e6644, 0x0cca27f4b80d8, 0x0c7c1f11b119e, 0x701f25bb0caec } },
        },
        /* 5 B_2 */
        {
            { { 0x69bd55db1beee, 0x6e14e47f731bd, 0x1a35e47270eac, 0x66f225478df8e, 0x366d44191cfd3 } },
            { { 0x2d48ffb5720ad, 0x57b7f21a1df77, 0x5550effba0645, 0x5ec6a4098a931, 0x221104eb3f337 } },
            { { 0x41743f2bc8c14, 0x796b0ad8773c7, 0x29fee5cbb689b, 0x122665c178734, 0x4167a4e6bc593 } },
        },
        /* 7 B_2 */
        {
            { { 0x0e28949770eb8, 0x5559e88147b72, 0x35e1e6e63ef30, 0x35b109aa7ff6f, 0x1f6a3e54f2690 } },
            { { 0x76cd05b9c619b, 0x69654b0901695, 0x7a53710b77f27, 0x79a1ea7d28175, 0x08fc3a4c677d5 } },
            { { 0x4c199d30734ea, 0x6c622cb9acc14, 0x5660a55030216, 0x068f1199f11fb, 0x4f2fad0116b90 } },
        },
        /* 9 B_2 */
        {
            { { 0x27ef70e37c8cb, 0x2372e3f4f28f8, 0x42f4cdb25caa8, 0x039b3ed4963c3, 0x3bc6a10aa583b } },
            { { 0x3c5db45dc2c78, 0x0500dc0f475f9, 0x4744178b59aad, 0x5001529064ca0, 0x3fd86de2aebd0 } },
            { { 0x43d82f773aecb, 0x4c3f518d2a046, 0x699683330c311, 0x2162de70b6f90, 0x5326ccb694083 } },
        },
        /* 11 B_2 */
        {
            { { 0x7f192a0d2da41, 0x68ddb03add844, 0x71ec237d96975, 0x19cd86a727660, 0x4d4ec054daefe } },
            { { 0x21df92dcc5416, 0x4fc27d07b53ea, 0x0758b12ec6b5c, 0x47ead8a3049e9, 0x336d296b4cdca } },
            { { 0x6fc516536cb46, 0x46b1a1f65989a, 0x45ef0a45dbdc8, 0x65c72795e27c1, 0x15e397726486f } },
        },
        /* 13 B_2 */
        {
            { { 0x53e4ea7c67900, 0x2635ba772b229, 0x1383eaeb47e06, 0x79562356c8dfe, 0x22751f67f4f51 } },
            { { 0x2b749181b45c7, 0x306207459d2c9, 0x485013397893c, 0x788153ad3db19, 0x306cf6d5c4b1b } },
            { { 0x366fa22060ed4, 0x5682d7c4b1586, 0x54937b9980b67, 0x617ec016868e7, 0x71bd6e5254388 } },
        },
        /* 15 B_2 */
        {
            { { 0x032923fa62600, 0x324b28ff0708f, 0x5200f517d969e, 0x6ee59a06905bf, 0x63585a3c041f3 } },
            { { 0x08e93d9457638, 0x075d2d13b014f, 0x7b9040f62eecd, 0x6dd3420e9a011, 0x0ff6d3f433920 } },
            { { 0x34ee871911c90, 0x319a82e7e09e4, 0x41abcfc6b71e8, 0x4c6c2668f8731, 0x311875e37124b } },
        },
        /* 17 B_2 */
        {
            { { 0x7f2e698108bc3, 0x2069d2300c3e1, 0x3df29d48a9c9f, 0x3f1b2d8b79911, 0x01507bdbfd15d } },
            { { 0x3902ba576c31e, 0x66584478535dc, 0x47673e961bc7d, 0x21a37175f686a, 0x4e66ac10fd10d } },
            { { 0x16ee64bc41599, 0x200ad8e422607, 0x70e44af172259, 0x1c20d781feeef, 0x438f9bd6192b4 } },
        },
        /* 19 B_2 */
        {
            { { 0x2585daccd272f, 0x087a511695d86, 0x59c1aa11f265c, 0x5881334de80c8, 0x015c0ef329180 } },
            { { 0x05a0bcbe14a0d, 0x6abf8db4626ce, 0x6fbf742a7603f, 0x330384c356f6b, 0x4145064c98da4 } },
            { { 0x0a888b7d09367, 0x16bed285884b2, 0x3b72e0690ab64, 0x3d681c0705c11, 0x56e25ac10737b } },
        },
        /* 21 B_2 */
        {
            { { 0x1d2b8026b8590, 0x1cf63aa44f600, 0x5adb45df0f391, 0x5776c12afd63e, 0x632c55dd101c8 } },
            { { 0x71580342a6fe1, 0x49c3c859c4d2f, 0x11c4b21f87428, 0x5b4e5d5adc1f2, 0x2c8a5e973ef7d } },
            { { 0x6c193876345c2, 0x4e38af02ca89a, 0x249d19a3ccfbd, 0x02485b4b59bf3, 0x3a5a6262b1a1a } },
        },
        /* 23 B_2 */
        {
            { { 0x19c42facd1780, 0x3cc2ebf9ac0fa, 0x2a7c5b754fb71, 0x521ac19c1c36c, 0x15f8ae4ed49e8 } },
            { { 0x5fca0b051ef04, 0x2c31311a4b5fd, 0x4465822d2e285, 0x02bdbdf9e7138, 0x19a524af38331 } },
            { { 0x527cce400e185, 0x07863e2a4c079, 0x46b2b80d56c5f, 0x018d74ad18ee1, 0x36673a998c9ac } },
        },
        /* 25 B_2 */
        {
            { { 0x09ca34e10ecfb, 0x319afad6706b1, 0x55477d9360893, 0x4a0c063a22941, 0x1ce5a759e08b7 } },
            { { 0x710d0b964a572, 0x6bd4eb8ac0191, 0x30ead1a8bd79c, 0x5d5f91a1ff3ba, 0x444d4a2c22c35 } },
            { { 0x66e793cb6768e, 0x28a769ac02292, 0x06e0ce12ba740, 0x4e634e53b284d, 0x7fb66e8309c4c } },
        },
        /* 27 B_2 */
        {
            { { 0x3c8b356ff458d, 0x32e8b33b9a29f, 0x3eb8f04e60e1d, 0x343538444e2b3, 0x7f3ef8f7b5560 } },
            { { 0x5ce99fd251dd3, 0x5222db7e09452, 0x610839761daa2, 0x729361251d90a, 0x322e6c8b12009 } },
            { { 0x34cc4aa042df9, 0x2919d1153229f, 0x0fd5472609a62, 0x11182b5554a53, 0x77e06912f5320 } },
        },
        /* 29 B_2 */
        {
            { { 0x13f9b22c65837, 0x7911d259e0fa8, 0x583f1c7af0714, 0x69dd02c135262, 0x3585c71403cff } },
            { { 0x572e5e0d95853, 0x064f7222664d6, 0x5eb06a7262f0f, 0x3c3c0383689d3, 0x22d879bddc127 } },
            { { 0x681d236a6a6cd, 0x5b6fd496a0325, 0x4782965a953c5, 0x1df7dec0a1f14, 0x3d574f25add60 } },
        },
        /* 31 B_2 */
        {
            { { 0x6256ee47de376, 0x72d5086dc5577, 0x469a4dd28c5bb, 0x3123ce639fd4f, 0x244dc732037d6 } },
            { { 0x1f82bcff9065b, 0x62ff389309787, 0x183e727939e54, 0x722da291b93a3, 0x03843b767d26f } },
            { { 0x673abe9cb5a6a, 0x7ff106cf8d535, 0x6a0cb9e81c0d9, 0x2f8a939326d2c, 0x440796ea38911 } },
        },
        /* 33 B_2 */
        {
            { { 0x1bc3cb162a2bb, 0x48bd172f98b27, 0x5f2fbd91b266a, 0x6e7d28f2d06f8, 0x57e43c54014a2 } },
            { { 0x056b845f227fc, 0x277bf55711cc3, 0x1a4d52df4a3c1, 0x6b33e47dd2470, 0x61ad6337f65bb } },
            { { 0x762279774ac84, 0x0fc935c706d24, 0x655ca1878ab51, 0x70d235bcc73e5, 0x3a65f7dd94d55 } },
        },
        /* 35 B_2 */
        {
            { { 0x3ed969bc070a1, 0x37837998db1b5, 0x07da52508e67b, 0x78b61b4d3d716, 0x0e7e86ee8743d } },
            { { 0x055144757a6b6, 0x3eae334bb9c40, 0x342179992bfe6, 0x187960ec0fb61, 0x7b523191c96d6 } },
            { { 0x5d626a40bf9a7, 0x4430ab7f8eb98, 0x64aad5ff30b03, 0x0a1973bd16a5c, 0x5a3bdac13ee0e } },
        },
        /* 37 B_2 */
        {
            { { 0x2be74ea341cfe, 0x1b52bc46e5d66, 0x28bdde688f446, 0x66c942f4f20ae, 0x2e2dbcf8ee8b1 } },
            { { 0x791c45a90de4e, 0x2cdf7c2a1f246, 0x630725ef8fa1e, 0x11d774784b465, 0x2438accd12b3a } },
            { { 0x438165e7d9718, 0x0c6a8626bbe62, 0x13d6506861a2c, 0x23f06b1ab72e6, 0x422533da4f81c } },
        },
        /* 39 B_2 */
        {
            { { 0x48f3afda677c8, 0x2414b28ec7d59, 0x17fe318477256, 0x297555637789e, 0x191a5a7a068d1 } },
            { { 0x5b76578afe5c2, 0x64faa1cd96757, 0x6efd8390ef9be, 0x6d0f51a341e6c, 0x3b7412cb9a7fb } },
            { { 0x3873dccf344d2, 0x179b167c94977, 0x5e1a482011098, 0x188d6f08ff311, 0x460c73b39c1a5 } },
        },
        /* 41 B_2 */
        {
            { { 0x0112ca4f0f4f6, 0x6a93a9be16f8e, 0x30a99a575a56a, 0x256d9e41a098e, 0x4389281dffb6e } },
            { { 0x05036c8b413ee, 0x57a9f07fcb9cf, 0x48a91a9a6b931, 0x6d6d27a7ab5c8, 0x12fa9323f7e5b } },
            { { 0x52c7e0f016661, 0x65dc23447b44e, 0x76bdea35e11dc, 0x5afaaecf7a068, 0x62fe4f3291fd6 } },
        },
        /* 43 B_2 */
        {
            { { 0x5f1a481edeb9b, 0x2198c39a56646, 0x1cdfd864e3805, 0x737bb744d6419, 0x589b10bc4ac89 } },
            { { 0x0ab3c808aaf43, 0x7df4c52d86ad0, 0x76014a4a0624d, 0x1eacff6f24636, 0x256b2752571aa } },
            { { 0x600941a089098, 0x7ed3e7505b187, 0x48dab5da74691, 0x518e7a445f58a, 0x1d5dd5b4ca3c5 } },
        },
        /* 45 B_2 */
        {
            { { 0x7b0aab96c6533, 0x5793a332eb759, 0x6ffef3dc76ffd, 0x38c3b1afe41c2, 0x4bc64f58d2b8c } },
            { { 0x7fe2411806b63, 0x310f0ebfb4bff, 0x523867b5d5e98, 0x068f35eec7af1, 0x5644538565c13 } },
            { { 0x3dcb4702c6e41, 0x0bc8c5d40692a, 0x6765ead7fcd04, 0x1d512214f2fc0, 0x2c732edb160dd } },
        },
        /* 47 B_2 */
        {
            { { 0x2222cc0d07bab, 0x754a69659eb02, 0x69923351bf2c6, 0x5448b09d54b82, 0x15ade612e6705 } },
            { { 0x365bf0e5ed659, 0x3ad875a8f901f, 0x64ebb840a4375, 0x476ebc2880d47, 0x61c92798070e7 } },
            { { 0x0cd68c78711d3, 0x7a4c081417967, 0x09f966c5549d7, 0x2a7bfc7e15d6c, 0x0963e77388ee2 } },
        },
        /* 49 B_2 */
        {
            { { 0x2264005dc8586, 0x75c22c6975db0, 0x359a12853732a, 0x63528519b6c66, 0x66dc12d7d57aa } },
            { { 0x63efec21c94c1, 0x58c644dcf2b35, 0x24b60fdfbf1ff, 0x07dadbc6618c4, 0x6db201a6feaab } },
            { { 0x4f29891a13848, 0x161d6bce4d3e2, 0x31cce45d4b6f7, 0x69998b40375d3, 0x6ff28eedde2f0 } },
        },
        /* 51 B_2 */
        {
            { { 0x100059da1c56a, 0x1ade51e62b120, 0x0e89b456c1898, 0x5cff5ca4363ab, 0x39c3757ed5767 } },
            { { 0x502ba3c9be64b, 0x37444a609c642, 0x6cb50ee7528e3, 0x3bc19d6be4016, 0x4ca73314cb2e8 } },
            { { 0x4ef5ee736feb6, 0x588115e8349cb, 0x08d0d695d7b99, 0x6b0c4a4f52c56, 0x29b77da7cfa38 } },
        },
        /* 53 B_2 */
        {
            { { 0x2e519eb3bc54c, 0x7de6041d4de3b, 0x3fec1561e0826, 0x64e6640073b2b, 0x077ac5d895f34 } },
            { { 0x46ae5a0af5405, 0x24c988f74c13e, 0x4f4b2d8f77bbb, 0x0b1e207cf9ab7, 0x19cb6e163a013 } },
            { { 0x32d49cd928467, 0x0716f18a57a0b, 0x13e4d5643e221, 0x124753868d031, 0x28cf075cfbfc7 } },
        },
        /* 55 B_2 */
        {
            { { 0x1f10e761c1c78, 0x731e6ca073a4c, 0x6c567a169e44f, 0x3f841f0db959e, 0x463667375232d } },
            { { 0x6b9c4b96ff18d, 0x2d9fc21896fd5, 0x3416902044111, 0x4bfccb475d9c1, 0x13cdcd90e4a52 } },
            { { 0x161b0544b9705, 0x08316848737bc, 0x0c3c571cde36c, 0x70aec9336d8ad, 0x63cc2a7767140 } },
        },
        /* 57 B_2 */
        {
            { { 0x4eb5c5ffbf0b3, 0x2545761884688, 0x1214403700cb3, 0x5a3276d444b01, 0x0addf10182f7a } },
            { { 0x162eb41f9ecc0, 0x6a4313280c201, 0x168552e781f08, 0x7461324a00c60, 0x2e8544994b549 } },
            { { 0x1c4803721e2ae, 0x41f7faf610b5c, 0x48196fa3b3ad3, 0x4f281691dc602, 0x6ae105ca6cc97 } },
        },
        /* 59 B_2 */
        {
            { { 0x529058c9c2292, 0x52556461e47c1, 0x417e1e5ae1743, 0x1d91359498c60, 0x5f5013fc96f98 } },
            { { 0x0ce59e4571614, 0x58502eebe5ddc, 0x0ebe109fe92db, 0x71d4972193423, 0x5441142a05935 } },
            { { 0x63b8b840cdcc4, 0x12c7c2aa2b24b, 0x6e5d40c38dd08, 0x248d99f26eb14, 0x192ca5e2c5141 } },
        },
        /* 61 B_2 */
        {
            { { 0x34a2eae439c17, 0x16dbe892f534b, 0x02ae5ff3722c5, 0x241b1a60023b5, 0x5ffc080de83d2 } },
            { { 0x7577cb7836d46, 0x4ebdffe76183e, 0x447b260e9e190, 0x0b5aa71a22989, 0x35328da078d73 } },
            { { 0x7f3b741e8b96a, 0x2efedbf8142fc, 0x06ca9b172234f, 0x5bea4f32f7b68, 0x79f2a61578d3b } },
        },
        /* 63 B_2 */
        {
            { { 0x019357f78bb71, 0x1dad81eb70cf0, 0x1db04ab4c367d, 0x257582289ec53, 0x68d85d91b1e9e } },
            { { 0x7dda43a9bc6fc, 0x6e591f951480a, 0x2f526c479e13b, 0x5ef3e886e07a6, 0x2dc637f3ee129 } },
            { { 0x489f50b888e89, 0x2e70c706cb1d6, 0x2368045088096, 0x099c461d46dfa, 0x0c821cbd654fb } },
        },
    },
    {
        /* 1 B_3 */
        {
            { { 0x5cc9dc80c1ac0, 0x683671486d4cd, 0x76f5f1a5e8173, 0x6d5d3f5f9df4a, 0x7da0b8f68d7e7 } },
            { { 0x02014385675a6, 0x6155fb53d1def, 0x37ea32e89927c, 0x059a668f5a82e, 0x46115aba1d4dc } },
            { { 0x71953c3b5da76, 0x6642233d37a81, 0x2c9658076b1bd, 0x5a581e63010ff, 0x5a5f887e83674 } },
        },
        /* 3 B_3 */
        {
            { { 0x129126699b2e3, 0x0ee11a2603de8, 0x60ac2f5c74c21, 0x59b192a196808, 0x45371b07001e8 } },
            { { 0x6170a3046e65f, 0x5401a46a49e38, 0x20add5561c4a8, 0x7abb4edde9e46, 0x586bf9f1a195f } },
            { { 0x3088d5ef8790b, 0x38c2126fcb4db, 0x685bae149e3c3, 0x0bcd601a4e930, 0x0eafb03790e52 } },
        },
        /* 5 B_3 */
        {
            { { 0x5d4263af77a3c, 0x23fdd2289aeb0, 0x7dc64f77eb9ec, 0x01bd28338402c, 0x14f29a5383922 } },
            { { 0x4299c18d0936d, 0x5914183418a49, 0x52a18c721aed5, 0x2b151ba82976d, 0x5c0efde4bc754 } },
            { { 0x17edc25b2d7f5, 0x37336a6081bee, 0x7b5318887e5c3, 0x49f6d491a5be1, 0x5e72365c7bee0 } },
        },
        /* 7 B_3 */
        {
            { { 0x30b093e4b1928, 0x1ce7e7ec80312, 0x4e575bdf78f84, 0x61f7a190bed39, 0x6f8aded6ca379 } },
            { { 0x522d93ecebde8, 0x024f045e0f6cf, 0x16db63426cfa1, 0x1b93a1fd30fd8, 0x5e5405368a362 } },
            { { 0x0123dfdb7b29a, 0x4344356523c68, 0x79a527921ee5f, 0x74bfccb3e817e, 0x780de72ec8d3d } },
        },
        /* 9 B_3 */
        {
            { { 0x74bf772ec328b, 0x63d126d1a6996, 0x2193c4fffb643, 0x707b4db2011ba, 0x3ef7c1ab7acbc } },
            { { 0x4b4ab471cbced, 0x472e38d06fa23, 0x3ad6ffd73a808, 0x6458a0840efe4, 0x166f19391a11c } },
            { { 0x5a3e049ea16ba, 0x45980ebc3f30c, 0x1539eda5fbe0a, 0x29b3db214de32, 0x14ccd4a191222 } },
        },
        /* 11 B_3 */
        {
            { { 0x177bf5e83617f, 0x09da83c4825a3, 0x6a7931f8ce5a2, 0x3325201b72571, 0x445c94fb3866b } },
            { { 0x6fb64e7ed26b4, 0x78a9c42d7e7d8, 0x3767eea87e557, 0x1f21d06a92349, 0x3349ed00b559d } },
            { { 0x2f2f238cf2986, 0x4369d2176f314, 0x5677f0070c91c, 0x479c79f206f93, 0x29c89a29b62ca } },
        },
        /* 13 B_3 */
        {
            { { 0x2492390bf4ca8, 0x3342d85d5e356, 0x23eccdfa76f40, 0x6ab4ab08846b4, 0x3fe46cb74f448 } },
            { { 0x599bc36f7bea5, 0x466de115180ba, 0x50166d51f7f51, 0x33dc56ce2050d, 0x7aa56c3659784 } },
            { { 0x4704de6f4834f, 0x444b8daee3aa6, 0x4794292b1e425, 0x2131929da80e9, 0x42fdb9014fb9d } },
        },
        /* 15 B_3 */
        {
            { { 0x650aeb74f4a44, 0x559812ee97e45, 0x23084d44fe7c7, 0x6fe90a091cf1b, 0x3df041ab3b6de } },
            { { 0x4985ef74c6add, 0x1d71a1cb742eb, 0x1b0383988243c, 0x538e5d783eab6, 0x69590f15ef2f0 } },
            { { 0x2f638987e0f96, 0x24d225b22fe16, 0x208b39c295e1d, 0x16dbd57016a67, 0x766ba4cc1b424 } },
        },
        /* 17 B_3 */
        {
            { { 0x0590916f2cf65, 0x2280e9b44569f, 0x25bb955452caf, 0x1dbd37d5bbbfe, 0x3a8b20467a10c } },
            { { 0x314cccddb9362, 0x07c2261da105e, 0x43572bf8c0fbd, 0x2a5e43bcc301e, 0x4cb304c95d785 } },
            { { 0x2fac13646549e, 0x601b4817ee9b0, 0x2ac4e0f3afcd3, 0x51b4838ab24f8, 0x4b1148e3e83ce } },
        },
        /* 19 B_3 */
        {
            { { 0x434e290edb506, 0x792443f1ff975, 0x5f69b0f018026, 0x6a644b66c8b8f, 0x38dcff1b4bdef } },
            { { 0x7c1c9c28d8db8, 0x6ee8adebaa72e, 0x4432569ed0ea6, 0x103da0e5f7b83, 0x57d6c49e1ac29 } },
            { { 0x5214292b7ff7e, 0x4b6f1cd4886ef, 0x6bf38acac2af5, 0x2e875843f56a1, 0x6708e91c332e9 } },
        },
        /* 21 B_3 */
        {
            { { 0x3ade4d1f84492, 0x4b7b66df44d5f, 0x09fdf00a3b820, 0x2feb2c4bbe513, 0x44db03b3f990e } },
            { { 0x0e43c23e4ea14, 0x7ce0e3f5c73aa, 0x4696705a8e37f, 0x485ac211978d9, 0x3aa9356ff59a4 } },
            { { 0x0c7edf3a6014d, 0x5a7ea9490743b, 0x53cbe0fb8481e, 0x480a2c9155340, 0x40296e07e1810 } },
        },
        /* 23 B_3 */
        {
            { { 0x3be1f649b1415, 0x12129b90b6c60, 0x379fa9b638df0, 0x5dc74c454636d, 0x10d82115883f7 } },
            { { 0x3377ff890c452, 0x5e4561086cd9b, 0x1a2e74566a4db, 0x49c387e8bde8b, 0x5af8b52f4d2d7 } },
            { { 0x2396841445aea, 0x37229660d7665, 0x4d5cbc66011ae, 0x20c8bb667f3b5, 0x2fd1ea763ff36 } },
        },
        /* 25 B_3 */
        {
            { { 0x27b8b5a1b9c2d, 0x1a665bd8529d7, 0x1b9f68468e4f5, 0x4701dc47ed38a, 0x0af67c0cbd64e } },
            { { 0x7327da58f809a, 0x64285a89e8f59, 0x3fcecec958194, 0x7c12fecd0fffe, 0x40039a3017d72 } },
            { { 0x31ff8e63ec9b5, 0x4bf5e0d3f3b53, 0x677d5b0bb1bb0, 0x5696302a7a744, 0x3754fa7bd6627 } },
        },
        /* 27 B_3 */
        {
            { { 0x0837309fe195b, 0x58a36cdfe894e, 0x337b44fc1ae7b, 0x0b38bf93012d7, 0x7d534f90c0e56 } },
            { { 0x6ddf5d7025e2e, 0x5582ccb042bfb, 0x2e38b225cab3f, 0x56901c9fded73, 0x23aa24a06f2af } },
            { { 0x552cd39714435, 0x36ee2ed9a954b, 0x0e228b64fbcd9, 0x31a2adf4591ac, 0x4d481de5a98cc } },
        },
        /* 29 B_3 */
        {
            { { 0x414077679d14c, 0x76124e5100441, 0x1be3b338cedd0, 0x431c188a0ddaf, 0x1330ac03d16b9 } },
            { { 0x01e807cf48673, 0x47e9eed8ebb39, 0x504b7f17daab4, 0x64bcaa13e45e0, 0x0d898b28a700d } },
            { { 0x63ef99e41784e, 0x5cf7f1b47302f, 0x2fe53acfa0091, 0x55d441fbc2035, 0x221a77ae91f9e } },
        },
        /* 31 B_3 */
        {
            { { 0x2a6ac34d56136, 0x4ab0356ef9c12, 0x38f41ad161a7a, 0x192790c1b0221, 0x0890b2114de1c } },
            { { 0x708ddb695f9df, 0x1ce12df4c6e7e, 0x5de05815a390a, 0x1e8f47b9453fe, 0x17e071c9bf1ac } },
            { { 0x06bcfe3a41548, 0x16bc9d8475526, 0x541d70afce8c7, 0x0bb9d387c82b0, 0x50b821ed2fb1e } },
        },
        /* 33 B_3 */
        {
            { { 0x24f04fbe49e2a, 0x7d533ba71b15f, 0x53f6ff84449ec, 0x6fa395c12c9c0, 0x656f2ff5c78f0 } },
            { { 0x086e6dcf6cdb3, 0x79cae9c8af1d6, 0x5e556de95daaa, 0x56a7edc1bdd43, 0x4dabfce1f2203 } },
            { { 0x6e63a8943cef6, 0x69cfdf4b8e0ef, 0x073337f3f95e4, 0x5b53b8ea84f2d, 0x0c8eadba8656a } },
        },
        /* 35 B_3 */
        {
            { { 0x02a0f1ad05511, 0x5b066d4aa36ad, 0x26a6a9ed1a5d8, 0x56661b86a11b7, 0x7fa1dcc64b7f5 } },
            { { 0x723d8911bc7e2, 0x6f7f30b73bef8, 0x1745f4f8e985d, 0x7288a5b50f9e9, 0x474774afc8bf6 } },
            { { 0x4f61fd094bcdd, 0x285ea7aa0b350, 0x2e2a6be66e46b, 0x535779b012206, 0x102d36ec6f2b5 } },
        },
        /* 37 B_3 */
        {
            { { 0x1ef05dfd05182, 0x386bca413e5d4, 0x18b269d25a699, 0x40ad21a662eae, 0x2fac7e8d60ffb } },
            { { 0x2a6e7d47b965b, 0x257e0dc8f7466, 0x60d025a678589, 0x22bb82534b8a6, 0x42fd5fe3f6279 } },
            { { 0x5f2b35644f01e, 0x0545cce53a04a, 0x42d4e2ef88ba2, 0x6c5481f947e15, 0x5e184fc5c9bb0 } },
        },
        /* 39 B_3 */
        {
            { { 0x227dd8b1901af, 0x2325ac7462101, 0x688d8bab72854, 0x5685efe7b3421, 0x0f6d71776f001 } },
            { { 0x65c6a14dbe545, 0x5586ca2159301, 0x0997c6d0ffb67, 0x7a6cda88c4a13, 0x17e903f44a5b7 } },
            { { 0x3c70c212ccd47, 0x300bf12a0ee30, 0x2340ee4d10a38, 0x2c88afef0bd3e, 0x64ffa3ba13414 } },
        },
        /* 41 B_3 */
        {
            { { 0x1b0bc607df598, 0x1deca64394998, 0x31bf4d142d54f, 0x3a55a1c3a7d4e, 0x001aba913c65a } },
            { { 0x6680b98796c54, 0x071ef458a12f6, 0x74bf753ac9a7b, 0x19cbd8adf47ca, 0x53b0cf4c61610 } },
            { { 0x16a00bf6cea65, 0x22e53690b0189, 0x193e8b2166a2b, 0x6cc6119a83ee1, 0x489ccd9f7c3ad } },
        },
        /* 43 B_3 */
        {
            { { 0x7ad43694384ff, 0x61b86658e3d30, 0x21552357cc561, 0x258fc0eee5982, 0x2da1d3f8a4e99 } },
            { { 0x04545c5c1e130, 0x696b29509a68a, 0x6ffbf787c1c52, 0x1d4a8aa9d0352, 0x1f292d574006e } },
            { { 0x1fb38714c2db0, 0x60e26eac930ef, 0x2069e2a08ba04, 0x627bc9f7625bf, 0x5a14e360aa2cb } },
        },
        /* 45 B_3 */
        {
            { { 0x0bc544cbab627, 0x605809d8df7f8, 0x1b860db75ee3d, 0x00dab4f95d57a, 0x4b316e4749d3c } },
            { { 0x5a2dacec973b8, 0x339bb192d121e, 0x79e130c9250bc, 0x217b8337cf3c1, 0x0880139b99cdc } },
            { { 0x35a5174091ee7, 0x6e45b884e9bf7, 0x611b8af7cb11e, 0x33facb5959c5d, 0x0703339145843 } },
        },
        /* 47 B_3 */
        {
            { { 0x33046df091ca1, 0x70209f3ba9e51, 0x5daeb71739a51, 0x76b228f8fbce2, 0x2133da2a4477d } },
            { { 0x1a8386f5ced52, 0x5c78e88d036ec, 0x03a1b11d965eb, 0x20b54778237b2, 0x229ae714e7dc9 } },
            { { 0x7a42b213d4be8, 0x3122a04331cab, 0x6ef69a3528a44, 0x28690a693d56a, 0x38f1c2d259b7f } },
        },
        /* 49 B_3 */
        {
            { { 0x1c47266e44b99, 0x3e34190b6d2fc, 0x516d53e2fdeee, 0x38f8f5c3fed66, 0x7f8b5ae413b95 } },
            { { 0x155d7a58e7271, 0x0e425550cb608, 0x6202cf377ae80, 0x456f694094261, 0x7a287457ff5e7 } },
            { { 0x70820e12df189, 0x6672fe6784661, 0x7507815a69a69, 0x396fd668609b9, 0x24bafad8be770 } },
        },
        /* 51 B_3 */
        {
            { { 0x54d7ff09bae95, 0x56f173d1d3f85, 0x2c608330dadce, 0x039d36de96904, 0x14ebcb335fddb } },
            { { 0x1447f4fd1acd5, 0x5a2b5b44ccfba, 0x2c0648bf41159, 0x3779436fcbfeb, 0x3091d85e534e7 } },
            { { 0x2c919cf787fe2, 0x11232e4dc298d, 0x174b431465120, 0x686525c434582, 0x7896b800d5c05 } },
        },
        /* 53 B_3 */
        {
            { { 0x6257daec54f85, 0x114867b24f65f, 0x5af5fd9aaee05, 0x4e9adabd84b9b, 0x4c505fb0d475d } },
            { { 0x53dc4314b6217, 0x4e8bf14a3c874, 0x4936f83d37acb, 0x3918c7756b7d9, 0x740d3c9468ba3 } },
            { { 0x1421b980d5439, 0x54d46359ed31f, 0x3e0cae39c7f26, 0x1d0ff4f335098, 0x2c118c22db39a } },
        },
        /* 55 B_3 */
        {
            { { 0x6d39d33ec01c1, 0x49e4c22cd85b2, 0x57581b3aa2abc, 0x07638d152acb7, 0x286971cc4b4ce } },
            { { 0x72a90a29c8d4d, 0x5b73fa57e171a, 0x3dce6f7b89a76, 0x07737251bdbbf, 0x485df81a22ef7 } },
            { { 0x72264a63c9804, 0x7702d4f382af3, 0x426878bbff1b4, 0x43525e23b8c35, 0x305361ae81c3e } },
        },
        /* 57 B_3 */
        {
            { { 0x61919a93e01f9, 0x0aa4e9092ce58, 0x4fcd29f7e764d, 0x17f5fe284d1bb, 0x1d208df22fedc } },
            { { 0x7666584e88f81, 0x7bac187ed298e, 0x6787751ef0647, 0x20e7ef495905d, 0x7352b1ced8e8e } },
            { { 0x0219918354d95, 0x22c39c1700ca3, 0x0f7a5afba8870, 0x68d65b20b0071, 0x09e31942a20d2 } },
        },
        /* 59 B_3 */
        {
            { { 0x43eb3b4bda3b1, 0x48e155afc5db2, 0x446ef53294ac5, 0x3f3eaa642fecc, 0x3a22ac4afbc1d } },
            { { 0x426b48a35e91e, 0x359eb61da2811, 0x631c8472d11e2, 0x22358d9eb9931, 0x7df2e2dc133ab } },
            { { 0x535b8b59c1914, 0x7864d810436c0, 0x5caee5e2490fd, 0x154b8306d9199, 0x78db012144c71 } },
        },
        /* 61 B_3 */
        {
            { { 0x168723d54ed38, 0x76fab149e711c, 0x74df36c8a2be7, 0x73aac02eb1b8a, 0x4ae810589df6d } },
            { { 0x032ff2092b442, 0x7ce73ceb982bd, 0x39bf93ae7b2ff, 0x71a15d3e23b1a, 0x70844e06fcfe2 } },
            { { 0x3c6916d7c61c3, 0x0ff04acbabf9a, 0x7862aeb9c13a2, 0x6a28a2966d5f6, 0x6f513c4ed35cc } },
        },
        /* 63 B_3 */
        {
            { { 0x4f719006c7a04, 0x7a173e8d8beb5, 0x259bcaea39ddc, 0x7457e35c491c9, 0x16323e0c998eb } },
            { { 0x3f98a3d479644, 0x02f3c45fe1e3c, 0x2eca8afec792f, 0x36702c4dfd50c, 0x501c19201bc19 } },
            { { 0x15fdebc140f89, 0x653b8638a3567, 0x187e12165a554, 0x013565ae59a55, 0x3cbe97451e85a } },
        },
    },
};

#endif
