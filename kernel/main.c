/* Kernel entry in the upper half: read the machine from the device tree,
 * bring up memory, the console and traps, then run the boot self-check.
 * Every fact about the machine printed here comes from the DTB. */
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "boot_init.h"
#include "mica/abi/bootargs.h"
#include "hart.h"
#include "hart_boot.h"
#include "kernel_lock.h"
#include "plic.h"
#include "sched.h"
#include "console.h"
#include "lib/kstring.h"
#include "machine.h"
#include "panic.h"
#include "pmm.h"
#include "power.h"
#include "selftest.h"
#include "timer.h"
#include "trap.h"
#include "vm.h"

uint64_t kernel_load_pa;
struct machine_info machine;

extern char _start[], __image_end[], boot_stack_top[];

void kmain(uint64_t hartid, uint64_t dtb_pa, uint64_t load_pa);

static const char *const timebase_from[] = {
    [TIMEBASE_NONE] = "nowhere",
    [TIMEBASE_CPUS] = "/cpus",
    [TIMEBASE_CPU_NODE] = "a cpu node",
};

static void print_machine(const struct machine_info *m, uint64_t dtb_pa)
{
    log_info("kernel", "model \"%s\", dtb at %lx", m->model, dtb_pa);
    for (unsigned i = 0; i < m->ram_count; i++)
        log_info("kernel", "ram %lx-%lx (%lu MiB)", m->ram[i].base, m->ram[i].base + m->ram[i].size,
                 m->ram[i].size >> 20);
    for (unsigned i = 0; i < m->reserved_count; i++)
        log_info("kernel", "reserved %lx-%lx%s", m->reserved[i].base,
                 m->reserved[i].base + m->reserved[i].size, m->reserved_no_map[i] ? " no-map" : "");
    if (m->initrd.size)
        log_info("kernel", "initrd %lx-%lx", m->initrd.base, m->initrd.base + m->initrd.size);
    else
        log_info("kernel", "initrd none");
    log_info("kernel", "console %s at %lx reg-shift %u reg-io-width %u irq %u%s",
             m->console.kind != UART_NONE ? m->console.compatible : "none", m->console.reg.base,
             m->console.reg_shift, m->console.reg_io_width, m->console.irq,
             m->console.layout_defaulted ? " (layout defaults from platform/uart-compat.def)" : "");
    log_info("kernel", "timebase %lu Hz", m->timebase_hz);
    if (m->timebase_from == TIMEBASE_CPU_NODE)
        log_info("kernel", "timebase from a cpu node: /cpus has no timebase-frequency");
    for (unsigned i = 0; i < m->hart_count; i++)
        log_info("kernel", "hart %u", m->hart_ids[i]);
    log_info("kernel", "plic at %lx, %u sources (%u enabled plic nodes)", m->plic.base, m->plic_sources,
             m->plic_count);
    /* One line for the slots (QEMU virt has eight): init reports the ones
     * with a device behind them. */
    if (m->virtio_count) {
        uint64_t low = m->virtio[0].reg.base, high = low;
        unsigned irq_low = m->virtio[0].irq, irq_high = irq_low;
        for (unsigned i = 1; i < m->virtio_count; i++) {
            low = m->virtio[i].reg.base < low ? m->virtio[i].reg.base : low;
            high = m->virtio[i].reg.base > high ? m->virtio[i].reg.base : high;
            irq_low = m->virtio[i].irq < irq_low ? m->virtio[i].irq : irq_low;
            irq_high = m->virtio[i].irq > irq_high ? m->virtio[i].irq : irq_high;
        }
        log_info("kernel", "virtio-mmio: %u slots at %lx..%lx, irqs %u..%u", m->virtio_count, low, high,
                 irq_low, irq_high);
    }
    if (m->bootargs[0])
        log_info("kernel", "bootargs \"%s\"", m->bootargs);
    log_info("kernel", "%u device nodes listed, %u disabled and %u inside RAM left out", m->device_count + m->virtio_count,
             m->devices_disabled, m->devices_in_ram);
    if (m->devices_dropped)
        log_warn("kernel", "%u device nodes past the %u the kernel lists are not handed to init", m->devices_dropped,
                 MACHINE_MAX_DEVICES);
}

/* Everything the allocator must never hand out, on top of the DTB's own list. */
static unsigned collect_reserved(const struct machine_info *m, uint64_t dtb_pa, struct mem_range *out)
{
    unsigned n = 0;
    for (unsigned i = 0; i < m->reserved_count; i++)
        out[n++] = m->reserved[i];
    out[n++] = (struct mem_range){ kernel_load_pa, (uint64_t)(__image_end - _start) };
    out[n++] = (struct mem_range){ dtb_pa, fdt_peek_totalsize(phys_to_virt(dtb_pa)) };
    if (m->initrd.size)
        out[n++] = m->initrd;
    return n;
}

void kmain(uint64_t hartid, uint64_t dtb_pa, uint64_t load_pa)
{
    kernel_load_pa = load_pa;
    if (hartid >= MACHINE_MAX_HARTS)
        panic("booted on hart %lu: the kernel keeps state for harts 0..%u", hartid, MACHINE_MAX_HARTS - 1);
    hart_init_boot((uint32_t)hartid, (uint64_t)(uintptr_t)boot_stack_top);
    kernel_lock_acquire();
    trap_init();
    log_info("kernel", "Mica booting on hart %lu, loaded at %lx", hartid, load_pa);

    const char *what;
    const void *dtb = phys_to_virt(dtb_pa);
    int err = dtb_pa ? machine_from_fdt(dtb, 2u << 20, &machine, &what) : FDT_ERR_MAGIC;
    if (err) {
        log_error("kernel", "device tree at %lx unusable: %s (%s)", dtb_pa, fdt_strerror(err),
                  dtb_pa ? what : "no DTB passed");
        power_off(2);
    }

    bool plic_found = machine_select_plic(&machine, (uint32_t)hartid);
    struct mem_range reserved[MACHINE_MAX_RESERVED + 3];
    unsigned reserved_count = collect_reserved(&machine, dtb_pa, reserved);
    vm_init(&machine);
    if (machine.console.kind != UART_NONE) {
        volatile void *uart = vm_map_kernel_mmio(machine.console.reg.base, machine.console.reg.size);
        if (uart && !console_use_uart(&machine.console, uart))
            log_warn("kernel", "console %s at %lx: its status register faults with reg-shift %u reg-io-width %u: "
                     "output goes through SBI", machine.console.compatible, machine.console.reg.base,
                     machine.console.reg_shift, machine.console.reg_io_width);
    }
    if (machine.test_device.size)
        power_set_test_device(vm_map_kernel_mmio(machine.test_device.base, machine.test_device.size));
    print_machine(&machine, dtb_pa);
    /* Without a timebase the tick would be one time unit and the timer
     * interrupt would starve everything else: refuse instead. */
    if (machine.timebase_hz < TIMER_TICK_HZ)
        panic("timebase-frequency %lu Hz (from %s) is below the %u Hz tick: the device tree needs one in "
              "/cpus or in the cpu nodes",
              machine.timebase_hz, timebase_from[machine.timebase_from], TIMER_TICK_HZ);

    if (pmm_init(&kernel_pmm, machine.ram, machine.ram_count, reserved, reserved_count, phys_to_virt))
        panic("no usable RAM for the page allocator");
    log_info("kernel", "%lu KiB free in %lu pages", kernel_pmm.free_pages * 4, kernel_pmm.free_pages);

    char fault[16];
    if (bootargs_get(machine.bootargs, "mica.fault", fault, sizeof fault))
        selftest_deliberate_fault(fault);

    this_hart()->isa_extensions = machine_cpu_extensions(&machine, hartid); /* its tick's source (timer.c) */
    int failures = selftest_run(&machine, reserved, reserved_count);
    if (failures) {
        log_result("kernel", "FAIL boot self-check (%d failures)", failures);
        power_off(1);
    }
    log_result("kernel", "PASS boot self-check");

    if (plic_found) {
        uint32_t ctx = machine.plic_s_context[hartid];
        volatile void *plic = vm_map_kernel_mmio(machine.plic.base, machine.plic.size);
        if (plic) {
            log_info("kernel", "plic at %lx: context %u is hart %lu's S-mode", machine.plic.base, ctx, hartid);
            plic_init(plic, machine.plic_sources);
            this_hart()->plic_context = ctx;
            plic_init_context(ctx);
            csr_set_sie(SIE_SEIE);
        } else {
            log_warn("kernel", "cannot map the plic at %lx: device interrupts off", machine.plic.base);
        }
    } else {
        log_warn("kernel", "no enabled plic has an S-mode context for hart %lu: device interrupts off", hartid);
    }
    csr_set_sie(SIE_SSIE); /* the other harts' wake-up calls */
    harts_start_secondaries(&machine);
    char init_name[32] = "init";
    bootargs_get(machine.bootargs, "mica.init", init_name, sizeof init_name);
    if (!boot_start_init(&machine, dtb_pa, init_name)) {
        log_info("kernel", "nothing to run; powering off");
        power_off(0);
    }
    sched_return_to_user();
}
