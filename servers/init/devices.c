/* The device table: boot-info records (the kernel's copy of each node's
 * compatible list, layout and console flag) and, for virtio-mmio slots, the
 * device behind the slot, read once at boot through a mapping of init's own. */
#include "devices.h"

#include <stdio.h>
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>

static struct device table[MICA_BOOTINFO_MAX_DEVICES];
static unsigned count;

static uint32_t virtio_device_id(const struct mica_device_desc *d)
{
    long copy, err;
    const volatile uint32_t *regs = ipc_frame_map_copy(d->slot, 1, MICA_RIGHT_READ, &copy, &err);
    if (!regs) {
        ipc_log_warn("cannot map virtio-mmio at 0x%llx: %ld", (unsigned long long)d->phys, err);
        return 0;
    }
    uint32_t id = regs[0] == VIRTIO_MMIO_MAGIC ? regs[VIRTIO_MMIO_DEVICE_ID / 4] : 0;
    ipc_frame_unmap((void *)(uintptr_t)regs, 1, copy);
    return id;
}

void devices_init(const struct mica_bootinfo *bi)
{
    count = bi->device_count < MICA_BOOTINFO_MAX_DEVICES ? bi->device_count
                                                         : MICA_BOOTINFO_MAX_DEVICES;
    for (unsigned i = 0; i < count; i++) {
        struct device *d = &table[i];
        d->desc = &bi->devices[i];
        dt_describe(d->desc, &d->dt);
        static const char virtio[] = "virtio,mmio";
        if (dt_compatible_match(virtio, sizeof virtio, d->dt.compatible, sizeof d->dt.compatible))
            d->virtio_id = virtio_device_id(d->desc);
    }
}

unsigned devices_count(void)
{
    return count;
}

struct device *devices_get(unsigned index)
{
    return index < count ? &table[index] : 0;
}

static int matches(const struct mica_server_manifest *m, const struct device *d)
{
    return dt_compatible_match(m->compatible, sizeof m->compatible, d->dt.compatible,
                               sizeof d->dt.compatible) &&
           (m->virtio_device_id == 0 || m->virtio_device_id == d->virtio_id);
}

/* "a", "b" for the log line. */
static void describe_match(const struct mica_server_manifest *m, char *out, size_t size)
{
    size_t used = 0;
    out[0] = 0;
    for (const char *s = dt_compatible_next(m->compatible, sizeof m->compatible, 0);
         s && used < size; s = dt_compatible_next(m->compatible, sizeof m->compatible, s))
        used += (size_t)snprintf(out + used, size - used, "%s\"%s\"", used ? ", " : "", s);
    if (m->virtio_device_id && used < size)
        snprintf(out + used, size - used, " with virtio device id %u", m->virtio_device_id);
}

struct device *devices_pick(const struct mica_server_manifest *m, char *why, size_t why_size)
{
    struct device *held = 0;
    for (int console_pass = 1; console_pass >= 0; console_pass--) {
        for (unsigned i = 0; i < count; i++) {
            struct device *d = &table[i];
            if ((int)d->dt.console != console_pass || !matches(m, d))
                continue;
            if (!d->holder)
                return d;
            held = d;
        }
    }
    char match[96];
    describe_match(m, match, sizeof match);
    if (held)
        snprintf(why, why_size, "every device matching %s is held (0x%llx by pid %llu)", match,
                 (unsigned long long)held->desc->phys, (unsigned long long)held->holder);
    else
        snprintf(why, why_size, "no device matches compatible %s", match);
    return 0;
}

/* The text in m: 1..MICA_DEVICE_FEATURES_TEXT_MAX-1 printable bytes. */
static long decode_features(const struct ipc_msg *m, char out[MICA_DEVICE_FEATURES_TEXT_MAX])
{
    return ipc_msg_text(m, MICA_MSG_REG_WORDS, m->w[MICA_DEVICE_FEATURES_W_LENGTH], out,
                        MICA_DEVICE_FEATURES_TEXT_MAX);
}

long devices_report_features(uint64_t pid, const struct ipc_msg *m)
{
    uint64_t phys = m->w[MICA_DEVICE_FEATURES_W_PHYS];
    struct device *d = 0;
    for (unsigned i = 0; i < count && !d; i++)
        if (table[i].desc->phys == phys)
            d = &table[i];
    char text[MICA_DEVICE_FEATURES_TEXT_MAX];
    long status = 0;
    if (!d)
        status = -MICA_ENOENT;
    else if (d->holder != pid)
        status = -MICA_EPERM;
    else
        status = decode_features(m, text);
    if (status < 0) {
        ipc_log_warn("features for 0x%llx from pid %llu refused: %s", (unsigned long long)phys,
                     (unsigned long long)pid, mica_errno_name((int)status));
        return status;
    }
    memcpy(d->features, text, sizeof text);
    d->features_known = true;
    return 0;
}

/* A reset QEMU finishes at once; a real device gets this many reads. */
#define QUIESCE_SPINS 1000000u

static void quiesce(const struct device *d, uint32_t how)
{
    long copy, err;
    volatile uint32_t *regs =
        ipc_frame_map_copy(d->desc->slot, 1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &copy, &err);
    if (!regs) {
        ipc_log_warn("cannot map the registers at 0x%llx to quiesce them: %ld",
                     (unsigned long long)d->desc->phys, err);
        return;
    }
    unsigned offset = MICA_QUIESCE_OFFSET(how);
    regs[offset / 4] = 0;
    unsigned spins = 0;
    while (regs[offset / 4] != 0 && ++spins < QUIESCE_SPINS)
        ;
    ipc_frame_unmap((void *)(uintptr_t)regs, 1, copy);
    if (spins == QUIESCE_SPINS)
        ipc_log_warn("device at 0x%llx does not read back 0 at +0x%x", (unsigned long long)d->desc->phys,
                     offset);
    else
        ipc_log_info("quiesced 0x%llx held by pid %llu (0 written at +0x%x)",
                     (unsigned long long)d->desc->phys, (unsigned long long)d->holder, offset);
}

void devices_quiesce(uint64_t pid, uint32_t how)
{
    if (!(how & MICA_QUIESCE_WRITE_ZERO_FLAG))
        return; /* the loader let no other step through */
    for (unsigned i = 0; i < count; i++)
        if (table[i].holder == pid)
            quiesce(&table[i], how);
}

void devices_release(uint64_t pid)
{
    for (unsigned i = 0; i < count; i++)
        if (table[i].holder == pid) {
            table[i].holder = 0;
            table[i].features_known = false;
            memset(table[i].features, 0, sizeof table[i].features);
        }
}

uint64_t devices_console_holder(void)
{
    for (unsigned i = 0; i < count; i++)
        if (table[i].dt.console)
            return table[i].holder;
    return 0;
}
