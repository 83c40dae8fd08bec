/* Random messages to init's name service and to the serial server, and the
 * well-formed requests both must still answer afterwards. The fuzzer is no
 * server and holds no device, so the name service must refuse every
 * REGISTER, BLOCK_FACTS and DEVICE_FEATURES it sends. A valid SERIAL_READ
 * would wait for typed input for ever, so reads always carry a bad count;
 * valid writes send NUL bytes, which print nothing. */
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/proc.h>
#include <mica/scheme.h>
#include <mica/serial.h>

#include "protofuzz.h"

#define MAX_WORDS MICA_MSG_MAX_WORDS

static void random_name(char *out, uint64_t length)
{
    static const char ok[] = "abcdefghijklmnopqrstuvwxyz0123456789._-";
    for (uint64_t i = 0; i < length; i++)
        out[i] = pf_chance(16) ? (char)pf_random() : ok[pf_below(sizeof ok - 1)];
}

static struct ipc_msg raw_call(long ep, uint64_t label, const uint64_t *w, unsigned words,
                               unsigned ncaps)
{
    struct mica_ipc_buffer *b = ipc_buffer();
    for (unsigned i = MICA_MSG_REG_WORDS; i < words && i < MAX_WORDS; i++)
        b->msg[i] = w[i];
    for (unsigned i = 0; i < ncaps && i < MICA_MSG_MAX_CAPS; i++)
        b->send_caps[i] = pf_caps_pick(0);
    pf_caps_expect();
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(label & MICA_MSGINFO_LABEL_MAX, words, ncaps),
                                w[0], w[1], w[2], w[3]);
    return m;
}

int pf_names_message(void)
{
    static const uint64_t labels[] = { MICA_LABEL_SCHEME_REGISTER, MICA_LABEL_SCHEME_LOOKUP,
                                       MICA_LABEL_SCHEME_BLOCK_FACTS };
    static uint64_t w[MAX_WORDS];
    uint64_t label = pf_chance(6) ? (pf_chance(2) ? pf_random() : BLK_LABEL(pf_below(BLK_MSG_COUNT)))
                                  : labels[pf_below(3)];
    /* init logs every DEVICE_FEATURES it refuses: rare, like valid names below. */
    if (pf_chance(32))
        label = MICA_LABEL_DEVICE_FEATURES;
    uint64_t length = pf_chance(4) ? pf_below(MICA_SCHEME_NAME_MAX + 8) : 1 + pf_below(12);
    memset(w, 0, sizeof w);
    random_name((char *)&w[MICA_MSG_REG_WORDS], length < MICA_SCHEME_NAME_MAX ? length : MICA_SCHEME_NAME_MAX);
    /* A valid name in a REGISTER or BLOCK_FACTS makes init log its refusal:
     * mostly spoil it, so a million messages do not flood the console. */
    if ((label == MICA_LABEL_SCHEME_REGISTER || label == MICA_LABEL_SCHEME_BLOCK_FACTS) &&
        !pf_chance(32))
        ((char *)&w[MICA_MSG_REG_WORDS])[0] = pf_chance(2) ? 'A' : '/';
    w[0] = pf_chance(8) ? pf_random() : length;
    w[1] = pf_chance(2) ? pf_random() : 512u << pf_below(9);
    w[2] = pf_random();
    w[3] = pf_below(4);
    unsigned words = pf_chance(4) ? (unsigned)pf_below(MAX_WORDS + 4)
                                  : MICA_MSG_REG_WORDS + MICA_SCHEME_NAME_WORDS;
    unsigned ncaps = pf_chance(8) ? (unsigned)pf_below(MICA_MSG_MAX_CAPS + 2) : 0;
    struct ipc_msg m = raw_call(MICA_CHILD_SLOT_NAMES, label, w, words, ncaps);
    pf_caps_collect();
    pf_stats.messages++;
    if (m.badge < 0) {
        pf_stats.refused++;
        return pf_names_still_answer("serial");
    }
    long status = (long)m.w[MICA_SCHEME_REPLY_W_STATUS];
    if (status < 0) {
        pf_stats.refused++;
        return 0;
    }
    pf_stats.acked++;
    if (label == MICA_LABEL_SCHEME_LOOKUP)
        return 0;
    return pf_fail("names: acknowledged label 0x%llx from a client that serves nothing (length "
                   "%llu, %u words)", (unsigned long long)label, (unsigned long long)length, words);
}

/* scheme: "disk.ram0:" or "serial"; the name is what comes before any ':'. */
int pf_names_still_answer(const char *scheme)
{
    long slot = ipc_slot_alloc();
    long r = ipc_scheme_lookup(scheme, strcspn(scheme, ":"), slot);
    mica_sys_cap_delete(0, slot);
    ipc_slot_free(slot);
    if (r < 0) {
        pf_stats.crashes++;
        return pf_fail("names: LOOKUP %s: %s", scheme, mica_errno_name((int)r));
    }
    return 0;
}

int pf_serial_message(long serial_door)
{
    static uint64_t w[MAX_WORDS];
    uint64_t label;
    switch (pf_below(8)) {
    case 0:
        label = pf_random();
        break;
    case 1:
        label = BLK_LABEL(pf_below(BLK_MSG_COUNT));
        break;
    case 2:
        label = pf_below(8);
        break;
    default:
        label = pf_chance(2) ? SERIAL_WRITE : SERIAL_READ;
        break;
    }
    memset(w, 0, sizeof w);
    static const uint64_t edges[] = { 0, SERIAL_MAX_BYTES, SERIAL_MAX_BYTES + 1, UINT64_MAX };
    uint64_t n = pf_chance(4) ? pf_random() : pf_chance(3) ? edges[pf_below(4)] : 1 + pf_below(16);
    unsigned words = pf_chance(3) ? (unsigned)pf_below(MAX_WORDS + 4)
                                  : serial_words((unsigned)(n <= SERIAL_MAX_BYTES ? n : 0));
    if (pf_chance(4) && n <= SERIAL_MAX_BYTES && n && words > 0)
        words--; /* one data word short */
    label &= MICA_MSGINFO_LABEL_MAX;
    /* Every label but WRITE with a good count means a read to the serial
     * server's decoder; a good count there would wait for input. */
    if (label != SERIAL_WRITE && n >= 1 && n <= SERIAL_MAX_BYTES)
        n = pf_chance(2) ? 0 : SERIAL_MAX_BYTES + 1 + pf_below(1000);
    w[0] = n;
    bool must_refuse = label != SERIAL_WRITE || n < 1 || n > SERIAL_MAX_BYTES ||
                       words < serial_words((unsigned)n) || words > MAX_WORDS;
    unsigned ncaps = pf_chance(8) ? (unsigned)pf_below(MICA_MSG_MAX_CAPS + 2) : 0;
    struct ipc_msg m = raw_call(serial_door, label, w, words, ncaps);
    pf_caps_collect();
    pf_stats.messages++;
    if (m.badge < 0) {
        pf_stats.refused++;
        return pf_serial_still_answers(serial_door, false);
    }
    long status = (long)m.w[0];
    if (status < 0) {
        pf_stats.refused++;
        return 0;
    }
    pf_stats.acked++;
    if (must_refuse || (uint64_t)status != n)
        return pf_fail("serial: answered %ld to label 0x%llx, count %llu, %u words", status,
                       (unsigned long long)label, (unsigned long long)n, words);
    return 0;
}

/* loud: a whole log line; otherwise one NUL byte, which prints nothing. */
int pf_serial_still_answers(long serial_door, bool loud)
{
    static const char line[] = "protofuzz|info: the serial server still answers\n";
    unsigned n = loud ? sizeof line - 1 : 1;
    uint64_t w[1 + (sizeof line + 7) / 8];
    serial_pack(w, loud ? (const uint8_t *)line : (const uint8_t *)"", n);
    struct ipc_msg m = ipc_call_words(serial_door, SERIAL_WRITE, w, serial_words(n), 0, 0);
    if (m.badge < 0 || (long)m.w[0] != (long)n) {
        pf_stats.crashes++;
        return pf_fail("serial: a well-formed WRITE got %ld", m.badge < 0 ? m.badge : (long)m.w[0]);
    }
    return 0;
}
