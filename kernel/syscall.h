/* System-call entry: the dispatch table generated from MICA_SYSCALL_LIST,
 * and the helpers every decode_* function uses to validate arguments. */
#pragma once
#include <stdint.h>
#include "cap.h"
#include "mica/abi/syscall_list.h"
#include "thread.h"

/* A handler returns the value for a0, or SYSCALL_NO_RESULT when it has
 * already arranged the registers (IPC) or the thread is blocked. */
#define SYSCALL_NO_RESULT ((long)INT64_MIN)

#define SYSCALL_HANDLER(num, name, nargs, args, rights, doc) long sys_##name(struct thread *t);
MICA_SYSCALL_LIST(SYSCALL_HANDLER)
#undef SYSCALL_HANDLER

void syscall_dispatch(struct thread *t);
extern const char *const syscall_names[MICA_SYSCALL_COUNT];

static inline uint64_t syscall_arg(const struct thread *t, unsigned i)
{
    return t->ctx.regs[REG_A0 + i];
}

/* Looks up a slot in t's cspace: -EBADF if out of range or empty, -ENOTTY
 * if not of `type` (MICA_CAP_NULL accepts any), -EACCES without `rights`. */
long decode_cap(struct thread *t, uint64_t slot, uint8_t type, uint8_t rights, struct cap **out);
/* frame_pin's checks on its source cap: 0, or -ENOTTY for anything but a
 * frame, -EINVAL for a device frame (device memory is never allocated or
 * freed: nothing to pin), -EACCES without DMA. Apart so the boot self-check
 * can show each refusal (user space holds no device frame to try). */
long frame_pin_source_check(const struct cap *src);
/* An empty slot in cnode (0 = t's own cspace) or -EBADF/-EEXIST. */
long decode_empty_slot(struct thread *t, uint64_t cnode_slot, uint64_t index, struct cap **out);
