/* The victim: a well-behaved client of both disks. It opens each, registers
 * a one-page zero-copy buffer holding a known pattern, writes its data
 * blocks, publishes its handle ids, and after the attacker is done checks
 * that its handles still answer and its buffers and blocks are unchanged. */
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>

#include "hostile.h"

#define OPEN_WAIT_TICKS (30ull * 10000000ull)

static struct ipc_blk_handle handles[HOSTILE_DISKS];
static unsigned failures;

static void expect(int ok, const char *what, long got)
{
    if (!ok) {
        failures++;
        ipc_log_error("victim: %s (got %ld)", what, got);
    }
}

static int setup_disk(unsigned d)
{
    struct ipc_blk_handle *h = &handles[d];
    int r = ipc_scheme_open_waiting(h, hostile_disks[d], BLK_OPEN_READ | BLK_OPEN_WRITE,
                                    OPEN_WAIT_TICKS);
    if (r < 0)
        return r;
    long bytes = ipc_blk_buffer_create(h, 1, 1);
    if (bytes < 0)
        return (int)bytes;
    hostile_fill(h->buffer, d, 0xff);
    uint8_t block[HOSTILE_BLOCK];
    for (unsigned b = 0; b < HOSTILE_DATA_BLOCKS; b++) {
        hostile_fill(block, d, b);
        long w = ipc_blk_write(h, (uint64_t)b * HOSTILE_BLOCK, block, sizeof block);
        if (w != HOSTILE_BLOCK)
            return w < 0 ? (int)w : -MICA_EIO;
    }
    ipc_log_info("victim: %s open, handle 0x%llx", hostile_disks[d],
                 (unsigned long long)h->handle_id);
    return 0;
}

static void check_disk(unsigned d)
{
    struct ipc_blk_handle *h = &handles[d];
    struct blk_stat st;
    expect(ipc_blk_fstat(h, &st) == 0, "fstat on my handle", d);
    uint8_t want[HOSTILE_BLOCK], got[HOSTILE_BLOCK];
    hostile_fill(want, d, 0xff);
    expect(memcmp(h->buffer, want, HOSTILE_BLOCK) == 0, "my buffer changed", d);
    for (unsigned b = 0; b < HOSTILE_DATA_BLOCKS; b++) {
        hostile_fill(want, d, b);
        long r = ipc_blk_read(h, (uint64_t)b * HOSTILE_BLOCK, got, sizeof got);
        expect(r == HOSTILE_BLOCK && memcmp(got, want, sizeof got) == 0, "my block changed",
               (long)b);
    }
    /* The buffer path still works on my handle: read block 0 into it. */
    long r = ipc_blk_read_buffer(h, 0, HOSTILE_BLOCK, 0);
    hostile_fill(want, d, 0);
    expect(r == HOSTILE_BLOCK && memcmp(h->buffer, want, HOSTILE_BLOCK) == 0,
           "read into my buffer", r);
}

unsigned hostile_victim(void)
{
    for (unsigned d = 0; d < HOSTILE_DISKS; d++) {
        int r = setup_disk(d);
        if (r < 0) {
            ipc_log_error("victim: %s: %s", hostile_disks[d], mica_errno_name(r));
            return 1;
        }
    }
    uint64_t words[HOSTILE_BLOCK / 8] = { HOSTILE_READY_MAGIC };
    for (unsigned d = 0; d < HOSTILE_DISKS; d++)
        words[1 + d] = handles[d].handle_id;
    struct ipc_blk_handle *meet = &handles[0];
    int r = hostile_put_block(meet, HOSTILE_READY_BLOCK, words);
    if (r == 0)
        r = hostile_wait_block(meet, HOSTILE_DONE_BLOCK, HOSTILE_DONE_MAGIC, words);
    if (r < 0) {
        ipc_log_error("victim: meeting the attacker: %s", mica_errno_name(r));
        return 1;
    }
    for (unsigned d = 0; d < HOSTILE_DISKS; d++)
        check_disk(d);
    if (failures == 0)
        ipc_log_info("victim: handles, buffers and blocks unchanged");
    uint64_t verdict[HOSTILE_BLOCK / 8] = { HOSTILE_VERDICT_MAGIC, failures };
    r = hostile_put_block(meet, HOSTILE_VERDICT_BLOCK, verdict);
    expect(r == 0, "publish the verdict", r);
    for (unsigned d = 0; d < HOSTILE_DISKS; d++)
        expect(ipc_blk_close(&handles[d]) == 0, "close my handle", d);
    return failures;
}
