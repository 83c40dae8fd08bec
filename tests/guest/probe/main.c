/* probe: a server that asks for no device and then tries to reach one, to
 * show confinement (arg 0), or faults on purpose, to exercise restart
 * policies (arg 1). It must get nothing init did not grant: no device
 * frames, no interrupts, no authority to claim them, no registers mapped. */
#include <stdint.h>

#include <mica/cap.h>
#include <mica/abi/caps.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>

#define HEAP_BYTES 8192u
/* In a variable so the compiler cannot see the bad access coming. */
static volatile uintptr_t fault_address = 8;

MICA_SERVER_MANIFEST(.name = "probe", .version = MICA_VERSION(1, 0, 0), .schemes = { "disk.probe" },
                     .heap_bytes = HEAP_BYTES,
                     .stack_bytes = 16384, .priority = 100, .entry = "probe_main");

int probe_main(uintptr_t arg);

static void count_caps(void)
{
    unsigned frames = 0, handlers = 0, control = 0;
    for (long slot = 1; slot < (long)MICA_CHILD_CNODE_SLOTS; slot++) {
        struct ipc_cap_id id = ipc_cap_identify(slot);
        frames += id.type == MICA_CAP_DEVICE_FRAME;
        handlers += id.type == MICA_CAP_IRQ_HANDLER;
        control += id.type == MICA_CAP_IRQ_CONTROL;
    }
    ipc_log_info("capabilities: %u device frames, %u interrupt handlers, %u interrupt controls",
                 frames, handlers, control);
}

/* What init must refuse to record for lsdev and lsblk: features of a
 * device another server holds (the UART at 0x10000000 on QEMU virt) or of
 * none, block facts of a scheme someone else registered, malformed facts. */
static void false_reports(void)
{
    long held = ipc_device_features(0x10000000u, "VERSION_1");
    long none = ipc_device_features(0x1234000u, "VERSION_1");
    long theirs = ipc_scheme_block_facts("serial", 4096, 512, 0);
    long reg = ipc_scheme_register("disk.probe0");
    long odd_block = ipc_scheme_block_facts("disk.probe0", 4000, 1000, 0);
    ipc_log_info("init refuses: features of a held device %ld, of no device %ld, facts of "
                 "another's scheme %ld, a 1000-byte block %ld (registering disk.probe0: %ld)",
                 held, none, theirs, odd_block, reg);
}

static int confinement(void)
{
    const struct mica_server_info *info = mica_server_info();
    volatile uint8_t *heap = (volatile uint8_t *)(uintptr_t)info->heap_vaddr;
    heap[0] = 1;
    heap[info->heap_bytes - 1] = 2;
    ipc_log_info("heap %llu bytes at 0x%llx, device \"%s\", registers at 0x%llx",
                 (unsigned long long)info->heap_bytes, (unsigned long long)info->heap_vaddr,
                 info->device, (unsigned long long)info->mmio_vaddr);
    count_caps();
    long r = mica_sys_irq_claim(MICA_SLOT_IRQ_CONTROL, 10, MICA_SLOT_FIRST_FREE);
    ipc_log_info("claiming an interrupt line: %ld", r);
    false_reports();
    mica_server_ready();
    /* Where a granted device's registers would be: nothing is mapped. */
    ipc_log_info("reading device registers at 0x%llx", (unsigned long long)MICA_SERVER_MMIO_VADDR);
    fault_address = MICA_SERVER_MMIO_VADDR;
    return *(volatile uint8_t *)fault_address;
}

int probe_main(uintptr_t arg)
{
    if (arg == 0)
        return confinement();
    mica_server_ready();
    ipc_log_info("faulting on purpose");
    return *(volatile int *)fault_address;
}
