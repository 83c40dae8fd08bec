/* Bringing up the other harts. The device tree decides which may run the
 * kernel: a hart whose cpu node is enabled, names an MMU (mmu-type) and has
 * an S-mode context on the kernel's PLIC. Each is started through SBI HSM
 * at secondary_entry (entry.S) with its own stack; it sets up its own trap
 * vector, timer and PLIC context and enters the scheduler under the big
 * kernel lock, which the boot hart holds until it first leaves for user
 * mode. */
#include "hart_boot.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/sbi.h"
#include "console.h"
#include "isa_extensions.h"
#include "kernel_lock.h"
#include "lib/format.h"
#include "plic.h"
#include "sched.h"
#include "timer.h"
#include "trap.h"
#include "vm.h"

extern char secondary_entry[];

static char hart_stacks[MACHINE_MAX_HARTS][KERNEL_STACK_SIZE] __attribute__((aligned(16)));

/* How long the boot hart waits for a started hart to reach the kernel. */
#define ARRIVAL_WAIT_DIVISOR 10 /* a tenth of a second */

/* Why the kernel does not use this hart, or NULL when it may. */
static const char *unusable(const struct machine_info *m, const struct cpu_node *c)
{
    if (!c->enabled)
        return "its cpu node is disabled";
    if (!c->has_mmu)
        return "its cpu node names no MMU (mmu-type)";
    if (m->plic_s_context[c->hartid] == UINT32_MAX)
        return "the kernel's PLIC has no S-mode context for it";
    return NULL;
}

static bool wait_for_arrival(const struct hart *h, uint64_t timebase_hz)
{
    uint64_t until = csr_read_time() + timebase_hz / ARRIVAL_WAIT_DIVISOR;
    while (!h->arrived)
        if (csr_read_time() > until)
            return false;
    return true;
}

void harts_start_secondaries(const struct machine_info *m)
{
    bool hsm = sbi_probe_extension(SBI_EXT_HSM) > 0;
    char running[3 * MACHINE_MAX_HARTS + 1];
    size_t used = (size_t)format_to_buffer(running, sizeof running, "%u", boot_hartid);
    unsigned count = 1;
    uint64_t common = 0; /* a boot hart without a cpu node declares nothing */
    for (unsigned i = 0; i < m->cpu_count; i++)
        if (m->cpus[i].hartid == boot_hartid)
            common = m->cpus[i].isa_extensions;
    for (unsigned i = 0; i < m->cpu_count; i++) {
        const struct cpu_node *c = &m->cpus[i];
        if (c->hartid == boot_hartid)
            continue;
        const char *why = unusable(m, c);
        if (!why && !hsm)
            why = "the SBI firmware has no HSM extension to start it";
        if (why) {
            log_info("kernel", "hart %u skipped: %s", c->hartid, why);
            continue;
        }
        struct hart *h = &harts[c->hartid];
        h->stack_top = (uint64_t)(uintptr_t)&hart_stacks[c->hartid][KERNEL_STACK_SIZE];
        h->plic_context = m->plic_s_context[c->hartid];
        long err = sbi_hart_start(c->hartid, kernel_image_to_phys(secondary_entry), (uint64_t)(uintptr_t)h);
        if (err) {
            log_warn("kernel", "hart %u skipped: SBI hart_start failed (error %ld)", c->hartid, err);
            continue;
        }
        if (!wait_for_arrival(h, m->timebase_hz)) {
            log_warn("kernel", "hart %u skipped: started but did not reach the kernel", c->hartid);
            continue;
        }
        /* Online now, not once it holds the kernel lock (which this hart
         * keeps until init runs): a program that asks at once finds it, and
         * a thread placed on it waits in its queue until it takes the lock. */
        h->online = true;
        harts_online |= 1ull << c->hartid;
        used += (size_t)format_to_buffer(running + used, sizeof running - used, " %u", c->hartid);
        count++;
        common &= c->isa_extensions;
    }
    /* A thread may run on any of these harts (and move between them), so
     * user space may use only the extensions all of them have. */
    harts_isa_extensions = common;
    char extensions[96];
    isa_extensions_format(common, extensions, sizeof extensions);
    log_info("kernel", "%u hart%s threads: %s, extensions %s", count, count == 1 ? " runs" : "s run", running,
             extensions);
}

void hart_secondary_main(struct hart *h);
void hart_secondary_main(struct hart *h)
{
    h->active_satp = vm_kernel_satp();
    csr_write_satp(h->active_satp);
    arch_sfence_vma_all();
    trap_init();
    h->arrived = true;
    kernel_lock_acquire();
    plic_init_context(h->plic_context);
    csr_set_sie(SIE_SEIE | SIE_SSIE);
    timer_start_hart();
    sched_return_to_user();
}
