/* REGISTER_BUFFER and RING_SETUP with the wrong caps, too few or too many,
 * ring frames with broken headers, on a scratch handle opened read-only:
 * each may succeed once per handle and never twice (-EBUSY). */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/scheme.h>

#include "protofuzz.h"

static struct ipc_msg setup_call(long ep, enum blk_msg msg, const uint64_t *caps, unsigned ncaps,
                                 unsigned words)
{
    struct mica_ipc_buffer *b = ipc_buffer();
    for (unsigned i = 0; i < ncaps && i < MICA_MSG_MAX_CAPS; i++)
        b->send_caps[i] = caps[i];
    pf_caps_expect();
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(BLK_LABEL(msg), words, ncaps), pf_random(),
                                pf_random(), 0, 0);
    pf_caps_collect();
    return m;
}

int pf_setup_round(struct pf_disk *d)
{
    struct ipc_blk_handle h;
    int r = ipc_scheme_open(&h, d->scheme, BLK_OPEN_READ);
    if (r < 0)
        return pf_fail("%s scratch handle: %s", d->scheme, mica_errno_name(r));
    unsigned acked[2] = { 0, 0 };
    for (unsigned i = 1 + (unsigned)pf_below(6); i > 0; i--) {
        bool ring = pf_chance(2);
        uint64_t caps[MICA_MSG_MAX_CAPS + 1];
        unsigned ncaps;
        if (ring) {
            pf_caps_ring_frames(&caps[BLK_RING_SETUP_CAP_SUBMISSION], &caps[BLK_RING_SETUP_CAP_COMPLETION]);
            caps[BLK_RING_SETUP_CAP_CLIENT_NTFN] = pf_caps_notification();
            ncaps = pf_chance(4) ? (unsigned)pf_below(MICA_MSG_MAX_CAPS + 2) : 3;
        } else {
            ncaps = (unsigned)pf_below(MICA_MSG_MAX_CAPS + 2);
            for (unsigned c = 0; c < ncaps; c++)
                caps[c] = pf_caps_pick(d);
        }
        unsigned words = pf_chance(4) ? (unsigned)pf_below(6) : 0;
        struct ipc_msg m = setup_call(h.ep, ring ? BLK_MSG_RING_SETUP : BLK_MSG_REGISTER_BUFFER,
                                      caps, ncaps, words);
        pf_stats.messages++;
        if (m.badge < 0 || (long)m.w[BLK_REPLY_W_STATUS] < 0) {
            pf_stats.refused++;
            continue;
        }
        pf_stats.acked++;
        if (++acked[ring] > 1)
            return pf_fail("%s %s acknowledged twice on one handle", d->scheme,
                           ring ? "RING_SETUP" : "REGISTER_BUFFER");
    }
    ipc_blk_close(&h);
    return 0;
}
