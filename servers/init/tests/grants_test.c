/* init's grant decisions on the host: every refusal grants_plan makes, and
 * what grants_apply adds to a spawn request, with a stand-in device table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <mica/abi/caps.h>

#include "../grants.h"

/* The device table's choice, set by each test. */
static struct mica_device_desc desc;
static struct device device;
static int have_device;

struct device *devices_pick(const struct mica_server_manifest *m, char *why, size_t why_size)
{
    (void)m;
    if (!have_device) {
        snprintf(why, why_size, "no device matches compatible (stand-in)");
        return 0;
    }
    return &device;
}

static void use_device(const char *compatible, uint64_t phys, uint64_t size, uint32_t irq)
{
    memset(&desc, 0, sizeof desc);
    memset(&device, 0, sizeof device);
    strncpy(desc.compatible, compatible, sizeof desc.compatible - 1);
    desc.phys = phys;
    desc.size = size;
    desc.irq = irq;
    desc.slot = 19;
    device.desc = &desc;
    memcpy(device.dt.compatible, "vendor,x\0snps,dw-apb-uart", 26);
    device.dt.reg_shift = 2;
    device.dt.reg_io_width = 4;
    device.dt.console = 1;
    have_device = 1;
}

static struct mica_server_manifest manifest(const char *compatible, uint32_t irqs, uint32_t mmio)
{
    struct mica_server_manifest m;
    memset(&m, 0, sizeof m);
    m.magic = MICA_MANIFEST_MAGIC;
    memcpy(m.compatible, compatible, strlen(compatible) + 1);
    m.irq_count = irqs;
    m.mmio_region_count = mmio;
    return m;
}

static void expect_refusal(const struct mica_server_manifest *m, const char *want)
{
    struct grant_plan plan;
    char why[160];
    assert_int_equal(grants_plan(m, 3, &plan, why, sizeof why), -1);
    assert_string_equal(why, want);
}

static void refusals(void **state)
{
    (void)state;
    have_device = 0;
    struct mica_server_manifest m = manifest("", 1, 1);
    expect_refusal(&m, "manifest asks for 1 IRQ and 1 MMIO region but names no device");
    m = manifest("snps,dw-apb-uart", 2, 1);
    expect_refusal(&m, "manifest asks for 2 IRQs and 1 MMIO regions; a device has at most one of each");
    m = manifest("", 0, 0);
    m.heap_bytes = MICA_SERVER_HEAP_MAX + 1;
    expect_refusal(&m, "manifest asks for a heap of 268435457 bytes (at most 268435456)");
    m = manifest("snps,dw-apb-uart", 1, 1);
    expect_refusal(&m, "no device matches compatible (stand-in)");
    use_device("snps,dw-apb-uart", 0x50900000, 0x10000, 0);
    expect_refusal(&m, "device at 0x50900000 has no interrupt; the manifest asks for 1");
    use_device("acme,huge", 0x40000000, MICA_SERVER_MMIO_MAX, 5);
    desc.phys += 0x100; /* the page offset pushes it past the window */
    expect_refusal(&m, "device at 0x40000100: 268435456 bytes of registers do not fit the MMIO window");
}

static void no_device_gets_no_device(void **state)
{
    (void)state;
    have_device = 0;
    struct mica_server_manifest m = manifest("", 0, 0);
    m.heap_bytes = 5000;
    struct grant_plan plan;
    char why[160];
    assert_int_equal(grants_plan(&m, 7, &plan, why, sizeof why), 0);
    assert_null(plan.device);
    assert_int_equal(plan.info.pid, 7);
    assert_int_equal(plan.info.mmio_vaddr, 0);
    assert_int_equal(plan.info.irq_line, 0);
    assert_int_equal(plan.info.heap_bytes, 8192);
    struct spawn_request req = { 0 };
    grants_apply(&plan, &m, &req);
    assert_int_equal(req.segment_count, 2); /* info page and heap */
    assert_int_equal(req.segments[0].vaddr, MICA_SERVER_INFO_VADDR);
    assert_int_equal(req.segments[0].rights, MICA_RIGHT_READ);
    assert_int_equal(req.segments[1].vaddr, MICA_SERVER_HEAP_VADDR);
    assert_int_equal(req.segments[1].pages, 2);
    assert_int_equal(req.irq_line, 0);
    assert_int_equal(req.dma_bytes, 0);
    assert_true(req.service_endpoint);
}

static void device_server_gets_what_it_asks(void **state)
{
    (void)state;
    use_device("snps,dw-apb-uart", 0x50900100, 0x100, 100);
    struct mica_server_manifest m = manifest("ns16550a\0snps,dw-apb-uart", 1, 1);
    memcpy(m.compatible, "ns16550a\0snps,dw-apb-uart", 26);
    m.dma_bytes = 65536;
    struct grant_plan plan;
    char why[160];
    assert_int_equal(grants_plan(&m, 4, &plan, why, sizeof why), 0);
    assert_ptr_equal(plan.device, &device);
    assert_string_equal(plan.info.device, "snps,dw-apb-uart");
    assert_int_equal(plan.info.mmio_vaddr, MICA_SERVER_MMIO_VADDR + 0x100);
    assert_int_equal(plan.info.irq_line, 100);
    assert_int_equal(plan.info.reg_shift, 2);
    assert_int_equal(plan.info.reg_io_width, 4);
    assert_int_equal(plan.info.console, 1);
    assert_int_equal(plan.info.dma_bytes, 65536);
    struct spawn_request req = { 0 };
    grants_apply(&plan, &m, &req);
    assert_int_equal(req.segment_count, 2); /* info page and registers */
    assert_int_equal(req.segments[1].vaddr, MICA_SERVER_MMIO_VADDR);
    assert_int_equal(req.segments[1].shared_frame, 19);
    assert_int_equal(req.segments[1].pages, 1);
    assert_int_equal(req.irq_line, 100);
    assert_int_equal(req.dma_bytes, 65536);

    /* Matched but not asked for: no registers, no line. */
    m = manifest("snps,dw-apb-uart", 0, 0);
    assert_int_equal(grants_plan(&m, 5, &plan, why, sizeof why), 0);
    assert_ptr_equal(plan.device, &device);
    assert_int_equal(plan.info.mmio_vaddr, 0);
    assert_int_equal(plan.info.irq_line, 0);
    req = (struct spawn_request){ 0 };
    grants_apply(&plan, &m, &req);
    assert_int_equal(req.segment_count, 1);
    assert_int_equal(req.irq_line, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refusals),
        cmocka_unit_test(no_device_gets_no_device),
        cmocka_unit_test(device_server_gets_what_it_asks),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
