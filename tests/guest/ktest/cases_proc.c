/* Between processes: faults that end only the faulting process and reach
 * its supervisor, memory one process cannot touch in another, badged IPC and
 * capability transfer across address spaces, revocation of a capability a
 * process holds, and a busy loop that the timer preempts. */
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/fault.h>
#include <mica/proc.h>
#include <mica/runtime.h>
#include <mica/timebase.h>

#include "ktest.h"

#define UNMAPPED_ADDRESS 0x2f000000ull
/* How long to wait for a preempted spinner. */
#define SPIN_WAIT_MS 5000u

static const char *expect_fault(struct process *p, uint64_t scause, uint64_t stval)
{
    struct ipc_msg m = ktest_next_report();
    KT_EQ(m.badge, (long)p->badge);
    KT_TRUE(ipc_is_fault(&m));
    struct ipc_fault f = ipc_fault_of(&m);
    KT_EQ(f.scause, scause);
    KT_EQ(f.stval, stval);
    KT_TRUE(f.pc >= MICA_PROC_IMAGE_BASE && f.pc < MICA_PROC_DYNAMIC_BASE);
    process_destroy(p);
    return 0;
}

static const char *expect_result(struct process *p, long result)
{
    struct ipc_msg m = ktest_next_report();
    KT_EQ(m.badge, (long)p->badge);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), HELPER_RESULT_LABEL);
    KT_EQ((long)m.w[0], result);
    return 0;
}

static const char *expect_exit(struct process *p, long status)
{
    struct ipc_msg m = ktest_next_report();
    KT_EQ(m.badge, (long)p->badge);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), MICA_LABEL_EXIT);
    KT_EQ((long)m.w[0], status);
    process_destroy(p);
    return 0;
}

static const char *bad_load_is_reported(void)
{
    struct process p;
    KT_EQ(ktest_spawn(HELPER_BAD_LOAD, UNMAPPED_ADDRESS, 0, 0, &p), 0);
    return expect_fault(&p, RISCV_CAUSE_LOAD_PAGE_FAULT, UNMAPPED_ADDRESS);
}

static const char *illegal_instruction_is_reported(void)
{
    struct process p;
    KT_EQ(ktest_spawn(HELPER_ILLEGAL, 0, 0, 0, &p), 0);
    return expect_fault(&p, RISCV_CAUSE_ILLEGAL_INSTRUCTION, 0);
}

static const char *memory_of_another_process_is_out_of_reach(void)
{
    long frame, err;
    volatile uint64_t *secret = ipc_frame_map_new(1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    KT_TRUE(secret != 0);
    *secret = 0x5ec2e7;
    struct process p;
    uint64_t where = (uint64_t)(uintptr_t)secret;
    KT_EQ(ktest_spawn(HELPER_BAD_LOAD, where, 0, 0, &p), 0);
    const char *why = expect_fault(&p, RISCV_CAUSE_LOAD_PAGE_FAULT, where);
    if (why)
        return why;
    KT_EQ(*secret, 0x5ec2e7);
    ipc_frame_unmap((void *)secret, 1, frame);
    return 0;
}

static const char *ipc_across_address_spaces(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    KT_OK(ep);
    struct process p;
    KT_EQ(ktest_spawn(HELPER_ECHO, 0, &ep, 1, &p), 0);
    long badged = ipc_slot_alloc();
    KT_EQ(mica_sys_cap_mint(0, badged, ep, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT, 0x77), 0);
    struct ipc_msg m = ipc_call(badged, MICA_MSGINFO(ECHO_LABEL, 2, 0), 1, 2, 0, 0);
    KT_EQ(m.badge, 0);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), 0x77);
    KT_EQ(m.w[0], 2);
    KT_EQ(m.w[1], 3);
    uint64_t words[40];
    for (unsigned i = 0; i < 40; i++)
        words[i] = i * i;
    m = ipc_call_words(badged, ECHO_LABEL, words, 40, 0, 0);
    KT_EQ(MICA_MSGINFO_WORDS(m.info), 40);
    KT_EQ(ipc_msg_word(&m, 39), 39 * 39 + 1);
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    KT_OK(ntfn);
    uint64_t caps[1] = { (uint64_t)ntfn };
    m = ipc_call_words(badged, XFER_LABEL, 0, 0, caps, 1);
    KT_EQ(m.w[0], MICA_CAP_NOTIFICATION);
    KT_EQ(ntfn_poll(ntfn), 1);
    m = ipc_call(badged, MICA_MSGINFO(STOP_LABEL, 0, 0), 0, 0, 0, 0);
    KT_EQ(MICA_MSGINFO_LABEL(m.info), STOP_LABEL);
    const char *why = expect_exit(&p, 0);
    if (why)
        return why;
    KT_EQ(ipc_cap_drop(ntfn), 0);
    KT_EQ(ipc_cap_drop(badged), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

static const char *revoke_reaches_into_other_processes(void)
{
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    long go = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    KT_OK(ep);
    KT_OK(go);
    long grants[2] = { ep, go };
    struct process p;
    KT_EQ(ktest_spawn(HELPER_CALL_TWICE, 0, grants, 2, &p), 0);
    struct ipc_msg m = ipc_recv(ep);
    KT_EQ(m.badge, 0);
    KT_EQ(m.w[0], 41);
    KT_EQ(ipc_reply(MICA_MSGINFO(0, 1, 0), 42, 0, 0, 0), 0);
    const char *why = expect_result(&p, 42);
    if (why)
        return why;
    KT_EQ(mica_sys_cap_revoke(ep), 0);
    KT_EQ(ntfn_signal(go), 0);
    why = expect_result(&p, -MICA_EBADF);
    if (why)
        return why;
    why = expect_exit(&p, 0);
    if (why)
        return why;
    KT_EQ(ipc_cap_drop(go), 0);
    KT_EQ(ipc_cap_drop(ep), 0);
    return 0;
}

static const char *busy_loop_is_preempted(void)
{
    long frame, err, copy;
    KT_OK(frame = ipc_obj_create(MICA_CAP_FRAME, 1));
    struct process p;
    KT_EQ(ktest_spawn(HELPER_SPIN, 0, &frame, 1, &p), 0);
    const char *why = expect_result(&p, 0);
    if (why)
        return why;
    volatile const uint64_t *counter = ipc_frame_map_copy(frame, 1, MICA_RIGHT_READ, &copy, &err);
    KT_TRUE(counter != 0);
    /* Spin without a syscall: the spinner's count moves only if the timer
     * takes the CPU from us and gives it to the equal-priority spinner. */
    uint64_t first = *counter, start = arch_rdtime(), wait = timebase_ticks_ms(SPIN_WAIT_MS);
    while (*counter == first && arch_rdtime() - start < wait)
        ;
    KT_TRUE(*counter != first);
    process_destroy(&p);
    uint64_t stopped = *counter;
    mica_sys_thread_yield();
    KT_EQ(*counter, stopped);
    ipc_frame_unmap((void *)counter, 1, copy);
    KT_EQ(ipc_cap_drop(frame), 0);
    return 0;
}

const struct ktest_case ktest_proc_cases[] = {
    { "proc.fault-bad-load", bad_load_is_reported },
    { "proc.fault-illegal-instruction", illegal_instruction_is_reported },
    { "proc.isolation", memory_of_another_process_is_out_of_reach },
    { "proc.ipc-badges-across-spaces", ipc_across_address_spaces },
    { "proc.revoke-across-processes", revoke_reaches_into_other_processes },
    { "proc.preemption", busy_loop_is_preempted },
    { 0, 0 },
};
