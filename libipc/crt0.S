/* Entry points of user threads. The creator sets sp and a0; everything else
 * is set up in C. No gp: code is linked without relaxation, so the same
 * objects can go into the shared runtime image. */
    .section .text.start, "ax"
    .globl _start
_start:
    li s0, 0                    /* frame-pointer chain ends here */
    li ra, 0
    andi sp, sp, -16
    call mica_runtime_start     /* a0 = creator's argument; never returns */
    unimp

    .text
    .globl mica_thread_entry
mica_thread_entry:
    li s0, 0
    li ra, 0
    call mica_thread_main       /* a0 = struct thread_start_record *; never returns */
    unimp
