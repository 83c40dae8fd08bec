/* Raw system-call stubs, one per entry of MICA_SYSCALL_LIST: mica_sys_<name>
 * takes exactly the list's argument count and returns a0. Numbers and arity
 * come from the list only; the IPC calls' extra results are in mica/ipc.h. */
#ifndef MICA_SYSCALL_H
#define MICA_SYSCALL_H
#include <mica/abi/syscall_list.h>

/* The kernel preserves every register except a0..a5 (results); a7 is
 * declared written too so a future kernel may use it as scratch. */
#define MICA_ECALL_ASM(nr)                                                    \
    register long a7_ __asm__("a7") = (nr);                                   \
    __asm__ volatile("ecall"                                                  \
                     : "+r"(a0_), "+r"(a1_), "+r"(a2_), "+r"(a3_), "+r"(a4_), \
                       "+r"(a5_), "+r"(a7_)                                   \
                     :                                                        \
                     : "memory")

static inline long mica_syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    register long a0_ __asm__("a0") = a0;
    register long a1_ __asm__("a1") = a1;
    register long a2_ __asm__("a2") = a2;
    register long a3_ __asm__("a3") = a3;
    register long a4_ __asm__("a4") = a4;
    register long a5_ __asm__("a5") = a5;
    MICA_ECALL_ASM(nr);
    return a0_;
}

/* Calls whose second result comes back in a1 (cap_identify's badge,
 * frame_info's physical address). */
struct mica_sysret2 {
    long value;
    unsigned long second;
};

static inline struct mica_sysret2 mica_syscall6_2(long nr, long a0, long a1, long a2, long a3,
                                                  long a4, long a5)
{
    register long a0_ __asm__("a0") = a0;
    register long a1_ __asm__("a1") = a1;
    register long a2_ __asm__("a2") = a2;
    register long a3_ __asm__("a3") = a3;
    register long a4_ __asm__("a4") = a4;
    register long a5_ __asm__("a5") = a5;
    MICA_ECALL_ASM(nr);
    return (struct mica_sysret2){ a0_, (unsigned long)a1_ };
}

/* Parameter lists and argument forwarding by arity; unused registers are 0. */
#define MICA_SYS_PARAMS_0 void
#define MICA_SYS_PARAMS_1 long a0
#define MICA_SYS_PARAMS_2 long a0, long a1
#define MICA_SYS_PARAMS_3 long a0, long a1, long a2
#define MICA_SYS_PARAMS_4 long a0, long a1, long a2, long a3
#define MICA_SYS_PARAMS_5 long a0, long a1, long a2, long a3, long a4
#define MICA_SYS_PARAMS_6 long a0, long a1, long a2, long a3, long a4, long a5
#define MICA_SYS_ARGS_0 0, 0, 0, 0, 0, 0
#define MICA_SYS_ARGS_1 a0, 0, 0, 0, 0, 0
#define MICA_SYS_ARGS_2 a0, a1, 0, 0, 0, 0
#define MICA_SYS_ARGS_3 a0, a1, a2, 0, 0, 0
#define MICA_SYS_ARGS_4 a0, a1, a2, a3, 0, 0
#define MICA_SYS_ARGS_5 a0, a1, a2, a3, a4, 0
#define MICA_SYS_ARGS_6 a0, a1, a2, a3, a4, a5

#define MICA_SYS_STUB(num, name, nargs, args, rights, doc)            \
    static inline long mica_sys_##name(MICA_SYS_PARAMS_##nargs)       \
    {                                                                 \
        return mica_syscall6(MICA_SYS_##name, MICA_SYS_ARGS_##nargs); \
    }
MICA_SYSCALL_LIST(MICA_SYS_STUB)
#undef MICA_SYS_STUB

/* Every stub by number, for callers that pick calls at run time (stress). */
static inline long mica_syscall_any(long nr, const long args[6])
{
    return mica_syscall6(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
}

#endif
