/* init's table of the devices the kernel handed over (boot info), with what
 * the device tree and the device itself add (compatible list, register
 * layout, console, virtio device id), and which server holds each. */
#ifndef INIT_DEVICES_H
#define INIT_DEVICES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mica/abi/bootinfo.h>
#include <mica/ipc.h>
#include <mica/scheme.h>
#include <mica/server_manifest.h>

#include "dt_devices.h"

#define VIRTIO_MMIO_MAGIC 0x74726976u /* "virt" at offset 0 */
#define VIRTIO_MMIO_DEVICE_ID 8u      /* DeviceID register offset; 0 = empty slot */

struct device {
    const struct mica_device_desc *desc; /* in the boot info page */
    struct dt_device dt;
    uint32_t virtio_id;                  /* 0: not virtio-mmio, or an empty slot */
    uint64_t holder;                     /* pid of the server holding it, 0 = free */
    bool features_known;                 /* the holder reported what it negotiated */
    char features[MICA_DEVICE_FEATURES_TEXT_MAX]; /* its words for them, printable */
};

/* Reads the DTB copy and probes virtio-mmio slots; a broken DTB leaves only
 * the boot info's first compatible strings (logged once). */
void devices_init(const struct mica_bootinfo *bi);

unsigned devices_count(void);
struct device *devices_get(unsigned index);

/* A free device the manifest's match (compatible list, virtio device id)
 * selects, the console first; 0 and a one-line reason in why[] if none. */
struct device *devices_pick(const struct mica_server_manifest *m, char *why, size_t why_size);

/* The pid holding the console device (/chosen stdout-path), 0 if none. */
uint64_t devices_console_holder(void);

/* A driver's report, in its own words, of what it negotiated with the
 * device it holds (mica/scheme.h MICA_LABEL_DEVICE_FEATURES), checked and
 * stored for lsdev: 0, -ENOENT, -EPERM or -EINVAL. */
long devices_report_features(uint64_t pid, const struct ipc_msg *m);

/* Before a stopped server's memory is freed: carries out the quiesce step
 * its manifest names (mica/server_manifest.h) on every device it holds, so
 * requests still in flight cannot land in its pages or its clients' once
 * they go back to the allocator. Knows no device: the driver says which
 * register stops it. Call with the server suspended. */
void devices_quiesce(uint64_t pid, uint32_t quiesce);
/* Gives back every device pid holds (and forgets what it reported). */
void devices_release(uint64_t pid);

#endif
