/* Grants follow from the manifest and the device: a server that does not
 * name a device gets no registers, no interrupt and no device to hold; one
 * that does gets that device's registers and line only if it asks. */
#include "grants.h"

#include <stdio.h>
#include <string.h>

#include <mica/abi/caps.h>

#define RW (MICA_RIGHT_READ | MICA_RIGHT_WRITE)

static uint64_t pages_for(uint64_t bytes)
{
    return (bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
}

static int refuse(char *why, size_t size, const char *fmt, unsigned long long a,
                  unsigned long long b)
{
    snprintf(why, size, fmt, a, b);
    return -1;
}

static int plan_device(const struct mica_server_manifest *m, struct grant_plan *plan, char *why,
                       size_t why_size)
{
    struct device *d = devices_pick(m, why, why_size);
    if (!d)
        return -1;
    const struct mica_device_desc *desc = d->desc;
    if (m->irq_count && !desc->irq)
        return refuse(why, why_size, "device at 0x%llx has no interrupt; the manifest asks for %llu",
                      desc->phys, m->irq_count);
    uint64_t offset = desc->phys % MICA_PAGE_SIZE;
    if (m->mmio_region_count && desc->size > MICA_SERVER_MMIO_MAX - offset)
        return refuse(why, why_size, "device at 0x%llx: %llu bytes of registers do not fit the MMIO window",
                      desc->phys, desc->size);
    struct mica_server_info *info = &plan->info;
    plan->device = d;
    const char *matched = dt_compatible_match(m->compatible, sizeof m->compatible,
                                              d->dt.compatible, sizeof d->dt.compatible);
    strncpy(info->device, matched, sizeof info->device - 1);
    info->device_phys = desc->phys;
    info->device_size = desc->size;
    info->virtio_device_id = d->virtio_id;
    info->reg_shift = d->dt.reg_shift;
    info->reg_io_width = d->dt.reg_io_width;
    info->console = d->dt.console;
    if (m->mmio_region_count)
        info->mmio_vaddr = MICA_SERVER_MMIO_VADDR + offset;
    if (m->irq_count)
        info->irq_line = desc->irq;
    return 0;
}

int grants_plan(const struct mica_server_manifest *m, uint64_t pid, struct grant_plan *plan,
                char *why, size_t why_size)
{
    memset(plan, 0, sizeof *plan);
    struct mica_server_info *info = &plan->info;
    info->magic = MICA_SERVER_INFO_MAGIC;
    info->version = MICA_SERVER_INFO_VERSION;
    info->pid = pid;
    /* A device offers one register window and at most one line. */
    if (m->irq_count > 1 || m->mmio_region_count > 1)
        return refuse(why, why_size, "manifest asks for %llu IRQs and %llu MMIO regions; a device has at most one of each",
                      m->irq_count, m->mmio_region_count);
    if (m->compatible[0] == 0 && (m->irq_count || m->mmio_region_count || m->virtio_device_id))
        return refuse(why, why_size, "manifest asks for %llu IRQ and %llu MMIO region but names no device",
                      m->irq_count, m->mmio_region_count);
    if (m->heap_bytes > MICA_SERVER_HEAP_MAX)
        return refuse(why, why_size, "manifest asks for a heap of %llu bytes (at most %llu)",
                      m->heap_bytes, MICA_SERVER_HEAP_MAX);
    if (m->compatible[0] && plan_device(m, plan, why, why_size) < 0)
        return -1;
    if (m->heap_bytes) {
        info->heap_vaddr = MICA_SERVER_HEAP_VADDR;
        info->heap_bytes = pages_for(m->heap_bytes) * MICA_PAGE_SIZE;
    }
    info->dma_bytes = m->dma_bytes;
    return 0;
}

static void add_segment(struct spawn_request *req, struct spawn_segment seg)
{
    /* SPAWN_MAX_SEGMENTS counts the server's three grants. */
    req->segments[req->segment_count++] = seg;
}

void grants_apply(const struct grant_plan *plan, const struct mica_server_manifest *m,
                  struct spawn_request *req)
{
    const struct mica_server_info *info = &plan->info;
    add_segment(req, (struct spawn_segment){ .vaddr = MICA_SERVER_INFO_VADDR, .pages = 1,
                                             .rights = MICA_RIGHT_READ, .src = (const uint8_t *)info,
                                             .bytes = sizeof *info });
    if (info->mmio_vaddr) {
        uint64_t offset = info->device_phys % MICA_PAGE_SIZE;
        add_segment(req, (struct spawn_segment){ .vaddr = MICA_SERVER_MMIO_VADDR,
                                                 .pages = pages_for(offset + info->device_size),
                                                 .rights = RW,
                                                 .shared_frame = plan->device->desc->slot });
    }
    if (info->heap_bytes)
        add_segment(req, (struct spawn_segment){ .vaddr = info->heap_vaddr,
                                                 .pages = info->heap_bytes / MICA_PAGE_SIZE,
                                                 .rights = RW });
    req->service_endpoint = 1;
    req->irq_line = info->irq_line;
    req->dma_bytes = m->dma_bytes;
}
