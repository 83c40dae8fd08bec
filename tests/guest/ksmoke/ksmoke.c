/* ksmoke: the kernel's own smoke test and first IPC figure, run as the
 * first user program (boot argument mica.init=ksmoke). It needs nothing but
 * the syscall list: a client and a server thread in two address spaces
 * sharing this program's pages, a null call/reply_recv round trip timed with
 * rdcycle (instructions under -icount), and a few error paths. */
#include <stdint.h>
#include "mica/abi/bootinfo.h"
#include "mica/abi/caps.h"
#include "mica/abi/errno.h"
#include "mica/abi/ipc_abi.h"
#include "mica/abi/syscall_list.h"

#define ROUNDS 10000
#define WARMUP 200
#define SLOT_EP 64
#define SLOT_STACK 65
#define SLOT_IPCBUF 66
#define SLOT_THREAD 67
#define SLOT_VSPACE 68
#define SLOT_TEXT 69
#define SLOT_DATA 70
#define SLOT_NTFN 71
#define SLOT_IRQ 72
#define UART_VADDR 0x21000000ull
#define UART_IER 1
#define UART_IER_THRE 0x02
#define SERVER_STACK_VADDR 0x20000000ull
#define SERVER_IPCBUF_VADDR 0x20010000ull

extern char __text_start[], __data_start[], __data_end[];

static long sys6(long n, long a0, long a1, long a2, long a3, long a4, long a5)
{
    register long r0 __asm__("a0") = a0;
    register long r1 __asm__("a1") = a1;
    register long r2 __asm__("a2") = a2;
    register long r3 __asm__("a3") = a3;
    register long r4 __asm__("a4") = a4;
    register long r5 __asm__("a5") = a5;
    register long r7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5) : "r"(r7) : "memory");
    return r0;
}
#define SYS(name, ...) sys6(MICA_SYS_##name, __VA_ARGS__)

static unsigned long strlen_(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

static void puts_(const char *s)
{
    SYS(debug_write, (long)s, (long)strlen_(s), 0, 0, 0, 0);
}

static char *utoa(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static int failures;

static void check(int ok, const char *name)
{
    puts_(ok ? "ksmoke|info: " : "ksmoke|error: ");
    puts_(name);
    puts_(ok ? " ok\n" : " FAILED\n");
    if (!ok)
        failures++;
}

static inline uint64_t rdcycle(void)
{
    uint64_t v;
    __asm__ volatile("rdcycle %0" : "=r"(v));
    return v;
}

/* The server: receive, then answer every call with its first word plus one. */
__attribute__((noreturn)) static void server(void)
{
    register long a0 __asm__("a0") = SLOT_EP;
    register long a1 __asm__("a1");
    register long a2 __asm__("a2");
    register long a3 __asm__("a3");
    register long a4 __asm__("a4");
    register long a5 __asm__("a5");
    register long a7 __asm__("a7") = MICA_SYS_ipc_recv;
    __asm__ volatile("ecall" : "+r"(a0), "=r"(a1), "=r"(a2), "=r"(a3), "=r"(a4), "=r"(a5) : "r"(a7) : "memory");
    for (;;) {
        a0 = SLOT_EP;
        a1 = MICA_MSGINFO(0, 1, 0);
        a2 = a2 + 1;
        a7 = MICA_SYS_ipc_reply_recv;
        __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5) : "r"(a7) : "memory");
    }
}

static inline long call1(long word, long *reply)
{
    register long a0 __asm__("a0") = SLOT_EP;
    register long a1 __asm__("a1") = MICA_MSGINFO(0, 1, 0);
    register long a2 __asm__("a2") = word;
    register long a3 __asm__("a3") = 0;
    register long a4 __asm__("a4") = 0;
    register long a5 __asm__("a5") = 0;
    register long a7 __asm__("a7") = MICA_SYS_ipc_call;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5) : "r"(a7) : "memory");
    *reply = a2;
    return a0;
}

static uint64_t samples[ROUNDS];

static void sort(uint64_t *v, int n)
{
    for (int gap = n / 2; gap > 0; gap /= 2)
        for (int i = gap; i < n; i++)
            for (int j = i; j >= gap && v[j - gap] > v[j]; j -= gap) {
                uint64_t t = v[j];
                v[j] = v[j - gap];
                v[j - gap] = t;
            }
}

static long build_server(void)
{
    long q = MICA_SLOT_QUOTA, r;
    uint64_t text_size = (uint64_t)(__data_start - __text_start);
    (void)text_size;
    if ((r = SYS(obj_create, q, MICA_CAP_ENDPOINT, 0, SLOT_EP, 0, 0)) ||
        (r = SYS(obj_create, q, MICA_CAP_FRAME, 4, SLOT_STACK, 0, 0)) ||
        (r = SYS(obj_create, q, MICA_CAP_FRAME, MICA_IPC_BUFFER_PAGES, SLOT_IPCBUF, 0, 0)) ||
        (r = SYS(obj_create, q, MICA_CAP_THREAD, 0, SLOT_THREAD, 0, 0)) ||
        (r = SYS(obj_create, q, MICA_CAP_VSPACE, 0, SLOT_VSPACE, 0, 0)))
        return r;
    /* The server's space shares this program's pages under its own tables. */
    if ((r = SYS(cap_copy, 0, SLOT_TEXT, MICA_SLOT_FIRST_SEGMENT, MICA_RIGHTS_ALL, 0, 0)) ||
        (r = SYS(cap_copy, 0, SLOT_DATA, MICA_SLOT_FIRST_SEGMENT + 1, MICA_RIGHTS_ALL, 0, 0)) ||
        (r = SYS(vspace_map, SLOT_VSPACE, SLOT_TEXT, (long)__text_start, MICA_RIGHT_READ | MICA_RIGHT_EXEC, q, 0)) ||
        (r = SYS(vspace_map, SLOT_VSPACE, SLOT_DATA, (long)__data_start, MICA_RIGHT_READ | MICA_RIGHT_WRITE, q, 0)) ||
        (r = SYS(vspace_map, SLOT_VSPACE, SLOT_STACK, SERVER_STACK_VADDR, MICA_RIGHT_READ | MICA_RIGHT_WRITE, q, 0)) ||
        (r = SYS(vspace_map, SLOT_VSPACE, SLOT_IPCBUF, SERVER_IPCBUF_VADDR, MICA_RIGHT_READ | MICA_RIGHT_WRITE, q, 0)) ||
        (r = SYS(thread_configure, SLOT_THREAD, MICA_SLOT_SELF_CNODE, SLOT_VSPACE, SLOT_IPCBUF, SERVER_IPCBUF_VADDR, 0)) ||
        (r = SYS(thread_set_sched, SLOT_THREAD, 200, 0, 0, 0, 0)) ||
        (r = SYS(thread_start, SLOT_THREAD, (long)server, SERVER_STACK_VADDR + 4 * 4096, 0, 0, 0)))
        return r;
    return 0;
}

static void error_paths(void)
{
    check(SYS(cap_identify, 5000, 0, 0, 0, 0, 0) == -MICA_EBADF, "slot out of range is EBADF");
    check(SYS(cap_identify, 500, 0, 0, 0, 0, 0) == -MICA_EBADF, "empty slot is EBADF");
    check(SYS(ntfn_signal, SLOT_EP, 0, 0, 0, 0, 0) == -MICA_ENOTTY, "wrong type is ENOTTY");
    check(sys6(999, 0, 0, 0, 0, 0, 0) == -MICA_ENOSYS, "unknown syscall is ENOSYS");
    check(SYS(debug_write, (long)0xffffffff80000000ull, 8, 0, 0, 0, 0) == -MICA_EFAULT, "kernel pointer is EFAULT");
    check(SYS(debug_write, 0x5000, 8, 0, 0, 0, 0) == -MICA_EFAULT, "unmapped pointer is EFAULT");
    check(SYS(vspace_map, SLOT_VSPACE, SLOT_STACK, 0x30001001, MICA_RIGHT_READ, MICA_SLOT_QUOTA, 0) == -MICA_EINVAL,
          "misaligned map is EINVAL");
    check(SYS(obj_create, MICA_SLOT_QUOTA, MICA_CAP_FRAME, 1ull << 40, 100, 0, 0) == -MICA_EINVAL,
          "huge frame is EINVAL");
    check(SYS(cap_mint, 0, 101, SLOT_EP, MICA_RIGHT_WRITE, 7, 0) == 0, "mint badged endpoint");
    check(SYS(cap_mint, 0, 102, 101, MICA_RIGHT_WRITE, 8, 0) == -MICA_EPERM, "re-badging is EPERM");
    check(SYS(cap_copy, 0, 103, 101, MICA_RIGHTS_ALL, 0, 0) == 0 &&
              (SYS(cap_identify, 103, 0, 0, 0, 0, 0) >> 8) == MICA_RIGHT_WRITE,
          "copy never widens rights");
    check(SYS(cap_revoke, SLOT_EP, 0, 0, 0, 0, 0) == 0 && SYS(cap_identify, 101, 0, 0, 0, 0, 0) == -MICA_EBADF &&
              SYS(cap_identify, 103, 0, 0, 0, 0, 0) == -MICA_EBADF,
          "revoke removes derived caps");
}

/* Interrupts as messages, end to end: the UART's "transmitter empty"
 * interrupt is raised on purpose and must arrive as a notification through
 * the PLIC; the line stays masked until irq_ack and is free again once the
 * handler cap is deleted. */
static void irq_path(const struct mica_bootinfo *bi)
{
    const struct mica_device_desc *uart = 0;
    for (unsigned i = 0; i < bi->device_count; i++) {
        const char *c = bi->devices[i].compatible;
        if (c[0] == 'n' && c[1] == 's' && c[2] == '1' && bi->devices[i].irq)
            uart = &bi->devices[i];
    }
    check(uart != 0, "boot info lists the UART with its interrupt");
    if (!uart)
        return;
    long q = MICA_SLOT_QUOTA;
    check(SYS(obj_create, q, MICA_CAP_NOTIFICATION, 0, SLOT_NTFN, 0, 0) == 0 &&
              SYS(irq_claim, MICA_SLOT_IRQ_CONTROL, uart->irq, SLOT_IRQ, 0, 0, 0) == 0 &&
              SYS(irq_bind, SLOT_IRQ, SLOT_NTFN, 0, 0, 0, 0) == 0,
          "claim and bind the UART interrupt");
    check(SYS(irq_claim, MICA_SLOT_IRQ_CONTROL, uart->irq, 73, 0, 0, 0) == -MICA_EBUSY,
          "a claimed line cannot be claimed twice");
    check(SYS(vspace_map, MICA_SLOT_SELF_VSPACE, uart->slot, UART_VADDR, MICA_RIGHT_READ | MICA_RIGHT_WRITE, q, 0) == 0,
          "map the UART registers");
    volatile uint8_t *regs = (volatile uint8_t *)UART_VADDR;
    regs[UART_IER] = UART_IER_THRE;
    long word = SYS(ntfn_wait, SLOT_NTFN, 0, 0, 0, 0, 0);
    regs[UART_IER] = 0;
    check(word == 1, "the interrupt arrives as a notification");
    check(SYS(irq_ack, SLOT_IRQ, 0, 0, 0, 0, 0) == 0, "acknowledge the line");
    check(SYS(cap_delete, 0, SLOT_IRQ, 0, 0, 0, 0) == 0 &&
              SYS(irq_claim, MICA_SLOT_IRQ_CONTROL, uart->irq, SLOT_IRQ, 0, 0, 0) == 0,
          "deleting the handler frees the line");
}

/* A chain of cnodes, each holding the only cap to the previous one, dies
 * with one delete; the kernel must neither recurse through it (its stack is
 * 16 KiB) nor lose any of the memory. */
#define CHAIN_LENGTH 3000
#define SLOT_CHAIN 80
#define SLOT_CHAIN_NEW 81

static void cnode_chain(void)
{
    long q = MICA_SLOT_QUOTA;
    long before = SYS(quota_info, q, 0, 0, 0, 0, 0);
    long err = SYS(obj_create, q, MICA_CAP_CNODE, 2, SLOT_CHAIN, 0, 0);
    for (int i = 1; i < CHAIN_LENGTH && !err; i++) {
        err = SYS(obj_create, q, MICA_CAP_CNODE, 2, SLOT_CHAIN_NEW, 0, 0);
        if (!err)
            err = SYS(cap_move, SLOT_CHAIN_NEW, 1, SLOT_CHAIN, 0, 0, 0);
        if (!err)
            err = SYS(cap_move, 0, SLOT_CHAIN, SLOT_CHAIN_NEW, 0, 0, 0);
    }
    check(err == 0, "build a 3000-deep chain of cnodes");
    check(SYS(cap_delete, 0, SLOT_CHAIN, 0, 0, 0, 0) == 0 && SYS(quota_info, q, 0, 0, 0, 0, 0) == before,
          "deleting the chain frees all of it");
}

/* Two cnodes holding caps to each other keep each other alive after their
 * holder lets go; revoking the quota that paid for them ends both. */
#define SLOT_CHILD_QUOTA 82
#define SLOT_CYCLE_A 83
#define SLOT_CYCLE_B 84

static void quota_revoke_breaks_cycles(void)
{
    long q = MICA_SLOT_QUOTA, child = SLOT_CHILD_QUOTA;
    long before = SYS(quota_info, q, 0, 0, 0, 0, 0);
    long err = SYS(obj_create, q, MICA_CAP_QUOTA, 1 << 20, child, 0, 0);
    long full = SYS(quota_info, child, 0, 0, 0, 0, 0);
    if (!err)
        err = SYS(obj_create, child, MICA_CAP_CNODE, 2, SLOT_CYCLE_A, 0, 0);
    if (!err)
        err = SYS(obj_create, child, MICA_CAP_CNODE, 2, SLOT_CYCLE_B, 0, 0);
    if (!err)
        err = SYS(cap_copy, SLOT_CYCLE_A, 1, SLOT_CYCLE_B, MICA_RIGHTS_ALL, 0, 0);
    if (!err)
        err = SYS(cap_copy, SLOT_CYCLE_B, 1, SLOT_CYCLE_A, MICA_RIGHTS_ALL, 0, 0);
    if (!err)
        err = SYS(cap_delete, 0, SLOT_CYCLE_A, 0, 0, 0, 0) | SYS(cap_delete, 0, SLOT_CYCLE_B, 0, 0, 0, 0);
    check(err == 0 && SYS(quota_info, child, 0, 0, 0, 0, 0) < full, "a cycle of cnodes outlives its holder");
    check(SYS(cap_revoke, child, 0, 0, 0, 0, 0) == 0 && SYS(quota_info, child, 0, 0, 0, 0, 0) == full,
          "revoking the quota frees everything it paid for");
    check(SYS(cap_delete, 0, child, 0, 0, 0, 0) == 0 && SYS(quota_info, q, 0, 0, 0, 0, 0) == before,
          "a deleted child quota returns its bytes");
}

/* A notification bound to a thread ends that thread's IPC receive: drivers
 * wait for requests and interrupts in one place. The signaller runs at a
 * lower priority, so it signals only once the main thread is blocked. */
#define SLOT_BOUND_NTFN 85
#define SLOT_SIGNALLER 86
#define SLOT_SIGNALLER_STACK 87
#define SLOT_RECV_EP 88
#define SIGNALLER_STACK_VADDR 0x22000000ull
#define SIGNAL_BITS 0x50

__attribute__((noreturn)) static void signaller(void)
{
    SYS(ntfn_signal, SLOT_BOUND_NTFN, 0, 0, 0, 0, 0);
    SYS(thread_suspend, SLOT_SIGNALLER, 0, 0, 0, 0, 0);
    for (;;)
        ;
}

static void bound_notification(void)
{
    long q = MICA_SLOT_QUOTA;
    long err = SYS(obj_create, q, MICA_CAP_NOTIFICATION, 0, 89, 0, 0) |
               SYS(cap_mint, 0, SLOT_BOUND_NTFN, 89, MICA_RIGHT_READ | MICA_RIGHT_WRITE, SIGNAL_BITS, 0) |
               SYS(obj_create, q, MICA_CAP_ENDPOINT, 0, SLOT_RECV_EP, 0, 0) |
               SYS(ntfn_bind, SLOT_BOUND_NTFN, MICA_SLOT_SELF_THREAD, 0, 0, 0, 0);
    check(err == 0, "bind a notification to this thread");
    /* Pending word: the receive returns at once. */
    SYS(ntfn_signal, SLOT_BOUND_NTFN, 0, 0, 0, 0, 0);
    register long a0 __asm__("a0") = SLOT_RECV_EP;
    register long a1 __asm__("a1");
    register long a7 __asm__("a7") = MICA_SYS_ipc_recv;
    __asm__ volatile("ecall" : "+r"(a0), "=r"(a1) : "r"(a7) : "memory", "a2", "a3", "a4", "a5");
    check(a0 == SIGNAL_BITS && MICA_MSGINFO_LABEL(a1) == MICA_LABEL_NOTIFICATION, "a pending signal ends a receive");
    /* Blocked receive: the lower-priority signaller wakes it. */
    err = SYS(obj_create, q, MICA_CAP_FRAME, 1, SLOT_SIGNALLER_STACK, 0, 0) |
          SYS(vspace_map, MICA_SLOT_SELF_VSPACE, SLOT_SIGNALLER_STACK, SIGNALLER_STACK_VADDR,
              MICA_RIGHT_READ | MICA_RIGHT_WRITE, q, 0) |
          SYS(obj_create, q, MICA_CAP_THREAD, 0, SLOT_SIGNALLER, 0, 0) |
          SYS(thread_configure, SLOT_SIGNALLER, MICA_SLOT_SELF_CNODE, MICA_SLOT_SELF_VSPACE, 0, 0, 0) |
          SYS(thread_set_sched, SLOT_SIGNALLER, 100, 0, 0, 0, 0) |
          SYS(thread_start, SLOT_SIGNALLER, (long)signaller, SIGNALLER_STACK_VADDR + 4096, 0, 0, 0);
    a0 = SLOT_RECV_EP;
    a7 = MICA_SYS_ipc_recv;
    __asm__ volatile("ecall" : "+r"(a0), "=r"(a1) : "r"(a7) : "memory", "a2", "a3", "a4", "a5");
    check(err == 0 && a0 == SIGNAL_BITS && MICA_MSGINFO_LABEL(a1) == MICA_LABEL_NOTIFICATION,
          "a signal wakes a blocked receive");
    check(SYS(ntfn_bind, 0, MICA_SLOT_SELF_THREAD, 0, 0, 0, 0) == 0, "unbind the notification");
}

int main(const struct mica_bootinfo *bi);
int main(const struct mica_bootinfo *bi)
{
    puts_("ksmoke|info: started\n");
    long r = build_server();
    check(r == 0, "build server address space and thread");
    if (r)
        SYS(system_poweroff, MICA_SLOT_SYSTEM, 1, 0, 0, 0, 0);
    long reply = 0;
    int bad = 0;
    for (int i = 0; i < WARMUP; i++)
        if (call1(i, &reply) != 0 || reply != i + 1)
            bad++;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t t0 = rdcycle();
        call1(i, &reply);
        uint64_t t1 = rdcycle();
        samples[i] = t1 - t0;
        if (reply != i + 1)
            bad++;
    }
    check(bad == 0, "call/reply_recv round trips carry the message");
    sort(samples, ROUNDS);
    char line[200], *p = line;
    const char *parts[] = { "BENCH name=ipc.call_rt unit=instr n=", " min=", " median=", " p99=", " max=" };
    uint64_t vals[] = { ROUNDS, samples[0], samples[ROUNDS / 2], samples[ROUNDS * 99 / 100], samples[ROUNDS - 1] };
    for (int i = 0; i < 5; i++) {
        for (const char *s = parts[i]; *s; s++)
            *p++ = *s;
        p = utoa(p, vals[i]);
    }
    *p++ = '\n';
    *p = 0;
    puts_(line);
    error_paths();
    irq_path(bi);
    cnode_chain();
    quota_revoke_breaks_cycles();
    bound_notification();
    puts_(failures ? "ksmoke|result: FAIL\n" : "ksmoke|result: PASS\n");
    SYS(system_poweroff, MICA_SLOT_SYSTEM, failures ? 1 : 0, 0, 0, 0, 0);
    return 0;
}

__attribute__((section(".text.start"), naked, noreturn)) void _start(void);
void _start(void)
{
    __asm__ volatile(
                     "call main\n1: j 1b\n");
}
