/* Clients that leave without CLOSE (args 13 and 14). Arg 13 opens as many
 * handles of disk.ram0: and disk.vblk0: as the servers let one client hold
 * (every handle with a registered one-page buffer, so the servers hold pins
 * on its frames, and no ring) and exits. The servers close them when it
 * dies (its sentinels go); arg 14, started after it is gone, opens each
 * disk once more. Arg 18 leaves a ring on a handle opened without a
 * sentinel (below). */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/blk_protocol.h>
#include <mica/cap.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/scheme.h>

#include "schemetest.h"

/* The most a server's table holds (BLK_SERVER_MAX_HANDLES). */
#define TABLE_ENTRIES 16u

static const char *const abandoned_schemes[] = { "disk.ram0:", "disk.vblk0:" };

/* Left open on purpose: the process exits with them. */
static struct ipc_blk_handle abandoned[2][TABLE_ENTRIES];

static void fill_table(const char *scheme, struct ipc_blk_handle *hs)
{
    unsigned n = 0;
    long r = scheme_open_waiting(&hs[0], scheme, BLK_OPEN_READ);
    while (r == 0) {
        r = ipc_blk_buffer_create(&hs[n], 1, 1);
        if (r < 0) {
            check(0, "abandon_fill", "REGISTER_BUFFER failed", r);
            return;
        }
        if (++n == TABLE_ENTRIES)
            break;
        r = ipc_scheme_open(&hs[n], scheme, BLK_OPEN_READ);
    }
    struct ipc_blk_handle extra;
    if (n == TABLE_ENTRIES)
        r = ipc_scheme_open(&extra, scheme, BLK_OPEN_READ);
    check(r == -MICA_EMFILE, "abandon_table_full", "the server took one more than it allows", r);
    ipc_log_info("leaving %u handles open on %s, each with a registered buffer", n, scheme);
}

void abandon_handles(void)
{
    for (unsigned d = 0; d < 2; d++)
        fill_table(abandoned_schemes[d], abandoned[d]);
}

void open_after_abandon(void)
{
    for (unsigned d = 0; d < 2; d++) {
        struct ipc_blk_handle h;
        struct blk_stat st;
        int r = scheme_open_waiting(&h, abandoned_schemes[d], BLK_OPEN_READ);
        if (r == 0)
            r = ipc_blk_fstat(&h, &st);
        check(r == 0, "open_after_abandon", "the table of a gone client's handles refused", r);
        if (r == 0)
            ipc_blk_close(&h);
    }
}

/* Arg 18: a handle of disk.ram0: opened by hand without a sentinel (the
 * OPEN carries no cap, which the protocol allows), a ring set up on it and
 * a flush through the ring (a flush needs a writable handle), then the process exits without CLOSE: only the
 * server's watch on the ring's wakeup can tell it the client died. */
static struct ipc_blk_handle unsentineled; /* left open on purpose */

/* As long as main.c's opens wait: the ramdisk may still be starting. */
#define LOOKUP_WAIT_MS 30000u

static long open_without_sentinel(const char *scheme, long *ep)
{
    long door = ipc_slot_alloc(), slot = ipc_slot_alloc();
    if (door < 0 || slot < 0)
        return -MICA_ENOMEM;
    long r = ipc_scheme_lookup_waiting(scheme, strlen(scheme), door, LOOKUP_WAIT_MS);
    if (r < 0)
        return r;
    uint64_t recv = (uint64_t)slot;
    ipc_set_recv_slots(&recv, 1);
    struct ipc_msg m = ipc_call(door, MICA_MSGINFO(BLK_LABEL(BLK_MSG_OPEN), BLK_MSG_DATA_WORD, 0),
                                BLK_OPEN_READ | BLK_OPEN_WRITE, 0, 0, 0);
    ipc_set_recv_slots(0, 0);
    r = m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
    if (r == 0 && MICA_MSGINFO_CAPS(m.info) != 1)
        r = -MICA_EPROTO;
    *ep = slot;
    return r;
}

void abandon_ring_without_sentinel(void)
{
    long r = open_without_sentinel("disk.ram0", &unsentineled.ep);
    if (r == 0)
        r = ipc_blk_ring_setup(&unsentineled, 8, 8);
    struct blk_completion c = { .status = -MICA_EIO };
    if (r == 0) {
        struct blk_submission s = { .request_id = 1, .opcode = BLK_OP_FLUSH };
        r = ipc_blk_submit(&unsentineled, &s);
    }
    if (r == 0)
        r = ipc_blk_wait_completion(&unsentineled, &c);
    check(r == 0 && c.status == 0, "ring_without_sentinel", "open, ring or flush failed",
          r ? r : c.status);
    if (r == 0 && c.status == 0)
        ipc_log_info("leaving a ring without a sentinel on disk.ram0:");
}
