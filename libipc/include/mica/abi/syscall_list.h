/* The one list of Mica system calls. The kernel's dispatch table, libipc's
 * stubs, the trace names and docs/syscalls.md are all generated from it.
 *
 * Calling convention: a7 = number, arguments in a0..a5; the result comes
 * back in a0 (>= 0 success, negative -MICA_E* error). IPC calls also return
 * the badge in a0, the message info in a1 and message words in a2..a5.
 * Capability arguments are slot indexes in the caller's cspace; slot 0 is
 * always empty, and `cnode` arguments of 0 mean "the caller's own cspace".
 *
 * X(number, name, argument count, "arguments", "rights needed", "what it does") */
#ifndef MICA_SYSCALL_LIST_H
#define MICA_SYSCALL_LIST_H

#define MICA_SYSCALL_LIST(X)                                                                         \
    X(0, ipc_call, 6, "ep, info, w0, w1, w2, w3", "ep: WRITE (GRANT to send caps)",                    \
      "send a message and wait for the reply; returns badge 0, info, reply words")                     \
    X(1, ipc_reply_recv, 6, "ep, info, w0, w1, w2, w3", "ep: READ",                                    \
      "reply to the current caller (if any), then wait for the next message on ep")                     \
    X(2, ipc_recv, 1, "ep", "ep: READ", "wait for a message; returns badge, info, words")             \
    X(3, ipc_send, 6, "ep, info, w0, w1, w2, w3", "ep: WRITE", "send, blocking until received")       \
    X(4, ipc_nbsend, 6, "ep, info, w0, w1, w2, w3", "ep: WRITE",                                       \
      "send only if a receiver is waiting; -EAGAIN otherwise")                                           \
    X(5, ipc_reply, 6, "0, info, w0, w1, w2, w3", "-", "reply to the current caller without waiting") \
    X(6, reply_save, 1, "slot", "-", "move the pending reply into an empty slot as a REPLY cap")       \
    X(7, reply_send, 6, "reply, info, w0, w1, w2, w3", "reply cap", "answer through a saved REPLY cap") \
    X(8, ntfn_signal, 1, "ntfn", "ntfn: WRITE", "OR the cap's badge into the notification word")     \
    X(9, ntfn_wait, 1, "ntfn", "ntfn: READ", "block until the word is non-zero; return and clear it") \
    X(10, ntfn_poll, 1, "ntfn", "ntfn: READ", "return and clear the word without blocking")          \
    X(11, cap_copy, 4, "dest_cnode, dest_slot, src, rights", "dest_cnode: ADMIN",                        \
      "copy src into an empty slot, keeping only `rights`")                                              \
    X(12, cap_mint, 5, "dest_cnode, dest_slot, src, rights, badge", "dest_cnode: ADMIN; src: ADMIN",     \
      "copy with a new badge (src must be unbadged) and fewer rights")                                   \
    X(13, cap_move, 3, "dest_cnode, dest_slot, src", "dest_cnode: ADMIN", "move src to an empty slot") \
    X(14, cap_delete, 2, "cnode, slot", "cnode: ADMIN", "empty the slot; the object dies with its last cap") \
    X(15, cap_revoke, 1, "slot", "-", "delete every capability derived from this one, in every cspace") \
    X(16, cap_identify, 1, "slot", "-", "returns type | rights << 8; badge in a1")                     \
    X(17, obj_create, 4, "quota, type, size, dest_slot", "quota: ADMIN",                               \
      "create an object charged to quota; size: pages (frame), slots (cnode), bytes (quota)")           \
    X(18, quota_info, 1, "quota", "-", "returns the bytes left in the quota")                          \
    X(19, vspace_map, 5, "vspace, frame, vaddr, rights, quota",                                         \
      "vspace: ADMIN; frame: the rights mapped; quota: ADMIN",                                          \
      "map a frame at vaddr (never W and X, also across the frame's mappings); tables charged to quota") \
    X(20, vspace_unmap, 3, "vspace, vaddr, pages", "vspace: ADMIN", "unmap pages (absent ones are skipped)") \
    X(21, frame_info, 1, "frame", "DMA for the physical address",                                       \
      "returns size in bytes; physical address in a1 (with DMA right, else 0)")                         \
    X(22, thread_configure, 5, "thread, cspace, vspace, ipc_frame, ipc_vaddr",                          \
      "thread, cspace, vspace: ADMIN; ipc_frame: READ|WRITE (0: none)",                                 \
      "set a thread's cspace, address space and IPC buffer")                                             \
    X(23, thread_set_sched, 3, "thread, priority, fault_ep", "thread: ADMIN; fault_ep: WRITE",          \
      "set priority (<= caller's) and the endpoint faults are reported to")                              \
    X(24, thread_start, 4, "thread, pc, sp, arg", "thread: ADMIN", "set pc/sp/a0 and make it runnable") \
    X(25, thread_suspend, 1, "thread", "thread: ADMIN", "stop the thread; it can be started again")   \
    X(26, thread_yield, 0, "", "-", "give the rest of the time slice to an equal-priority thread")    \
    X(27, irq_claim, 3, "irq_control, line, dest_slot", "irq_control", "create the IRQ_HANDLER for one PLIC line") \
    X(28, irq_bind, 2, "irq_handler, ntfn", "ntfn: WRITE", "signal ntfn (with its badge) when the line fires") \
    X(29, irq_ack, 1, "irq_handler", "-", "re-enable the line after handling")                         \
    X(30, debug_write, 2, "buf, len", "-", "write bytes to the kernel console")                        \
    X(31, system_poweroff, 2, "system, status", "system", "power off; QEMU exits with status")        \
    X(32, system_info, 2, "system, what", "system (none for TIMEBASE_HZ, HART, ISA_EXTENSIONS)", "kernel figures: free pages, ticks, timebase, ISA extensions, ...")     \
    X(33, ntfn_bind, 2, "ntfn, thread", "ntfn: READ; thread: ADMIN",                                   \
      "bind ntfn to thread (ntfn 0: unbind): its receives also end on a signal")                   \
    X(34, frame_pin, 3, "quota, frame, dest_slot", "quota: ADMIN; frame: DMA",                         \
      "a cap to the same RAM frame, child of quota (not of frame): the frame's revoke leaves it") \
    X(35, cap_derived, 1, "slot", "-",                                                                 \
      "returns 1 while any capability derived from this one exists (in any cspace), else 0")         \
    X(36, cap_watch, 3, "slot, ntfn, bits", "ntfn: WRITE",                                               \
      "signal ntfn with bits when this cap is deleted (by anyone, revoke, cspace death); ntfn 0: unwatch") \
    X(37, ntfn_timer, 2, "ntfn, ticks", "ntfn: WRITE",                                                  \
      "signal ntfn (with the cap's badge) once, `ticks` timer ticks from now; re-arming replaces, 0 disarms") \
    X(38, thread_set_hart, 2, "thread, hart", "thread: ADMIN",                                           \
      "run the thread on a hart that runs the scheduler; threads it creates start there too") \
    X(39, ipc_window_copy, 4, "reply, direction, vaddr, length", "reply cap (0: the pending caller)",   \
      "copy between [vaddr, +length) and the waiting caller's window; returns the bytes copied") \
    X(40, ntfn_signal_recv, 2, "ntfn, src", "ntfn: WRITE; src: READ",                                     \
      "ntfn_signal(ntfn), then ipc_recv(src) (an endpoint) or ntfn_wait(src) (a notification), in one entry") \
    X(41, ipc_recv_hold, 2, "ep, slot", "ep: READ; slot: empty",                                          \
      "ipc_recv keeping the pending reply: still pending after a bound notification, saved in slot before a message")

enum mica_syscall {
#define MICA_SYSCALL_ENUM(num, name, nargs, args, rights, doc) MICA_SYS_##name = num,
    MICA_SYSCALL_LIST(MICA_SYSCALL_ENUM)
#undef MICA_SYSCALL_ENUM
    MICA_SYSCALL_COUNT
};

/* The kernel's timer tick (system_info TICKS, ntfn_timer). */
#define MICA_TIMER_TICK_HZ 100

/* system_info selectors */
#define MICA_INFO_FREE_PAGES 0
#define MICA_INFO_TICKS 1 /* timer ticks since boot, MICA_TIMER_TICK_HZ a second */
#define MICA_INFO_TIMEBASE_HZ 2
#define MICA_INFO_KERNEL_OBJECTS 3
#define MICA_INFO_SLAB_PAGES 4 /* pages holding small kernel objects now */
/* instret counted since boot while a hart had no thread to run (its wfi
 * waits and the interrupts handled meanwhile): under QEMU -icount shift=0
 * the counter follows virtual time, so elapsed rdcycle less this is the time
 * threads had the CPU */
#define MICA_INFO_IDLE_INSTRET 5
#define MICA_INFO_HART 6       /* the hart the caller runs on (no capability needed) */
/* the MICA_ISA_EXTENSION() bits (mica/abi/isa_extensions.h) every hart that
 * runs threads has (no capability needed) */
#define MICA_INFO_ISA_EXTENSIONS 7

#endif
