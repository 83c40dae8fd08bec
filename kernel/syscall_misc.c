/* Console output, power off and kernel figures. debug_write reads the
 * user buffer through the caller's page table, page by page, so a bad
 * pointer is -EFAULT and never a kernel fault. */
#include "arch/riscv/memlayout.h"
#include "console.h"
#include "mica/abi/errno.h"
#include "object.h"
#include "power.h"
#include "sched.h"
#include "syscall.h"
#include "timer.h"
#include "vm.h"
#include "vspace.h"

#define DEBUG_WRITE_MAX 4096u

long sys_debug_write(struct thread *t)
{
    uint64_t buf = syscall_arg(t, 0), len = syscall_arg(t, 1);
    if (len > DEBUG_WRITE_MAX)
        return -MICA_EINVAL;
    if (buf >= USER_VA_END || len > USER_VA_END - buf)
        return -MICA_EFAULT;
    /* Check every page first so a bad buffer prints nothing. */
    for (uint64_t va = buf & ~(PAGE_SIZE - 1); va < buf + len; va += PAGE_SIZE)
        if (!vspace_translate(t->vspace, va, PTE_R))
            return -MICA_EFAULT;
    for (uint64_t done = 0; done < len;) {
        uint64_t va = buf + done;
        uint64_t chunk = PAGE_SIZE - (va % PAGE_SIZE);
        if (chunk > len - done)
            chunk = len - done;
        console_write(phys_to_virt(vspace_translate(t->vspace, va, PTE_R)), chunk);
        done += chunk;
    }
    return (long)len;
}

long sys_system_poweroff(struct thread *t)
{
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_SYSTEM, 0, &c);
    if (err)
        return err;
    uint64_t status = syscall_arg(t, 1);
    if (status > 255)
        return -MICA_EINVAL;
    power_off((int)status);
}

long sys_system_info(struct thread *t)
{
    extern struct machine_info machine;
    /* Every program turns seconds into rdtime ticks with it, and it tells
     * nothing about other programs: the timebase needs no capability. */
    if (syscall_arg(t, 1) == MICA_INFO_TIMEBASE_HZ)
        return (long)machine.timebase_hz;
    if (syscall_arg(t, 1) == MICA_INFO_HART)
        return (long)this_hart()->hartid;
    /* What the code it runs may use: no capability either. */
    if (syscall_arg(t, 1) == MICA_INFO_ISA_EXTENSIONS)
        return (long)harts_isa_extensions;
    struct cap *c;
    long err = decode_cap(t, syscall_arg(t, 0), MICA_CAP_SYSTEM, 0, &c);
    if (err)
        return err;
    switch (syscall_arg(t, 1)) {
    case MICA_INFO_FREE_PAGES:
        return (long)kernel_pmm.free_pages;
    case MICA_INFO_TICKS:
        return (long)timer_ticks();
    case MICA_INFO_KERNEL_OBJECTS:
        return (long)kobj_live_count;
    case MICA_INFO_SLAB_PAGES:
        return (long)kobj_slab_pages();
    case MICA_INFO_IDLE_INSTRET:
        return (long)sched_idle_instret();
    default:
        return -MICA_EINVAL;
    }
}
