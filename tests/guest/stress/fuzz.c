/* The fuzzer: STRESS_SYSCALLS system calls with random numbers, slots and
 * arguments from an xorshift64 generator. It holds no SYSTEM, IRQ or device
 * capability, only a small quota and a WRITE cap to the pong endpoint.
 *
 * Excluded, because they would end its own run rather than test the kernel:
 * blocking calls (call/send/recv/reply_recv/ntfn_wait) on endpoints and
 * notifications other than the pong endpoint, which always answers; deleting,
 * moving or revoking its fixed slots (cspace, vspace, thread, parent) and
 * copying its own thread or vspace cap (so those stay the only ones);
 * thread_* calls on its own thread; unmapping its own image, stack or IPC
 * buffer; starting threads at a pc inside its own image; debug_write from
 * its own memory (it would print noise). Everything else goes through.
 * The cap_identify calls the checks make are not counted. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>

#include "stress.h"

/* Objects the fuzzer creates land in this window of its cspace. */
#define WINDOW_FIRST MICA_SLOT_FIRST_FREE
#define WINDOW_SLOTS 32u
#define PONG_SLOT MICA_CHILD_SLOT_FIRST_GRANT

static uint64_t rng_state;

static uint64_t next_random(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static uint64_t below(uint64_t n)
{
    return next_random() % n;
}

/* Mostly slots that hold something, sometimes anything at all. */
static long random_slot(void)
{
    switch (below(8)) {
    case 0:
        return (long)next_random();
    case 1:
        return (long)below(MICA_CHILD_CNODE_SLOTS + 8);
    case 2:
        return (long)below(MICA_SLOT_FIRST_DEVICE + 1);
    default:
        return (long)(WINDOW_FIRST + below(WINDOW_SLOTS));
    }
}

static long random_value(void)
{
    static const long interesting[] = { 0, 1, 2, 3, 4, 7, 8, 64, 255, 256, 4095, 4096, -1, -4096 };
    switch (below(4)) {
    case 0:
        return (long)next_random();
    case 1:
        return interesting[below(sizeof interesting / sizeof interesting[0])];
    default:
        return (long)below(16);
    }
}

static long random_vaddr(void)
{
    switch (below(5)) {
    case 0:
        return (long)next_random();
    case 1:
        return (long)(0xffffffc000000000ull + below(1ull << 30) * 8);
    case 2:
        return (long)(MICA_PROC_DYNAMIC_BASE + below(1u << 16) * MICA_PAGE_SIZE);
    case 3:
        return (long)(MICA_PROC_IMAGE_BASE + below(1u << 12) * MICA_PAGE_SIZE);
    default:
        return (long)(MICA_PROC_DYNAMIC_BASE + below(1u << 28));
    }
}

static int is_fixed_slot(long slot)
{
    return slot == MICA_SLOT_SELF_CNODE || slot == MICA_SLOT_SELF_VSPACE ||
           slot == MICA_SLOT_SELF_THREAD || slot == MICA_CHILD_SLOT_PARENT;
}

static int overlaps(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_end)
{
    return a < b_end && b < a + a_len;
}

/* Would unmapping [vaddr, vaddr + pages) in our own space take away
 * something we run on? Sizes that wrap count as yes. */
static int hits_own_memory(long vaddr, long pages)
{
    uint64_t v = (uint64_t)vaddr, n = (uint64_t)pages;
    if (n > (1ull << 40) / MICA_PAGE_SIZE)
        return 1;
    uint64_t len = n * MICA_PAGE_SIZE;
    uint64_t stack_low = MICA_PROC_STACK_TOP - MICA_PROC_STACK_PAGES * MICA_PAGE_SIZE;
    return overlaps(v, len, MICA_PROC_IMAGE_BASE, MICA_PROC_DYNAMIC_BASE) ||
           overlaps(v, len, stack_low, MICA_PROC_IPC_BUFFER_VADDR + MICA_IPC_BUFFER_PAGES * MICA_PAGE_SIZE);
}

/* Whether a blocking call on slot could wait for ever: receiving needs
 * READ, sending WRITE; pong (recognised by its badge, which the fuzzer may
 * not mint itself) always answers. */
static int may_block(long nr, long slot)
{
    struct ipc_cap_id id = ipc_cap_identify(slot);
    if (nr == MICA_SYS_ntfn_wait)
        return id.type == MICA_CAP_NOTIFICATION && (id.rights & MICA_RIGHT_READ);
    if (id.type != MICA_CAP_ENDPOINT)
        return 0;
    if (nr == MICA_SYS_ipc_recv || nr == MICA_SYS_ipc_reply_recv || nr == MICA_SYS_ipc_recv_hold)
        return (id.rights & MICA_RIGHT_READ) != 0;
    return (id.rights & MICA_RIGHT_WRITE) && id.badge != STRESS_PONG_BADGE;
}

/* 1 if the call with these arguments is one the fuzzer must not make. */
static int excluded(long nr, const long a[6])
{
    switch (nr) {
    case MICA_SYS_ipc_call:
    case MICA_SYS_ipc_send:
    case MICA_SYS_ipc_recv:
    case MICA_SYS_ipc_reply_recv:
    case MICA_SYS_ipc_recv_hold:
    case MICA_SYS_ntfn_wait:
        return may_block(nr, a[0]);
    case MICA_SYS_ntfn_signal_recv: /* a receive, or a wait on a notification */
        return may_block(MICA_SYS_ipc_recv, a[1]) || may_block(MICA_SYS_ntfn_wait, a[1]);
    case MICA_SYS_cap_copy:
        return a[2] == MICA_SLOT_SELF_THREAD || a[2] == MICA_SLOT_SELF_VSPACE;
    case MICA_SYS_cap_mint:
        return a[2] == MICA_SLOT_SELF_THREAD || a[2] == MICA_SLOT_SELF_VSPACE ||
               a[4] == STRESS_PONG_BADGE;
    case MICA_SYS_cap_move:
        return is_fixed_slot(a[2]);
    case MICA_SYS_cap_delete:
        return is_fixed_slot(a[1]);
    case MICA_SYS_cap_revoke:
        return is_fixed_slot(a[0]);
    case MICA_SYS_thread_configure:
    case MICA_SYS_thread_set_sched:
    case MICA_SYS_thread_suspend:
        return a[0] == MICA_SLOT_SELF_THREAD;
    case MICA_SYS_thread_start:
        return a[0] == MICA_SLOT_SELF_THREAD ||
               ((uint64_t)a[1] >= MICA_PROC_IMAGE_BASE && (uint64_t)a[1] < MICA_PROC_DYNAMIC_BASE);
    case MICA_SYS_vspace_unmap:
        return a[0] == MICA_SLOT_SELF_VSPACE && hits_own_memory(a[1], a[2]);
    case MICA_SYS_debug_write:
        return a[1] != 0 && hits_own_memory(a[0] & ~(long)(MICA_PAGE_SIZE - 1), 1);
    default:
        return 0;
    }
}

/* Arguments shaped for the call: slots where slots go, addresses where
 * addresses go, the rest random. */
static void random_arguments(long nr, long a[6])
{
    for (int i = 0; i < 6; i++)
        a[i] = below(3) ? random_slot() : random_value();
    switch (nr) {
    case MICA_SYS_obj_create:
        a[0] = below(8) ? MICA_SLOT_QUOTA : random_slot();
        a[1] = (long)below(MICA_CAP_TYPE_COUNT + 2);
        a[2] = below(4) ? (long)below(8) : random_value();
        break;
    case MICA_SYS_cap_copy:
    case MICA_SYS_cap_mint:
    case MICA_SYS_cap_move:
        a[0] = below(4) ? 0 : random_slot();
        a[3] = below(2) ? MICA_RIGHTS_ALL : random_value();
        break;
    case MICA_SYS_vspace_map:
        a[2] = random_vaddr();
        a[3] = (long)below(8);
        a[4] = below(4) ? MICA_SLOT_QUOTA : random_slot();
        break;
    case MICA_SYS_vspace_unmap:
        a[1] = random_vaddr();
        a[2] = (long)below(4);
        break;
    case MICA_SYS_thread_start:
        a[1] = random_vaddr();
        a[2] = random_vaddr() & ~15l;
        break;
    case MICA_SYS_thread_configure:
        a[4] = random_vaddr();
        break;
    case MICA_SYS_thread_set_hart:
        a[1] = below(2) ? (long)below(8) : random_value(); /* often a hart that exists */
        break;
    case MICA_SYS_debug_write:
        a[0] = random_vaddr();
        a[1] = (long)below(64);
        break;
    case MICA_SYS_ipc_call:
    case MICA_SYS_ipc_send:
    case MICA_SYS_ipc_nbsend:
    case MICA_SYS_ipc_reply:
    case MICA_SYS_ipc_reply_recv:
    case MICA_SYS_reply_send:
        a[1] = below(2) ? (long)MICA_MSGINFO(below(4), below(MICA_MSG_MAX_WORDS + 4), below(5))
                        : random_value();
        break;
    default:
        break;
    }
}

int fuzz_main(uint64_t seed)
{
    rng_state = seed ? seed : 1;
    unsigned issued = 0, skipped = 0, failed = 0;
    while (issued < STRESS_SYSCALLS) {
        long nr = below(8) ? (long)below(MICA_SYSCALL_COUNT) : random_value();
        long a[6];
        random_arguments(nr, a);
        if (excluded(nr, a)) {
            skipped++;
            continue;
        }
        if (mica_syscall_any(nr, a) < 0)
            failed++;
        issued++;
        if (issued % STRESS_PROGRESS_EVERY == 0)
            ipc_log_info("fuzzer: %u syscalls, %u refused with an error, %u excluded", issued,
                         failed, skipped);
    }
    return 0;
}
