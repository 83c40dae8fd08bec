/* init: reports what the kernel handed over, starts the programs its
 * configuration lists, and supervises them: faults, exits and readiness
 * arrive on one endpoint, badged with the pid, as do name-service and
 * process-control requests (told apart by a badge bit). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "boot_config.h"
#include "children.h"
#include "config.h"
#include "devices.h"
#include "control.h"
#include "fetch.h"
#include "names.h"
#include "supervision.h"

MICA_PROGRAM("init");

#define MIB (1024u * 1024u)
#define SHELL_BOOTARG "mica.shell=1"
#define SHELL_CONFIG_PATH "etc/shell.conf" /* unless init.conf= names another */

static void report_machine(const struct mica_bootinfo *bi)
{
    ipc_log_info("free memory %llu MiB (%llu pages), %u hart(s), timebase %llu Hz",
                 (unsigned long long)(bi->free_pages * MICA_PAGE_SIZE / MIB),
                 (unsigned long long)bi->free_pages, bi->hart_count,
                 (unsigned long long)bi->timebase_hz);
    ipc_log_info("quota %ld bytes, initrd %llu bytes, dtb %llu bytes",
                 mica_sys_quota_info(MICA_SLOT_QUOTA), (unsigned long long)bi->initrd_size,
                 (unsigned long long)bi->dtb_size);
    /* A virtio-mmio slot with no device behind it (QEMU virt has eight)
     * gets no line of its own: the boot report stays short. */
    unsigned empty_virtio = 0;
    for (unsigned i = 0; i < devices_count(); i++) {
        const struct device *dev = devices_get(i);
        const struct mica_device_desc *d = dev->desc;
        if (dev->virtio_id == 0 && strncmp(d->compatible, "virtio,mmio", sizeof d->compatible) == 0) {
            empty_virtio++;
            continue;
        }
        char virtio[32] = "";
        if (dev->virtio_id)
            snprintf(virtio, sizeof virtio, " virtio device id %u", dev->virtio_id);
        ipc_log_info("device %.*s at 0x%llx size 0x%llx irq %u slot %u%s%s",
                     (int)sizeof d->compatible, d->compatible, (unsigned long long)d->phys,
                     (unsigned long long)d->size, d->irq, d->slot, virtio,
                     dev->dt.console ? " console" : "");
    }
    if (empty_virtio)
        ipc_log_info("%u virtio-mmio slots without a device", empty_virtio);
}

void init_power_off(int status)
{
    ipc_log_info("powering off with status %d", status);
    long r = mica_sys_system_poweroff(MICA_SLOT_SYSTEM, status);
    ipc_log_error("system_poweroff failed: %ld", r);
    for (;;)
        mica_sys_thread_suspend(MICA_SLOT_SELF_THREAD);
}

static void supervise(long ep)
{
    /* One slot for a capability a message brings: only a server's offer of
     * its notification is kept (supervision.c); any other is deleted. */
    long inbox = ipc_slot_alloc();
    if (inbox < 0) {
        ipc_log_error("no slot to receive capabilities in");
        return;
    }
    uint64_t recv = (uint64_t)inbox;
    ipc_set_recv_slots(&recv, 1);
    for (;;) {
        struct ipc_msg m = ipc_recv(ep);
        if (m.badge < 0) {
            ipc_log_error("receive on the supervisor endpoint failed: %s",
                          mica_errno_name((int)m.badge));
            return;
        }
        if (MICA_MSGINFO_LABEL(m.info) == MICA_LABEL_NOTIFICATION)
            supervision_tick(); /* the heartbeat's timer, the only signal bound here */
        else if ((uint64_t)m.badge & CONTROL_BADGE_FLAG)
            control_request((uint64_t)m.badge & ~CONTROL_BADGE_FLAG, &m);
        else if ((uint64_t)m.badge & NAMES_BADGE_FLAG)
            names_request((uint64_t)m.badge & ~NAMES_BADGE_FLAG, &m);
        else if ((uint64_t)m.badge & FETCH_BADGE_FLAG)
            fetch_report(&m);
        else
            children_message((uint64_t)m.badge, &m, inbox);
        if (MICA_MSGINFO_CAPS(m.info))
            mica_sys_cap_delete(0, inbox); /* fails when it was kept */
        control_check_waiters();
        fetch_poll();
        names_check_waiters();
    }
}

int mica_main(uintptr_t arg)
{
    const struct mica_bootinfo *bi = (const struct mica_bootinfo *)arg;
    if (bi->magic != MICA_BOOTINFO_MAGIC) {
        ipc_log_error("boot info at 0x%lx has a bad magic number", (unsigned long)arg);
        return 1;
    }
    ipc_slots_init(MICA_SLOT_FIRST_FREE, MICA_INIT_FIRST_DEVICE_SLOT);
    devices_init(bi);
    report_machine(bi);
    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    if (ep < 0) {
        ipc_log_error("cannot create the supervisor endpoint: %s", mica_errno_name((int)ep));
        return 1;
    }
    children_init(bi->initrd_size, ep);
    int timer = supervision_init();
    if (timer < 0)
        ipc_log_warn("no heartbeat timer (%s): heartbeat= lines go unwatched",
                     mica_errno_name(timer));
    fetch_init(ep);
    char bootargs[sizeof bi->bootargs + 1];
    memcpy(bootargs, bi->bootargs, sizeof bi->bootargs);
    bootargs[sizeof bi->bootargs] = 0;
    if (config_bootarg_present(bootargs, SRV_SPREAD_BOOTARG))
        srv_load_spread();
    /* The shell is a program of that configuration, granted `control`. */
    int shell = config_bootarg_present(bootargs, SHELL_BOOTARG);
    boot_config_start(bi, shell ? SHELL_CONFIG_PATH : 0);
    supervise(ep);
    return 1;
}
