/* The heavy client: takes every handle the server lets it have, a buffer
 * and a ring on each, marks block 0, then keeps every ring full of reads
 * until the light client marks block 0 to stop; then it exits with its
 * requests in flight and its buffers registered, never sending CLOSE. A
 * round: the stop mark checked, every ring refilled and its doorbell rung,
 * then a yield, so the next client to call the server finds a full round
 * of its work waiting there first. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include "fairness.h"

#define GIVE_UP_MS 120000u

static struct ipc_blk_handle hs[FAIR_HEAVY_MAX_HANDLES];

static unsigned open_all(const char *scheme, int *refusal)
{
    unsigned n = 0;
    int r = ipc_scheme_open_waiting(&hs[0], scheme, BLK_OPEN_READ | BLK_OPEN_WRITE, 10000);
    while (r == 0 && ++n < FAIR_HEAVY_MAX_HANDLES)
        r = ipc_scheme_open(&hs[n], scheme, BLK_OPEN_READ);
    *refusal = r;
    return n;
}

/* One ring's turn: reap what completed, refill what is free. */
static int churn(struct ipc_blk_handle *h, uint64_t blocks, uint32_t block_size, uint64_t *next,
                 uint64_t *completed)
{
    struct blk_completion done[FAIR_HEAVY_RING];
    int got = ipc_blk_poll_completions(h, done, FAIR_HEAVY_RING);
    if (got < 0)
        return got;
    *completed += (uint64_t)got;
    struct blk_submission sub[FAIR_HEAVY_RING];
    uint64_t span = FAIR_HEAVY_BYTES / block_size, slots = FAIR_HEAVY_PAGES * 4096u / FAIR_HEAVY_BYTES;
    for (unsigned i = 0; i < FAIR_HEAVY_RING; i++, (*next)++) {
        /* Spread over the disk past block 0 (the marks). */
        uint64_t lba = span + (*next * 7919u * span) % (blocks - 2u * span);
        sub[i] = (struct blk_submission){ .request_id = *next, .opcode = BLK_OP_READ,
                                          .length = FAIR_HEAVY_BYTES, .lba = lba,
                                          .buffer_offset = (*next % slots) * FAIR_HEAVY_BYTES };
    }
    int pushed = ipc_blk_queue_push_batch(h, sub, FAIR_HEAVY_RING);
    *next -= (uint64_t)(FAIR_HEAVY_RING - (pushed < 0 ? 0 : (unsigned)pushed));
    ipc_blk_queue_kick(h);
    return pushed < 0 ? pushed : 0;
}

int fair_heavy(const char *scheme)
{
    int refusal = 0;
    unsigned n = open_all(scheme, &refusal);
    struct blk_stat st;
    if (n == 0 || ipc_blk_fstat(&hs[0], &st) < 0) {
        ipc_log_error("heavy: cannot open %s: %s", scheme, mica_errno_name(refusal));
        return 1;
    }
    uint64_t pinned = 0;
    unsigned rings = 0;
    for (unsigned i = 0; i < n; i++) {
        long bytes = ipc_blk_buffer_create(&hs[i], FAIR_HEAVY_PAGES, 1);
        if (bytes < 0) {
            ipc_log_info("heavy: buffer on handle %u refused: %s", i, mica_errno_name((int)bytes));
            break;
        }
        pinned += (uint64_t)bytes;
        if (ipc_blk_ring_setup(&hs[i], FAIR_HEAVY_RING, FAIR_HEAVY_RING) < 0)
            break;
        rings++;
    }
    ipc_log_info("heavy: holds %u handles of %s (the next open: %s), %llu KiB of buffers, %u rings",
                 n, scheme, mica_errno_name(refusal), (unsigned long long)(pinned / 1024u), rings);
    int r = fair_put_mark(&hs[0], FAIR_MAGIC_FLOODING);
    uint64_t next = 0, completed = 0, rounds = 0, start = arch_rdtime();
    uint64_t words[FAIR_BLOCK / 8];
    while (r == 0) {
        rounds++;
        /* -EAGAIN: its requests in flight are all the server lets it have,
         * still after the library's wait (IPC_BLK_BUSY_WAIT_MS). */
        long got = ipc_blk_read(&hs[0], 0, words, FAIR_BLOCK);
        if (got == -MICA_EAGAIN) {
            mica_sys_thread_yield();
            continue;
        }
        if (got != FAIR_BLOCK) {
            r = got < 0 ? (int)got : -MICA_EIO;
            break;
        }
        if (words[0] == FAIR_MAGIC_STOP) {
            ipc_log_info("heavy: told to stop after %llu rounds, %llu completions; exiting with "
                         "%llu in flight, without CLOSE", (unsigned long long)rounds,
                         (unsigned long long)completed, (unsigned long long)(next - completed));
            return 0;
        }
        for (unsigned i = 0; i < rings && r == 0; i++)
            r = churn(&hs[i], st.size_bytes / st.block_size, st.block_size, &next, &completed);
        if (arch_rdtime() - start > timebase_ticks_ms(GIVE_UP_MS))
            r = -MICA_ETIMEDOUT;
        mica_sys_thread_yield();
    }
    ipc_log_error("heavy: %s", mica_errno_name(r));
    return 1;
}
