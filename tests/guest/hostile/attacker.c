/* The attacker: waits for the victim's handle ids, runs every attack on
 * both disks, the serial server and init's name service, then reports the
 * victim's own check with its counts in one result line. */
#include <mica/abi/errno.h>
#include <mica/log.h>

#include "hostile.h"

#define OPEN_WAIT_TICKS (30ull * 10000000ull)

unsigned hostile_attacker(void)
{
    struct ipc_blk_handle meet;
    uint64_t words[HOSTILE_BLOCK / 8];
    int r = ipc_scheme_open_waiting(&meet, hostile_disks[0], BLK_OPEN_READ | BLK_OPEN_WRITE,
                                    OPEN_WAIT_TICKS);
    if (r == 0)
        r = hostile_wait_block(&meet, HOSTILE_READY_BLOCK, HOSTILE_READY_MAGIC, words);
    if (r < 0) {
        ipc_log_result("FAIL meeting the victim: %s", mica_errno_name(r));
        return 1;
    }
    struct hostile_tally t = { 0, 0, 0 };
    for (unsigned d = 0; d < HOSTILE_DISKS; d++) {
        hostile_attack_disk(&t, hostile_disks[d], words[1 + d]);
        ipc_log_info("attacker: %s done: %lu refused, %lu failures", hostile_disks[d], t.refused,
                     t.failures);
    }
    hostile_attack_serial(&t);
    ipc_log_info("attacker: serial done: %lu refused, %lu failures", t.refused, t.failures);
    hostile_attack_names(&t);
    ipc_log_info("attacker: name service done: %lu refused, %lu failures", t.refused, t.failures);
    uint64_t done[HOSTILE_BLOCK / 8] = { HOSTILE_DONE_MAGIC };
    r = hostile_put_block(&meet, HOSTILE_DONE_BLOCK, done);
    if (r == 0)
        r = hostile_wait_block(&meet, HOSTILE_VERDICT_BLOCK, HOSTILE_VERDICT_MAGIC, words);
    ipc_blk_close(&meet);
    if (r < 0) {
        ipc_log_result("FAIL no verdict from the victim: %s", mica_errno_name(r));
        return 1;
    }
    uint64_t victim_failures = words[1];
    if (t.failures || victim_failures) {
        ipc_log_result("FAIL %lu attacks worked or checks failed, victim found %llu changes",
                       t.failures, (unsigned long long)victim_failures);
        return 1;
    }
    ipc_log_result("PASS %lu attacks refused, %lu checks held, victim unchanged", t.refused,
                   t.checked);
    return 0;
}
