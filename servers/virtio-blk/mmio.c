/* virtio-mmio bring-up and register access. MMIO stores that tell the device
 * to look at memory are preceded by `fence w,o`, so ring writes are visible
 * before the device is told about them. */
#include "mmio.h"

/* A reset QEMU finishes at once; a real device gets this many status reads. */
#define VMMIO_RESET_SPINS 1000000u

static uint32_t rd(struct vmmio *t, unsigned off)
{
    return t->regs[off / 4u];
}

static void wr(struct vmmio *t, unsigned off, uint32_t v)
{
    t->regs[off / 4u] = v;
}

static void set_status(struct vmmio *t, uint32_t bits)
{
    wr(t, VMMIO_STATUS, rd(t, VMMIO_STATUS) | bits);
}

static int fail(struct vmmio *t, const char **why, const char *what)
{
    vmmio_fail(t);
    *why = what;
    return -1;
}

void vmmio_fail(struct vmmio *t)
{
    set_status(t, VIRTIO_STATUS_FAILED);
}

int vmmio_probe(struct vmmio *t, uintptr_t base, uint32_t device_id, const char **why)
{
    t->regs = (volatile uint32_t *)base;
    /* Not ours to mark FAILED yet: a wrong device is only reported. */
    if (rd(t, VMMIO_MAGIC) != VMMIO_MAGIC_VALUE)
        return *why = "no virtio-mmio magic value", -1;
    if (rd(t, VMMIO_VERSION) != VMMIO_MODERN_VERSION)
        return *why = "virtio-mmio version is not 2 (legacy device?)", -1;
    if (rd(t, VMMIO_DEVICE_ID) != device_id)
        return *why = "device id is not a block device", -1;
    return 0;
}

int vmmio_reset(struct vmmio *t)
{
    wr(t, VMMIO_STATUS, 0); /* reads back 0 once done (4.2.3.1) */
    for (unsigned spins = 0; rd(t, VMMIO_STATUS) != 0;)
        if (++spins == VMMIO_RESET_SPINS)
            return -1;
    return 0;
}

int vmmio_negotiate(struct vmmio *t, uint64_t wanted, uint64_t *offered, uint64_t *negotiated,
                    const char **why)
{
    if (vmmio_reset(t) < 0)
        return *why = "device does not finish its reset (Status stays non-zero)", -1;
    set_status(t, VIRTIO_STATUS_ACKNOWLEDGE);
    set_status(t, VIRTIO_STATUS_DRIVER);
    uint64_t dev = 0;
    for (uint32_t sel = 0; sel < 2; sel++) {
        wr(t, VMMIO_DEVICE_FEATURES_SEL, sel);
        dev |= (uint64_t)rd(t, VMMIO_DEVICE_FEATURES) << (32u * sel);
    }
    *offered = dev;
    uint64_t accept = dev & wanted;
    for (uint32_t sel = 0; sel < 2; sel++) {
        wr(t, VMMIO_DRIVER_FEATURES_SEL, sel);
        wr(t, VMMIO_DRIVER_FEATURES, (uint32_t)(accept >> (32u * sel)));
    }
    set_status(t, VIRTIO_STATUS_FEATURES_OK);
    if (!(rd(t, VMMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        return fail(t, why, "device refused the negotiated features (FEATURES_OK not kept)");
    *negotiated = accept;
    return 0;
}

uint32_t vmmio_queue_max(struct vmmio *t, unsigned index)
{
    wr(t, VMMIO_QUEUE_SEL, index);
    if (rd(t, VMMIO_QUEUE_READY) != 0)
        return 0; /* already live: we just reset, so the device is confused */
    return rd(t, VMMIO_QUEUE_NUM_MAX);
}

int vmmio_queue_enable(struct vmmio *t, unsigned index, uint32_t size, uint64_t desc_phys,
                       uint64_t avail_phys, uint64_t used_phys, const char **why)
{
    wr(t, VMMIO_QUEUE_SEL, index);
    wr(t, VMMIO_QUEUE_NUM, size);
    wr(t, VMMIO_QUEUE_DESC_LOW, (uint32_t)desc_phys);
    wr(t, VMMIO_QUEUE_DESC_HIGH, (uint32_t)(desc_phys >> 32));
    wr(t, VMMIO_QUEUE_DRIVER_LOW, (uint32_t)avail_phys);
    wr(t, VMMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail_phys >> 32));
    wr(t, VMMIO_QUEUE_DEVICE_LOW, (uint32_t)used_phys);
    wr(t, VMMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used_phys >> 32));
    __asm__ volatile("fence w,o" ::: "memory"); /* the zeroed rings before QueueReady */
    wr(t, VMMIO_QUEUE_READY, 1);
    if (rd(t, VMMIO_QUEUE_READY) != 1)
        return fail(t, why, "device did not accept queue 0 (QueueReady stays 0)");
    return 0;
}

int vmmio_driver_ok(struct vmmio *t, const char **why)
{
    set_status(t, VIRTIO_STATUS_DRIVER_OK);
    uint32_t s = rd(t, VMMIO_STATUS);
    if (s & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED))
        return fail(t, why, "device reports DEVICE_NEEDS_RESET after DRIVER_OK");
    return 0;
}

uint32_t vmmio_config32(struct vmmio *t, unsigned offset)
{
    uint32_t gen, v;
    do {
        gen = rd(t, VMMIO_CONFIG_GENERATION);
        v = rd(t, VMMIO_CONFIG + offset);
    } while (gen != rd(t, VMMIO_CONFIG_GENERATION));
    return v;
}

uint64_t vmmio_config64(struct vmmio *t, unsigned offset)
{
    uint32_t gen, lo, hi;
    /* Two 32-bit reads may straddle a config change: retry on a new generation. */
    do {
        gen = rd(t, VMMIO_CONFIG_GENERATION);
        lo = rd(t, VMMIO_CONFIG + offset);
        hi = rd(t, VMMIO_CONFIG + offset + 4u);
    } while (gen != rd(t, VMMIO_CONFIG_GENERATION));
    return (uint64_t)hi << 32 | lo;
}

void vmmio_notify(struct vmmio *t, unsigned queue)
{
    __asm__ volatile("fence w,o" ::: "memory");
    wr(t, VMMIO_QUEUE_NOTIFY, queue);
}

uint32_t vmmio_interrupt_ack(struct vmmio *t)
{
    uint32_t bits = rd(t, VMMIO_INTERRUPT_STATUS);
    if (bits)
        wr(t, VMMIO_INTERRUPT_ACK, bits);
    return bits;
}
