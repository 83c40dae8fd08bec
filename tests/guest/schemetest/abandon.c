/* Clients that leave without CLOSE (args 13 and 14). Arg 13 opens as many
 * handles of disk.ram0: and disk.vblk0: as the servers let one client hold
 * (every handle with a registered one-page buffer, so the servers hold pins
 * on its frames, and no ring) and exits. The servers close them when it
 * dies (its sentinels go); arg 14, started after it is gone, opens each
 * disk once more. */
#include <mica/abi/errno.h>
#include <mica/log.h>

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
