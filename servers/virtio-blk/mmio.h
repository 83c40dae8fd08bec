/* The virtio-mmio (version 2, "modern") transport: register offsets, status
 * bits and the bring-up steps of virtio 1.x section 4.2, over the register
 * window init mapped for us. Nothing here knows about block devices. */
#ifndef VBLK_MMIO_H
#define VBLK_MMIO_H
#include <stdint.h>

/* Register offsets, virtio 1.x 4.2.2. */
#define VMMIO_MAGIC 0x000u
#define VMMIO_VERSION 0x004u
#define VMMIO_DEVICE_ID 0x008u
#define VMMIO_DEVICE_FEATURES 0x010u
#define VMMIO_DEVICE_FEATURES_SEL 0x014u
#define VMMIO_DRIVER_FEATURES 0x020u
#define VMMIO_DRIVER_FEATURES_SEL 0x024u
#define VMMIO_QUEUE_SEL 0x030u
#define VMMIO_QUEUE_NUM_MAX 0x034u
#define VMMIO_QUEUE_NUM 0x038u
#define VMMIO_QUEUE_READY 0x044u
#define VMMIO_QUEUE_NOTIFY 0x050u
#define VMMIO_INTERRUPT_STATUS 0x060u
#define VMMIO_INTERRUPT_ACK 0x064u
#define VMMIO_STATUS 0x070u
#define VMMIO_QUEUE_DESC_LOW 0x080u
#define VMMIO_QUEUE_DESC_HIGH 0x084u
#define VMMIO_QUEUE_DRIVER_LOW 0x090u
#define VMMIO_QUEUE_DRIVER_HIGH 0x094u
#define VMMIO_QUEUE_DEVICE_LOW 0x0a0u
#define VMMIO_QUEUE_DEVICE_HIGH 0x0a4u
#define VMMIO_CONFIG_GENERATION 0x0fcu
#define VMMIO_CONFIG 0x100u
#define VMMIO_WINDOW_BYTES 0x200u /* what we touch: registers plus the block config */

#define VMMIO_MAGIC_VALUE 0x74726976u /* "virt" */
#define VMMIO_MODERN_VERSION 2u

/* Device status bits, virtio 1.x 2.1. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* InterruptStatus bits, virtio 1.x 4.2.2. */
#define VMMIO_INT_USED_BUFFER 1u
#define VMMIO_INT_CONFIG_CHANGE 2u

struct vmmio {
    volatile uint32_t *regs;
};

/* Each returns 0 or writes one reason into *why and returns -1; on failure
 * the device is left with FAILED set (after the reset). */
int vmmio_probe(struct vmmio *t, uintptr_t base, uint32_t device_id, const char **why);
/* Reset, ACKNOWLEDGE, DRIVER, then offer wanted & device features; FEATURES_OK
 * must stick. *negotiated gets the accepted set, *offered what the device had. */
int vmmio_negotiate(struct vmmio *t, uint64_t wanted, uint64_t *offered, uint64_t *negotiated,
                    const char **why);
/* Largest size the device allows for queue `index` (0: the queue is absent). */
uint32_t vmmio_queue_max(struct vmmio *t, unsigned index);
int vmmio_queue_enable(struct vmmio *t, unsigned index, uint32_t size, uint64_t desc_phys,
                       uint64_t avail_phys, uint64_t used_phys, const char **why);
int vmmio_driver_ok(struct vmmio *t, const char **why);
void vmmio_fail(struct vmmio *t);
/* Status 0: the device drops its queues and stops using our memory.
 * 0, or -1 when Status does not read back 0 in time. */
int vmmio_reset(struct vmmio *t);

/* Device-specific configuration, read consistently under ConfigGeneration. */
uint32_t vmmio_config32(struct vmmio *t, unsigned offset);
uint64_t vmmio_config64(struct vmmio *t, unsigned offset);

void vmmio_notify(struct vmmio *t, unsigned queue);
/* Reads InterruptStatus and acknowledges those bits; returns them. */
uint32_t vmmio_interrupt_ack(struct vmmio *t);

#endif
