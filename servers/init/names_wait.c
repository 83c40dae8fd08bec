/* Lookups that wait: a client whose server is (re)starting asks once and is
 * answered when the name is registered, instead of asking again and again.
 * init never blocks for it: the caller's reply is saved and answered from
 * names_check_waiters, which the supervisor runs after every message. */
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/runtime.h>
#include <mica/scheme.h>
#include <mica/timebase.h>

#include "names.h"

static struct {
    long reply; /* saved REPLY cap; 0 = entry free */
    uint64_t pid;
    uint64_t deadline; /* rdtime */
    char name[MICA_SCHEME_NAME_MAX];
} waiters[NAMES_WAITERS_MAX];

long names_wait(uint64_t pid, const char *name, uint64_t wait_ms)
{
    for (unsigned i = 0; i < NAMES_WAITERS_MAX; i++) {
        if (waiters[i].reply)
            continue;
        long slot = ipc_slot_alloc();
        if (slot < 0)
            return -MICA_EAGAIN; /* the caller may ask again */
        if (ipc_reply_save(slot) < 0) {
            ipc_slot_free(slot);
            return -MICA_EAGAIN;
        }
        uint64_t ms = wait_ms < NAMES_WAIT_MAX_MS ? wait_ms : NAMES_WAIT_MAX_MS;
        waiters[i].reply = slot;
        waiters[i].pid = pid;
        waiters[i].deadline = arch_rdtime() + timebase_ticks_ms(ms);
        strcpy(waiters[i].name, name);
        return 0;
    }
    return -MICA_EAGAIN; /* every entry is taken: the old answer, ask again */
}

static void answer(unsigned i, long status)
{
    ipc_reply_send(waiters[i].reply, MICA_MSGINFO(0, 1, 0), (uint64_t)status, 0, 0, 0);
}

void names_check_waiters(void)
{
    for (unsigned i = 0; i < NAMES_WAITERS_MAX; i++) {
        if (!waiters[i].reply)
            continue;
        long r = names_answer(waiters[i].name, waiters[i].pid, waiters[i].reply);
        if (r == -MICA_ENOENT) {
            r = names_miss(waiters[i].name);
            if (r == -MICA_EAGAIN && arch_rdtime() < waiters[i].deadline)
                continue;
            answer(i, r);
        } else if (r < 0) {
            answer(i, r);
        }
        /* A send empties the REPLY cap's slot; one that failed (the waiter
         * died meanwhile) leaves it to be deleted here. */
        mica_sys_cap_delete(0, waiters[i].reply);
        ipc_slot_free(waiters[i].reply);
        waiters[i].reply = 0;
    }
}
