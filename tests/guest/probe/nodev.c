/* nodev: a server image whose manifest names a device no machine has; init
 * must refuse to start it, with one line saying so. */
#include <stdint.h>

#include <mica/server_manifest.h>

MICA_SERVER_MANIFEST(.name = "nodev", .version = MICA_VERSION(1, 0, 0),
                     .compatible = "mica,no-such-device", .irq_count = 1, .mmio_region_count = 1,
                     .stack_bytes = 16384, .priority = 100, .entry = "nodev_main");

int nodev_main(uintptr_t arg);

int nodev_main(uintptr_t arg)
{
    return (int)arg;
}
