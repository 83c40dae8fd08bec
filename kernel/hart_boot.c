/* Bringing up the other harts. The device tree decides which may run the
 * kernel: a hart whose cpu node is enabled, names an MMU (mmu-type) and has
 * an S-mode context on the kernel's PLIC. Each is started through SBI HSM
 * at secondary_entry (entry.S) with its own stack; it sets up its own trap
 * vector, timer and PLIC context and enters the scheduler under the big
 * kernel lock, which the boot hart holds until it first leaves for user
 * mode. */
#include "hart_boot.h"
#include "mica/abi/bootargs.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/sbi.h"
#include "console.h"
#include "isa_extensions.h"
#include "kernel_lock.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "plic.h"
#include "sched.h"
#include "timer.h"
#include "trap.h"
#include "vm.h"

extern char secondary_entry[], _start[];

static char hart_stacks[MACHINE_MAX_HARTS][KERNEL_STACK_SIZE] __attribute__((aligned(16)));

/* How long the boot hart waits for a started hart to reach the kernel, in
 * milliseconds: a tenth of a second unless mica.hart_wait_ms=<0..10000>
 * says otherwise (a slow board's firmware; 0 gives every hart up at once,
 * which is how the late-arrival path is tested). */
#define ARRIVAL_WAIT_MS_DEFAULT 100u
#define ARRIVAL_WAIT_MS_MAX 10000u

static uint64_t arrival_wait_ms(const struct machine_info *m)
{
    char text[8];
    if (!bootargs_get(m->bootargs, "mica.hart_wait_ms", text, sizeof text))
        return ARRIVAL_WAIT_MS_DEFAULT;
    uint64_t ms = 0;
    const char *p = text;
    for (; *p >= '0' && *p <= '9' && ms <= ARRIVAL_WAIT_MS_MAX; p++)
        ms = ms * 10u + (uint64_t)(*p - '0');
    if (p == text || *p || ms > ARRIVAL_WAIT_MS_MAX) {
        log_warn("kernel", "mica.hart_wait_ms=%s: not 0..%u; waiting %u ms", text, ARRIVAL_WAIT_MS_MAX,
                 ARRIVAL_WAIT_MS_DEFAULT);
        return ARRIVAL_WAIT_MS_DEFAULT;
    }
    return ms;
}

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

/* Moves h->arrival from HART_STARTING to `to`; false if the other hart
 * moved it first. */
static bool settle_arrival(struct hart *h, uint32_t to)
{
    uint32_t starting = HART_STARTING;
    return __atomic_compare_exchange_n(&h->arrival, &starting, to, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
}

/* True if h reached the kernel; past the wait it is given up, unless it
 * arrived at that very moment. */
static bool wait_for_arrival(struct hart *h, uint64_t ticks)
{
    uint64_t until = csr_read_time() + ticks;
    while (__atomic_load_n(&h->arrival, __ATOMIC_ACQUIRE) == HART_STARTING)
        if (csr_read_time() > until)
            return !settle_arrival(h, HART_ABANDONED);
    return true;
}

void harts_start_secondaries(const struct machine_info *m)
{
    bool hsm = sbi_probe_extension(SBI_EXT_HSM) > 0;
    uint64_t wait_ticks = m->timebase_hz * arrival_wait_ms(m) / 1000u;
    /* mica.hart_entry=boot starts the harts at the kernel's first entry
     * instead, where OpenSBI 1.1's hart_start race can send them
     * (entry.S, boot_entry): the test of that path. */
    char entry_text[8];
    bool at_boot_entry = bootargs_get(m->bootargs, "mica.hart_entry", entry_text, sizeof entry_text) &&
                         strcmp(entry_text, "boot") == 0;
    uint64_t entry = kernel_image_to_phys(at_boot_entry ? _start : secondary_entry);
    char running[3 * MACHINE_MAX_HARTS + 1];
    size_t used = (size_t)format_to_buffer(running, sizeof running, "%u", boot_hartid);
    unsigned count = 1;
    uint64_t common = machine_cpu_extensions(m, boot_hartid); /* none without a cpu node */
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
        h->isa_extensions = c->isa_extensions;
        long err = sbi_hart_start(c->hartid, entry, (uint64_t)(uintptr_t)h);
        if (err) {
            log_warn("kernel", "hart %u skipped: SBI hart_start failed (error %ld)", c->hartid, err);
            continue;
        }
        if (!wait_for_arrival(h, wait_ticks)) {
            log_warn("kernel", "hart %u skipped: started but did not reach the kernel", c->hartid);
            continue;
        }
        if (__atomic_load_n(&h->came_at_boot_entry, __ATOMIC_RELAXED))
            log_warn("kernel", "hart %u came in at the kernel's first entry (%s): it joined as a secondary",
                     c->hartid, at_boot_entry ? "mica.hart_entry=boot" : "the firmware's hart_start race");
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
    harts_isa_extensions = common & ~ISA_KERNEL_ONLY;
    char extensions[96];
    isa_extensions_format(harts_isa_extensions, extensions, sizeof extensions);
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
    /* Too late: the boot hart went on without this one, which must not
     * take threads or interrupts the kernel does not route to it. */
    if (!settle_arrival(h, HART_ARRIVED))
        sbi_hart_stop();
    kernel_lock_acquire();
    plic_init_context(h->plic_context);
    csr_set_sie(SIE_SEIE | SIE_SSIE);
    timer_start_hart();
    sched_return_to_user();
}
