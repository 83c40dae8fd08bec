/* uart16550: the serial driver server for the QEMU ns16550a and the
 * P550's DesignWare UART. init grants it the UART's registers and line
 * (mica/server_info.h); it checks them once here, binds the line to a
 * notification of its own and then serves the serial protocol. */
#include <stdint.h>

#include <mica/cap.h>
#include <mica/rt_string.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/scheme.h>
#include <mica/serial.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>

#include "serial.h"

/* The DesignWare APB UART under its upstream name and the name the P550's
 * vendor U-Boot tree gives it. */
#define DESIGNWARE "snps,dw-apb-uart"
#define DESIGNWARE_VENDOR "synopsys,uart0"

MICA_SERVER_MANIFEST(.name = "uart16550", .version = MICA_VERSION(1, 0, 0),
                     .schemes = { "serial" }, .compatible = "ns16550a\0" DESIGNWARE "\0" DESIGNWARE_VENDOR,
                     .irq_count = 1, .mmio_region_count = 1, .stack_bytes = 16384,
                     .priority = 150, .entry = "uart16550_main");

int uart16550_main(uintptr_t arg);

static struct serial serial;

static int is_designware(const char *device)
{
    return strcmp(device, DESIGNWARE) == 0 || strcmp(device, DESIGNWARE_VENDOR) == 0;
}

/* The validation boundary for what init granted. */
static const char *check_grants(const struct mica_server_info *i)
{
    if (i->magic != MICA_SERVER_INFO_MAGIC || i->version != MICA_SERVER_INFO_VERSION)
        return "no server info page";
    if (!i->mmio_vaddr || !i->irq_line)
        return "registers or interrupt not granted";
    if (i->reg_io_width != 1 && i->reg_io_width != 4)
        return "reg-io-width is neither 1 nor 4";
    if (i->reg_shift > 4 || ((uint64_t)UART_REG_COUNT << i->reg_shift) > i->device_size)
        return "registers (reg-shift) do not fit the device's window";
    if (is_designware(i->device) &&
        ((uint64_t)(UART_DW_USR + 1) << i->reg_shift) > i->device_size)
        return "DesignWare status register outside the device's window";
    return 0;
}

static long bind_interrupt(void)
{
    long ntfn = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    if (ntfn < 0)
        return ntfn;
    long r = mica_sys_irq_bind(MICA_SERVER_SLOT_IRQ, ntfn);
    if (r >= 0)
        r = mica_sys_ntfn_bind(ntfn, MICA_SLOT_SELF_THREAD);
    return r;
}

int uart16550_main(uintptr_t arg)
{
    (void)arg;
    const struct mica_server_info *info = mica_server_info();
    const char *bad = check_grants(info);
    if (bad) {
        ipc_log_error("%s", bad);
        return 1;
    }
    serial.uart = (struct uart){ (volatile uint8_t *)(uintptr_t)info->mmio_vaddr, info->reg_shift,
                                 info->reg_io_width, is_designware(info->device) };
    serial.ep = MICA_SERVER_SLOT_ENDPOINT;
    long r = bind_interrupt();
    if (r < 0) {
        ipc_log_error("cannot bind interrupt %u: error %ld", info->irq_line, r);
        return 1;
    }
    serial_receive(&serial); /* bytes typed before we started */
    uart_out(&serial.uart, UART_IER, UART_IER_RX_DATA);
    ipc_log_info("%s at 0x%llx irq %u reg-shift %u reg-io-width %u%s, registers at 0x%llx, "
                 "serving on slot %u",
                 info->device, (unsigned long long)info->device_phys, info->irq_line,
                 info->reg_shift, info->reg_io_width, info->console ? " (console)" : "",
                 (unsigned long long)info->mmio_vaddr, (unsigned)MICA_SERVER_SLOT_ENDPOINT);
    /* The console keeps working without its name: a refusal (another UART
     * holds "serial") is reported, not fatal. */
    ipc_scheme_register_or_say(SERIAL_SCHEME, ipc_log_warn);
    mica_server_ready();
    serial_serve(&serial, MICA_SERVER_SLOT_IRQ);
}
