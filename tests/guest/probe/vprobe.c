/* vprobe: a server image that asks for a virtio-mmio slot with a block
 * device behind it (virtio device id 2), its interrupt and a DMA quota, and
 * reads the device's identity through the registers init mapped for it. */
#include <stdint.h>

#include <mica/cap.h>
#include <mica/log.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>
#include <mica/virtio_blk_req.h>

#define DMA_BYTES 65536u

MICA_SERVER_MANIFEST(.name = "vprobe", .version = MICA_VERSION(1, 0, 0),
                     .compatible = "virtio,mmio", .virtio_device_id = VIRTIO_ID_BLOCK,
                     .irq_count = 1, .mmio_region_count = 1, .dma_bytes = DMA_BYTES,
                     .stack_bytes = 16384, .priority = 100, .entry = "vprobe_main");

int vprobe_main(uintptr_t arg);

int vprobe_main(uintptr_t arg)
{
    (void)arg;
    const struct mica_server_info *info = mica_server_info();
    const volatile uint32_t *regs = (const volatile uint32_t *)(uintptr_t)info->mmio_vaddr;
    struct ipc_cap_id irq = ipc_cap_identify(MICA_SERVER_SLOT_IRQ);
    ipc_log_info("virtio-mmio version %u device id %u at 0x%llx, interrupt handler %s, "
                 "DMA quota %ld bytes",
                 regs[1], regs[2], (unsigned long long)info->device_phys,
                 irq.type == MICA_CAP_IRQ_HANDLER ? "granted" : "missing",
                 mica_sys_quota_info(MICA_SERVER_SLOT_DMA_QUOTA));
    return 0;
}
