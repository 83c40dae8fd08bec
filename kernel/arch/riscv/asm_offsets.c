/* Emits struct offsets and sizes for the assembly files. Compiled to
 * assembly only; the build turns each "->NAME value" marker into a #define
 * in gen/asm-offsets.h, so no offset is ever typed by hand. */
#include <stddef.h>
#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"
#include "hart.h"
#include "mica/abi/syscall_list.h"
#include "thread.h"

#define EMIT(name, value) __asm__ volatile("\n.ascii \"->" #name " %0\"" ::"i"(value))

void emit_asm_offsets(void);
void emit_asm_offsets(void)
{
    EMIT(UCTX_REGS, offsetof(struct user_context, regs));
    EMIT(UCTX_SSTATUS, offsetof(struct user_context, sstatus));
    EMIT(UCTX_HART, offsetof(struct user_context, hart));
    EMIT(THREAD_CTX, offsetof(struct thread, ctx));
    EMIT(HART_CURRENT, offsetof(struct hart, current));
    EMIT(SCAUSE_ECALL_U, EXC_ECALL_U);
    EMIT(SYS_IPC_CALL, MICA_SYS_ipc_call);
    EMIT(SYS_IPC_REPLY_RECV, MICA_SYS_ipc_reply_recv);
    EMIT(HART_STACK_TOP, offsetof(struct hart, stack_top));
    EMIT(HART_LOCK_WORD, offsetof(struct hart, lock_word));
    EMIT(HART_SIZE, sizeof(struct hart));
    EMIT(HART_CAME_AT_BOOT_ENTRY, offsetof(struct hart, came_at_boot_entry));
    EMIT(HARTS_MAX, MACHINE_MAX_HARTS);
    EMIT(KFRAME_REGS, offsetof(struct kernel_frame, regs));
    EMIT(KFRAME_SSTATUS, offsetof(struct kernel_frame, sstatus));
    EMIT(KFRAME_SCAUSE, offsetof(struct kernel_frame, scause));
    EMIT(KFRAME_STVAL, offsetof(struct kernel_frame, stval));
    EMIT(KFRAME_SIZE, sizeof(struct kernel_frame));
}
