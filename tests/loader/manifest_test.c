/* The manifest and entry point of the loader's test server images. */

#include <mica/server_manifest.h>

void test_entry(void);

MICA_SERVER_MANIFEST(.name = "loadertest", .version = MICA_VERSION(1, 2, 3),
                     .schemes = { "test.a", "test.b" }, .compatible = "mica,loader-test\0mica,second",
                     .virtio_device_id = 0, .irq_count = 1, .mmio_region_count = 2,
                     .dma_bytes = 8192, .heap_bytes = 65536, .stack_bytes = 16384,
                     .priority = 7, .entry = "test_entry");

void test_entry(void)
{
    for (;;)
        __asm__ volatile("wfi");
}
